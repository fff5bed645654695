import { randomUUID } from "node:crypto";
import { readdirSync, rmSync, statSync } from "node:fs";
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

/**
 * Leaves `keep` files of `dir` named like `name` (only tcgen's own kinds of cache file): `current`
 * and the newest others, removing the rest. A cache only: what cannot be removed stays.
 */
export function keepNewest(dir: string, name: RegExp, keep: number, current: string): void {
  try {
    const others = readdirSync(dir)
      .filter((entry) => name.test(entry) && entry !== path.basename(current))
      .map((entry) => ({ entry, at: statSync(path.join(dir, entry), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.at - a.at);
    for (const { entry } of others.slice(keep - 1)) rmSync(path.join(dir, entry), { force: true });
  } catch {
    // Old files left: only space.
  }
}
