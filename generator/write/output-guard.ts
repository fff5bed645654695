import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";
import { editedOnDisk, MANIFEST_FILE, readManifest, type Manifest } from "./manifest.js";
import { exists, PRESERVED } from "./output-tree.js";

/** Where tcgen is asked to write, and the folders it must never replace. */
export interface OutputTarget {
  outDir: string;
  specRoot: string;
  /** The current folder: neither it nor the repository holding it may be replaced. */
  cwd: string;
  /** tcgen's own installation (templates, schema). */
  toolRoot: string;
  /**
   * Which of tcgen's files to hash for `edited`: all when absent. Hashing reads every file (over a
   * gigabyte for the whole catalogue), so callers that need none, or a few, say so.
   */
  editedAmong?: ReadonlySet<string>;
}

export type GuardResult =
  | { ok: true; fresh: boolean; edited: string[] }
  | { ok: false; reason: string; entries: string[] };

/**
 * Decides whether `generate` may replace `outDir`. Allowed: a folder that does not exist, an empty
 * one (PRESERVED entries aside), or one whose every file tcgen's manifest lists. Refused: the spec
 * folder, anything inside or above it, a repository root or a folder holding one, the current
 * folder or one above it, a symbolic link, a file, and any folder with entries tcgen did not write
 * (they are listed). Reads only; deletes nothing.
 */
export async function guardOutputFolder(target: OutputTarget): Promise<GuardResult> {
  const outDir = path.resolve(target.outDir);
  const real = await realPathOf(outDir);
  const placement = await placementProblem(real, target);
  const link = (await exists(outDir)) && (await lstat(outDir)).isSymbolicLink();
  if (link) return refuse(`it is a symbolic link (to ${real})${placement ? `, and ${placement}` : ""}; tcgen replaces the folder it writes, so give the folder itself`);
  if (placement) return refuse(placement);
  if (!(await exists(outDir))) {
    const file = await fileAbove(outDir);
    return file ? refuse(`${file} is a file, so the folder cannot be made`) : { ok: true, fresh: true, edited: [] };
  }
  if (!(await lstat(outDir)).isDirectory()) return refuse("it is a file, not a folder");
  return contentsProblem(outDir, target.editedAmong);
}

function refuse(reason: string, entries: string[] = []): GuardResult {
  return { ok: false, reason, entries };
}

/** Where the folder sits: the spec, repositories, the current folder and tcgen itself are off limits. */
async function placementProblem(out: string, target: OutputTarget): Promise<string | undefined> {
  const spec = await realPathOf(path.resolve(target.specRoot));
  if (out === spec) return "it is the spec folder";
  if (isInside(out, spec)) return `it is inside the spec folder (${spec})`;
  if (isInside(spec, out)) return `it holds the spec folder (${spec})`;
  const cwd = await realPathOf(path.resolve(target.cwd));
  const repo = await repositoryRoot(cwd);
  if (repo && out === repo) return "it is the root of a repository (it has .git)";
  if (repo && isInside(repo, out)) return `it holds the repository at ${repo}`;
  if (isInside(cwd, out)) return `it holds the current folder (${cwd})`;
  const tool = await realPathOf(target.toolRoot);
  if (isInside(tool, out)) return `it holds tcgen itself (${tool})`;
  if (await exists(path.join(out, ".git"))) return "it is the root of a repository (it has .git)";
  return undefined;
}

/** What is in the folder: every entry must be tcgen's (listed in its manifest) or PRESERVED. */
async function contentsProblem(outDir: string, editedAmong: ReadonlySet<string> | undefined): Promise<GuardResult> {
  const read = await readManifest(outDir);
  if (read.kind === "invalid") return refuse(`its ${MANIFEST_FILE} is not one tcgen wrote: ${read.problem}`);
  if (read.kind === "absent") {
    // Without a manifest nothing in the folder is tcgen's: list the top level only (it may be huge).
    const foreign = (await readdir(outDir)).filter((name) => !PRESERVED.has(name)).sort(compareBytes);
    if (foreign.length === 0) return { ok: true, fresh: false, edited: [] };
    return refuse(`it is not empty and has no ${MANIFEST_FILE}, so tcgen did not write it`, foreign);
  }
  const scan = await scanFolder(outDir);
  if (scan.repositories.length) return refuse(`it holds a repository (${scan.repositories.join(", ")})`);
  const foreign = foreignEntries(scan, read.manifest);
  if (foreign.length) return refuse(`it holds entries tcgen did not write (they are not in its ${MANIFEST_FILE})`, foreign);
  return { ok: true, fresh: false, edited: await editedOnDisk(outDir, read.manifest, editedAmong) };
}

/** Everything in a folder, links not followed; PRESERVED top-level entries are left out. */
export interface FolderScan {
  files: string[];
  links: string[];
  /** Sockets, pipes, devices. */
  others: string[];
  emptyFolders: string[];
  /** Paths of `.git` entries. */
  repositories: string[];
}

export async function scanFolder(root: string): Promise<FolderScan> {
  const scan: FolderScan = { files: [], links: [], others: [], emptyFolders: [], repositories: [] };
  async function walk(dir: string, rel: string): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareBytes(a.name, b.name));
    if (entries.length === 0 && rel) scan.emptyFolders.push(`${rel}/`);
    for (const entry of entries) {
      if (rel === "" && PRESERVED.has(entry.name)) continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === ".git") scan.repositories.push(relPath);
      else if (entry.isSymbolicLink()) scan.links.push(relPath);
      else if (entry.isDirectory()) await walk(path.join(dir, entry.name), relPath);
      else if (entry.isFile()) scan.files.push(relPath);
      else scan.others.push(relPath);
    }
  }
  await walk(root, "");
  return scan;
}

/** Entries the manifest does not account for; tcgen writes only regular files, never links. */
export function foreignEntries(scan: FolderScan, manifest: Manifest): string[] {
  const own = new Set([MANIFEST_FILE, ...Object.keys(manifest.files)]);
  return [
    ...scan.files.filter((f) => !own.has(f)),
    ...scan.links.map((l) => `${l} (symbolic link)`),
    ...scan.others.map((o) => `${o} (not a regular file)`),
    ...scan.emptyFolders.map((d) => `${d} (empty folder)`),
  ].sort(compareBytes);
}

/** The real path of `p`, also when `p` (or its tail) does not exist yet. */
export async function realPathOf(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
    const parent = path.dirname(p);
    return parent === p ? p : path.join(await realPathOf(parent), path.basename(p));
  }
}

/** The nearest existing path above `dir`, when it is not a folder. */
async function fileAbove(dir: string): Promise<string | undefined> {
  let current = path.dirname(dir);
  while (!(await exists(current)) && path.dirname(current) !== current) current = path.dirname(current);
  return (await lstat(current)).isDirectory() ? undefined : current;
}

/** The nearest folder at or above `dir` that has a `.git`. */
async function repositoryRoot(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await exists(path.join(current, ".git"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** Whether `inner` is `outer` or below it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (rel.split(path.sep)[0] !== ".." && !path.isAbsolute(rel));
}
