import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withManifest } from "../generator/write/manifest.js";
import { findSideFolders, recoverInterruptedWrite } from "../generator/write/output-recovery.js";
import { writeTreeAtomically } from "../generator/write/output-tree.js";
import { put, snapshot, tcgenOutput } from "./support/folders.js";
import { removeDir, tempDir } from "./support/run.js";

/**
 * Kills the writer after each of its file system changes in turn: from that change on every
 * further one fails, as if the process had died (so its own clean-up cannot run either). After
 * the next run's recovery, the output must be exactly the previous tree or exactly the new one,
 * with node_modules and dist intact, and nothing left beside it.
 */
const kill = vi.hoisted(() => ({ at: Number.POSITIVE_INFINITY, count: 0 }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const mortal =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      ++kill.count >= kill.at ? Promise.reject(Object.assign(new Error("killed"), { code: "EKILLED" })) : f(...args);
  const changes = { rm: mortal(real.rm), mkdir: mortal(real.mkdir), writeFile: mortal(real.writeFile), rename: mortal(real.rename), link: mortal(real.link), copyFile: mortal(real.copyFile) };
  return { ...real, ...changes, default: { ...real, ...changes } };
});

let root = "";
beforeAll(async () => {
  root = await tempDir("kill");
});
afterAll(() => removeDir(root));

const OLD = { "src/a.ts": "old a\n", "src/gone.ts": "only in the old tree\n", "package.json": "{}\n" };
const NEW = withManifest([
  { path: "src/a.ts", contents: "new a\n" },
  { path: "src/added/b.ts", contents: "new b\n" },
  { path: "package.json", contents: "{}\n" },
]);
const PRESERVED_FILES = { "node_modules/x/index.js": "dep\n", "dist/index.js": "built\n" };

async function previousOutput(out: string): Promise<void> {
  await tcgenOutput(out, OLD);
  await put(out, PRESERVED_FILES);
}

/** Runs the writer, dying at its `at`-th file system change; returns how many changes it made. */
async function writeDyingAt(out: string, at: number, unchanged: ReadonlySet<string>): Promise<number> {
  kill.count = 0;
  kill.at = at;
  try {
    // A file without contents is one the previous output holds: it is linked, not written.
    await writeTreeAtomically(out, NEW.map((f) => (unchanged.has(f.path) ? { path: f.path, sha256: "" } : f)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EKILLED") throw error;
  } finally {
    kill.at = Number.POSITIVE_INFINITY;
  }
  return kill.count;
}

describe("a write killed at any point", () => {
  // The second writes incrementally: package.json is the same in both trees, so it is hard-linked.
  it.each([
    ["writing every file", new Set<string>()],
    ["linking unchanged files", new Set(["package.json"])],
  ])("leaves, after recovery, exactly the previous output or exactly the new one (%s)", async (name, unchanged) => {
    const base = path.join(root, name.replace(/ /g, "-"));
    const reference = path.join(base, "reference");
    await previousOutput(path.join(reference, "old"));
    const oldTree = await snapshot(path.join(reference, "old"));
    await previousOutput(path.join(reference, "new"));
    const changes = await writeDyingAt(path.join(reference, "new"), Number.POSITIVE_INFINITY, unchanged);
    const newTree = await snapshot(path.join(reference, "new"));
    expect(newTree).not.toEqual(oldTree);
    expect(changes).toBeGreaterThan(5);

    const outcomes = new Set<string>();
    for (let at = 1; at <= changes; at++) {
      const dir = path.join(base, `kill-${at}`);
      await mkdir(dir);
      const out = path.join(dir, "out");
      await previousOutput(out);
      await writeDyingAt(out, at, unchanged);
      const recovery = await recoverInterruptedWrite(out);
      expect(recovery.ok, `killed at change ${at}`).toBe(true);
      const tree = await snapshot(out);
      expect([oldTree, newTree], `killed at change ${at}`).toContainEqual(tree);
      expect(await findSideFolders(out), `killed at change ${at}`).toEqual([]);
      outcomes.add(JSON.stringify(tree) === JSON.stringify(oldTree) ? "old" : "new");
    }
    // Early deaths keep the old tree, late ones the new: both paths were exercised.
    expect([...outcomes].sort()).toEqual(["new", "old"]);
  });
});
