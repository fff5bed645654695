import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isRacy, KnownHashes } from "../generator/pipeline/known-hashes.js";

/**
 * The record of what each output file hashed to (issue 9: a run on an unchanged tree lists it
 * instead of reading it): taken only while a file's size, time and inode are as recorded.
 */
let root = "";
let out = "";
let cache = "";

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "tcgen-known-hashes-"));
  out = path.join(root, "out");
  cache = path.join(root, "cache");
  writeFiles({ "a.ts": "export const a = 1;\n", "b.md": "# B\n", "c.json": "{}\n" });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` into `dir` (the output folder by default), last modified `agoMs` before now. */
function writeFiles(files: Record<string, string>, agoMs = 60_000, dir = out): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const at = new Date(Date.now() - agoMs);
    utimesSync(file, at, at);
  }
}

function recordOf(folder: string): string {
  return path.join(cache, `tree-${sha(path.resolve(folder)).slice(0, 16)}.json`);
}

function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Hashes every file of `dir` through a record, as `readPreviousOutput` does, and keeps it. */
function run(cacheDir: string | false = cache, dir = out): { hashes: Record<string, string>; read: number } {
  const known = KnownHashes.of(dir, cacheDir);
  const hashes = Object.fromEntries(readdirSync(dir).sort().map((name) => [name, known.hashOf(name, path.join(dir, name))]));
  known.save();
  return { hashes, read: known.filesRead };
}

describe("known hashes", () => {
  it("reads a file again only when its size, time or inode changed", () => {
    expect(run().read).toBe(3);
    expect(run()).toEqual({ hashes: { "a.ts": sha("export const a = 1;\n"), "b.md": sha("# B\n"), "c.json": sha("{}\n") }, read: 0 });
    // Same size, written now: the time tells.
    writeFileSync(path.join(out, "a.ts"), "export const a = 2;\n");
    const edited = run();
    expect(edited.read).toBe(1);
    expect(edited.hashes["a.ts"]).toBe(sha("export const a = 2;\n"));
    // Replaced by another file of the same size and times (renamed over it): the inode tells.
    const { atime, mtime } = statSync(path.join(out, "b.md"));
    writeFileSync(path.join(out, "b.md.new"), "# C\n");
    utimesSync(path.join(out, "b.md.new"), atime, mtime);
    renameSync(path.join(out, "b.md.new"), path.join(out, "b.md"));
    // a.ts is read again too: written just before the last read, it was not recorded (racy).
    expect(run()).toMatchObject({ hashes: { "b.md": sha("# C\n") }, read: 2 });
  });

  it("takes the record while size, time and inode agree, as git's index does: new bytes under an old time go unseen", () => {
    run();
    const file = path.join(out, "c.json");
    const { atime, mtime } = statSync(file);
    writeFileSync(file, "[]\n");
    utimesSync(file, atime, mtime);
    expect(run()).toMatchObject({ hashes: { "c.json": sha("{}\n") }, read: 0 });
    // Without the record every file is read.
    expect(run(false)).toMatchObject({ hashes: { "c.json": sha("[]\n") }, read: 3 });
  });

  it("does not record a file modified just before it was read: a write in the same clock tick would keep its time", () => {
    writeFiles({ "a.ts": "export const a = 3;\n" }, 0);
    run();
    expect(run().read).toBe(1);
    expect(isRacy(1_000_050, 1_000_100)).toBe(true);
    expect(isRacy(1_000_050, 1_000_200)).toBe(false);
    // Times in whole seconds: a file system that keeps no fractions (FAT keeps two seconds).
    expect(isRacy(1_000_000, 1_002_500)).toBe(true);
    expect(isRacy(1_000_000, 1_003_500)).toBe(false);
  });

  it("a record of another folder, of another format or malformed in any way is no record", () => {
    run();
    const [record] = readdirSync(cache);
    const file = path.join(cache, record!);
    const kept = JSON.parse(readFileSync(file, "utf8")) as { format: number; root: string; files: unknown[][] };
    const variants: unknown[] = [
      { ...kept, root: path.join(root, "elsewhere") },
      { ...kept, format: 2 },
      { ...kept, files: [...kept.files, ["d.ts", 1, 2, 3, 4, "not a hash"]] },
      { ...kept, files: kept.files.map((row) => row.slice(0, 5)) },
      "[]",
    ];
    for (const variant of variants) {
      writeFileSync(file, typeof variant === "string" ? variant : JSON.stringify(variant));
      expect(run().read).toBe(3);
    }
    writeFileSync(file, "{ truncated");
    expect(run().read).toBe(3);
    expect(run().read).toBe(0);
  });

  it("keeps the records of the sixteen folders read last", () => {
    for (let i = 0; i < 20; i++) {
      const folder = path.join(root, `out-${i}`);
      writeFiles({ "x.ts": `export const x = ${i};\n` }, 60_000, folder);
      run(cache, folder);
      // One second apart, oldest first: written within one clock tick, their order would be a tie.
      const at = new Date(Date.now() - (100 - i) * 1000);
      utimesSync(recordOf(folder), at, at);
    }
    const records = readdirSync(cache);
    expect(records).toHaveLength(16);
    expect(records.every((name) => /^tree-[0-9a-f]{16}\.json$/.test(name))).toBe(true);
    // The newest stay: the last folder read is taken from its record.
    expect(run(cache, path.join(root, "out-19")).read).toBe(0);
    expect(run(cache, path.join(root, "out-0")).read).toBe(1);
  });
});
