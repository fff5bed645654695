import type { Dirent } from "node:fs";
import { lstat, readdir, readlink, stat } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";
import type { Diagnostic } from "../diagnostics.js";
import { fsReason } from "./fs-reason.js";
import { MAX_FILES } from "./limits.js";

const SPEC_NAME = /\.ya?ml$/;

export interface Listing {
  /** Spec files relative to the root, `/`-separated, sorted by byte order. */
  files: string[];
  /** Entries that could not be listed or are not allowed (links, FIFOs, unreadable folders). */
  diagnostics: Diagnostic[];
  /** Entries named like spec files that were refused (links, FIFOs): they exist but are unusable. */
  refused: string[];
}

/**
 * Lists every `.yaml`/`.yml` file below `root`. Symbolic links are never followed: a spec folder
 * must be self-contained so that the output depends on it alone, and refusing links also rules out
 * loops and dangling links. A link that would have been read (a spec name, or a folder) is
 * reported; other links are ignored like any other non-spec file.
 */
export async function listSpecFiles(root: string, maxFiles = MAX_FILES): Promise<Listing> {
  const listing: Listing = { files: [], diagnostics: [], refused: [] };
  const report = (file: string, message: string) => {
    listing.diagnostics.push({ file, path: [], line: 1, col: 1, message });
    if (SPEC_NAME.test(file)) listing.refused.push(file);
  };
  let full = false;
  async function walk(relDir: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, relDir), { withFileTypes: true });
    } catch (error) {
      report(relDir, `cannot list this folder: ${fsReason(error)}`);
      return;
    }
    // Sorted so that which files fall past MAX_FILES does not depend on the file system.
    for (const entry of entries.sort((a, b) => compareBytes(a.name, b.name))) {
      if (full) return;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (await undecodableName(path.join(root, rel))) {
        report(rel, "this name is not valid UTF-8, so tcgen cannot open it; rename it");
      } else if (entry.isSymbolicLink()) {
        const problem = await linkProblem(path.join(root, rel), entry.name);
        if (problem) report(rel, problem);
      } else if (entry.isDirectory()) {
        await walk(rel);
      } else if (SPEC_NAME.test(entry.name)) {
        if (!entry.isFile()) report(rel, `not a regular file (${kindOf(entry)}); a spec file must be a plain file`);
        else if (listing.files.length < maxFiles) listing.files.push(rel);
        else {
          report(rel, `more than ${maxFiles} spec files; tcgen reads at most ${maxFiles} (this one and the rest are skipped)`);
          full = true;
        }
      }
    }
  }
  await walk("");
  listing.files.sort(compareBytes);
  return listing;
}

async function linkProblem(full: string, name: string): Promise<string | undefined> {
  const target = await stat(full).then(
    (info) => (info.isDirectory() ? "folder" : "file"),
    (error: unknown) => fsReason(error),
  );
  if (!SPEC_NAME.test(name) && target !== "folder") return undefined;
  const to = await readlink(full).catch(() => "?");
  const state = target === "folder" || target === "file" ? `a ${target}` : `broken: ${target}`;
  return `symbolic link to ${JSON.stringify(to)} (${state}): tcgen does not follow links, so that the output depends on the spec folder alone; copy the ${target === "folder" ? "folder" : "file"} instead`;
}

/**
 * Node decodes names that are not UTF-8 with U+FFFD, and such a name then opens nothing. A name
 * that really contains U+FFFD still exists under it.
 */
async function undecodableName(full: string): Promise<boolean> {
  if (!path.basename(full).includes("\uFFFD")) return false;
  return lstat(full).then(
    () => false,
    () => true,
  );
}

function kindOf(entry: Dirent): string {
  if (entry.isFIFO()) return "a named pipe";
  if (entry.isSocket()) return "a socket";
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return "a device";
  return "not a plain file";
}
