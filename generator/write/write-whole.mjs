// Writes a cache file whole or not at all, synchronously: the type-check workers', the kept
// templates' (render/compiled-templates.ts) and the record of output files
// (pipeline/known-hashes.ts). Plain JavaScript, like the workers (the main thread's asynchronous
// `writeAtomically` is in load/cache-dir.ts).
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";

/**
 * Writes `file` through a temporary file and a rename, so another run reading it meanwhile sees
 * the old file or the new one, never half of one. `data` is called only once the temporary file
 * could be created: what it costs is not paid where nothing can be written. A cache only, so
 * failing is fine: false, and nothing left behind (unless the thread is ended between the two).
 */
export function writeWhole(file, data) {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  let fd;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(temporary, "wx");
    const bytes = data();
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    const written = fd;
    fd = undefined;
    closeSync(written);
    renameSync(temporary, file);
    return true;
  } catch {
    quietly(() => fd !== undefined && closeSync(fd));
    // Throws when its folder is not one (a file where the cache folder should be): nothing to remove then.
    quietly(() => rmSync(temporary, { force: true }));
    return false;
  }
}

function quietly(action) {
  try {
    action();
  } catch {
    // A cache only: what cannot be cleaned up is left.
  }
}
