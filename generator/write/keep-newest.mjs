// Prunes one kind of cache file in a folder. Plain JavaScript, like write-whole.mjs: the type-check
// workers prune V8's code caches of TypeScript, the main thread its other caches (load/cache-dir.ts).
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Leaves `keep` files of `dir` named like `name` (only tcgen's own kinds of cache file): `current`
 * and the newest others, removing the rest. A cache only: what cannot be removed stays.
 */
export function keepNewest(dir, name, keep, current) {
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
