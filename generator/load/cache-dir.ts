import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { TCGEN_ROOT } from "../paths.js";

/**
 * Where tcgen keeps what it can compute again (the compiled CLI, parse results, ajv's compiled
 * schema check): its own `node_modules/.cache/tcgen/`, never the user's folders.
 */
export const CACHE_DIR = path.join(TCGEN_ROOT, "node_modules", ".cache", "tcgen");

/**
 * Writes `file` whole or not at all: a reader (another run) never sees half of it. `text` may come
 * in pieces, written as they come: a large file then never stands whole in memory.
 */
export async function writeAtomically(file: string, text: string | Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

export { keepNewest } from "../write/keep-newest.mjs";
