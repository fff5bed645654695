import { copyFile, link, lstat, mkdir, readdir, readFile, readlink, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";
import type { OutputFile } from "../render/handlebars.js";
import { FILES_IN_FLIGHT } from "./manifest.js";
import { mapBounded } from "./worker-pool.js";

/**
 * Entries at the top of the output folder that belong to the package's users, not to tcgen
 * (installed dependencies, build output): kept across generations and ignored by `check`.
 */
export const PRESERVED = new Set(["node_modules", "dist"]);

/**
 * Stands in for the contents of a symbolic link in a tree read from disk. tcgen never writes links
 * and generated text never holds a NUL, so a link never equals a generated file; it is reported,
 * never followed.
 */
const SYMLINK_MARK = "\0symbolic link to ";

/** Reads every file currently on disk, as posix paths relative to `outDir`; links are not followed. */
export async function readTree(outDir: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  async function walk(dir: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      if (rel === "" && PRESERVED.has(entry.name)) continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) tree.set(relPath, SYMLINK_MARK + (await readlink(full)));
      else if (entry.isDirectory()) await walk(full, relPath);
      else if (entry.isFile()) tree.set(relPath, await readFile(full, "utf8"));
    }
  }
  await walk(outDir, "");
  return tree;
}

export interface TreeDifference {
  changed: string[];
  missing: string[];
  unexpected: string[];
}

/** What differs between the files tcgen would write and the files on disk. */
export function diffTree(expected: OutputFile[], actual: Map<string, string>): TreeDifference {
  const want = new Map(expected.map((f) => [f.path, f.contents]));
  const changed = [...want].filter(([p, c]) => actual.has(p) && actual.get(p) !== c).map(([p]) => p);
  const missing = [...want.keys()].filter((p) => !actual.has(p));
  const unexpected = [...actual.keys()].filter((p) => !want.has(p));
  return { changed: changed.sort(compareBytes), missing: missing.sort(compareBytes), unexpected: unexpected.sort(compareBytes) };
}

export function isSame(diff: TreeDifference): boolean {
  return diff.changed.length + diff.missing.length + diff.unexpected.length === 0;
}

/** The folders a write of `outDir` by process `pid` uses beside it (same parent, so renames are atomic). */
export function sideFolders(outDir: string, pid: number = process.pid): { staging: string; backup: string; trash: string } {
  const parent = path.dirname(path.resolve(outDir));
  const base = path.basename(path.resolve(outDir));
  const side = (kind: string) => path.join(parent, `.${base}.tcgen-${kind}-${pid}`);
  return { staging: side("staging"), backup: side("previous"), trash: side("trash") };
}

/**
 * Replaces `outDir` with exactly `files`. The tree is written beside it first, then swapped in with
 * two renames; PRESERVED entries move over from the previous tree afterwards. Killed at any point,
 * the previous output is either still in place or complete in the backup folder, which
 * `recoverInterruptedWrite` (output-recovery.ts) puts back on the next run; a trash folder is a
 * backup already emptied of PRESERVED entries, only ever deleted. A file without `contents` is
 * one `outDir` already holds with the right bytes (the caller checked them against the manifest). The caller must have
 * checked the folder with `guardOutputFolder` first: everything in it but PRESERVED is deleted.
 */
export async function writeTreeAtomically(outDir: string, files: readonly (OutputFile | PlannedFile)[]): Promise<void> {
  const { staging, backup, trash } = sideFolders(outDir);
  // Files a `stagingSink` wrote are there already; anything else the folder holds is stale.
  if (!files.some((f) => "staged" in f && f.staged)) await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    const pending = files.filter((f) => !("staged" in f && f.staged));
    const folders = [...new Set(pending.map((f) => path.dirname(path.join(staging, ...f.path.split("/")))))].sort(compareBytes);
    for (const folder of folders) await mkdir(folder, { recursive: true });
    // Many in flight: one at a time, linking the whole catalogue's 119,000 files took 20 seconds.
    await mapBounded(pending, FILES_IN_FLIGHT, async (file) => {
      const target = path.join(staging, ...file.path.split("/"));
      if (file.contents !== undefined) await writeFile(target, file.contents);
      else await linkOrCopy(path.join(outDir, ...file.path.split("/")), target);
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = await exists(outDir);
  if (hadPrevious) await rename(outDir, backup);
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(backup, outDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (!hadPrevious) return;
  await movePreserved(backup, outDir);
  // Renamed before deleting: a half-deleted backup must not look like a previous output to restore.
  await rename(backup, trash);
  await rm(trash, { recursive: true, force: true });
}

/**
 * A file the output to write has in common with the previous one (sha256 known, no contents in
 * memory): hard-linked from it into the staging folder, so an edit to one action writes only what
 * it changed. The previous tree is never modified, so a killed run still leaves it intact.
 */
export interface PlannedFile {
  path: string;
  sha256: string;
  contents?: string;
  /** Written to the staging folder already, by a `stagingSink`. */
  staged?: boolean;
}

/** A file finished in a run (formatted, hashed), before it goes to the sink. */
export interface FinishedFile {
  path: string;
  contents: string;
  sha256: string;
}

/**
 * Where finished files go, product by product, so a run never holds the whole output: kept in
 * memory (tests), written to the staging folder (`generate`), or only hashed (`check`).
 */
export interface OutputSink {
  put(file: FinishedFile): Promise<PlannedFile>;
}

/**
 * Writes each finished file into the staging folder of `outDir` as it comes, for
 * `writeTreeAtomically` to swap in; `discard` removes the folder when nothing is to be written.
 * The folder only ever holds files tcgen rendered, so a killed run's is simply deleted
 * (output-recovery.ts).
 */
export function stagingSink(outDir: string): OutputSink & { discard(): Promise<void> } {
  const { staging } = sideFolders(outDir);
  const folders = new Set<string>();
  let ready: Promise<unknown> | undefined;
  return {
    async put(file) {
      await (ready ??= rm(staging, { recursive: true, force: true }).then(() => mkdir(staging, { recursive: true })));
      const target = path.join(staging, ...file.path.split("/"));
      const folder = path.dirname(target);
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        folders.add(folder);
      }
      await writeFile(target, file.contents);
      return { path: file.path, sha256: file.sha256, staged: true };
    },
    async discard() {
      await ready?.catch(() => undefined);
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** A hard link where the file system allows one, a copy elsewhere. */
async function linkOrCopy(existing: string, target: string): Promise<void> {
  try {
    await link(existing, target);
  } catch {
    await copyFile(existing, target);
  }
}

/** Moves each PRESERVED entry of `from` into `to`, unless `to` already has one of that name. */
export async function movePreserved(from: string, to: string): Promise<void> {
  for (const name of [...PRESERVED].sort(compareBytes)) {
    if ((await exists(path.join(from, name))) && !(await exists(path.join(to, name)))) await rename(path.join(from, name), path.join(to, name));
  }
}


/** Whether anything (a dangling link included) is at `p`. */
export async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
}
