import { access, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { OutputFile } from "../render/handlebars.js";

/**
 * Entries at the top of the output folder that belong to the package's users, not to tcgen
 * (installed dependencies, build output): kept across generations and ignored by `check`.
 */
export const PRESERVED = new Set(["node_modules", "dist"]);

/** Reads every generated file currently on disk, as posix paths relative to `outDir`. */
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
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relPath);
      else tree.set(relPath, await readFile(path.join(dir, entry.name), "utf8"));
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
  return { changed: changed.sort(), missing: missing.sort(), unexpected: unexpected.sort() };
}

export function isSame(diff: TreeDifference): boolean {
  return diff.changed.length + diff.missing.length + diff.unexpected.length === 0;
}

/**
 * Replaces `outDir` with exactly `files`: the tree is written beside it first, then swapped in with
 * renames, so a failure leaves the previous output intact. PRESERVED entries move across.
 */
export async function writeTreeAtomically(outDir: string, files: OutputFile[]): Promise<void> {
  const parent = path.dirname(path.resolve(outDir));
  const base = path.basename(path.resolve(outDir));
  const staging = path.join(parent, `.${base}.tcgen-staging-${process.pid}`);
  const backup = path.join(parent, `.${base}.tcgen-previous-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    for (const file of files) {
      const target = path.join(staging, ...file.path.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.contents);
    }
    await mkdir(staging, { recursive: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = await exists(outDir);
  if (hadPrevious) {
    for (const name of PRESERVED) if (await exists(path.join(outDir, name))) await rename(path.join(outDir, name), path.join(staging, name));
    await rename(outDir, backup);
  }
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) {
      await rename(backup, outDir);
      for (const name of PRESERVED)
        if (await exists(path.join(staging, name))) await rename(path.join(staging, name), path.join(outDir, name));
    }
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) await rm(backup, { recursive: true, force: true });
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
