import { mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withManifest } from "../generator/write/manifest.js";
import { findSideFolders, recoverInterruptedWrite } from "../generator/write/output-recovery.js";
import { sideFolders, writeTreeAtomically } from "../generator/write/output-tree.js";
import { DEAD_PID, put, snapshot, tcgenOutput } from "./support/folders.js";
import { removeDir, tempDir } from "./support/run.js";

/**
 * The writer swaps a whole new tree in with renames. These tests stop it at each point a kill
 * could (by making the folders that point leaves) and check the next run's recovery.
 */
let root = "";
beforeAll(async () => {
  root = await tempDir("recovery");
});
afterAll(() => removeDir(root));

let n = 0;
async function scratch(): Promise<string> {
  const dir = path.join(root, `case-${++n}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe("atomic write", () => {
  it("a write that fails half way leaves the previous output as it was and no side folder", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    await tcgenOutput(out, { "src/a.ts": "old\n" });
    await put(out, { "dist/index.js": "built\n" });
    const before = await snapshot(out);
    // "a" as a file and as a folder: the second cannot be written.
    const broken = withManifest([
      { path: "a", contents: "x" },
      { path: "a/b", contents: "y" },
    ]);
    await expect(writeTreeAtomically(out, broken)).rejects.toThrow();
    expect(await snapshot(out)).toEqual(before);
    expect(await findSideFolders(out)).toEqual([]);
  });

  it("moves node_modules and dist into the new tree and removes the backup", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    await tcgenOutput(out, { "src/a.ts": "old\n" });
    await put(out, { "dist/index.js": "built\n", "node_modules/x/index.js": "dep\n" });
    await writeTreeAtomically(out, withManifest([{ path: "src/b.ts", contents: "new\n" }]));
    const after = await snapshot(out);
    expect(Object.keys(after).filter((p) => !p.endsWith("/"))).toEqual([".tcgen-manifest.json", "dist/index.js", "node_modules/x/index.js", "src/b.ts"]);
    expect(await findSideFolders(out)).toEqual([]);
  });
});

describe("recovery of an interrupted write", () => {
  it("killed between the two renames: the output is gone, the backup goes back in place", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    await tcgenOutput(out, { "src/a.ts": "old\n" });
    await put(out, { "node_modules/x/index.js": "dep\n" });
    const before = await snapshot(out);
    const { staging, backup } = sideFolders(out, DEAD_PID);
    await put(staging, { "src/a.ts": "new\n" });
    await rename(out, backup);
    const recovery = await recoverInterruptedWrite(out);
    expect(recovery).toEqual({ ok: true, notes: [`restored the previous output from ${backup}, left by an interrupted run`, `removed ${staging}, an unfinished output an interrupted run left`] });
    expect(await snapshot(out)).toEqual(before);
    expect(await findSideFolders(out)).toEqual([]);
  });

  it("killed after the swap: the new output gets the backup's node_modules and dist, the backup goes", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    const { backup } = sideFolders(out, DEAD_PID);
    await tcgenOutput(backup, { "src/a.ts": "old\n" });
    await put(backup, { "node_modules/x/index.js": "dep\n", "dist/index.js": "built\n" });
    await tcgenOutput(out, { "src/a.ts": "new\n" });
    const recovery = await recoverInterruptedWrite(out);
    expect(recovery.ok).toBe(true);
    expect(await readFile(path.join(out, "node_modules/x/index.js"), "utf8")).toBe("dep\n");
    expect(await readFile(path.join(out, "dist/index.js"), "utf8")).toBe("built\n");
    expect(await readFile(path.join(out, "src/a.ts"), "utf8")).toBe("new\n");
    expect(await findSideFolders(out)).toEqual([]);
  });

  it("a backup holding something tcgen did not write is left alone and reported", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    const { backup } = sideFolders(out, DEAD_PID);
    await tcgenOutput(backup);
    await put(backup, { "notes.txt": "mine\n" });
    await tcgenOutput(out);
    const before = await snapshot(dir);
    const recovery = await recoverInterruptedWrite(out);
    expect(recovery).toEqual({ ok: false, reason: expect.stringContaining(`an interrupted run left ${backup}, which holds entries tcgen did not write (notes.txt)`) });
    expect(await snapshot(dir)).toEqual(before);
  });

  it("killed while deleting the backup: the half-deleted rest (no manifest left) is removed, the output kept", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    await tcgenOutput(out, { "src/a.ts": "new\n" });
    const before = await snapshot(out);
    const { trash } = sideFolders(out, DEAD_PID);
    await put(trash, { "src/deep/left.ts": "old\n" });
    expect(await recoverInterruptedWrite(out)).toEqual({ ok: true, notes: [`removed ${trash}, a previous output half deleted an interrupted run left`] });
    expect(await snapshot(out)).toEqual(before);
    expect(await findSideFolders(out)).toEqual([]);
  });

  it("nothing to do when no run was interrupted", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    await tcgenOutput(out);
    expect(await recoverInterruptedWrite(out)).toEqual({ ok: true, notes: [] });
  });
});
