import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLocalFileSystem, isRecordable, KnownHashes } from "../generator/pipeline/known-hashes.js";

/**
 * The record of what each output file hashed to (issue 9: `generate` lists an unchanged tree
 * instead of reading it): taken only while a file's size, time and inode are as recorded.
 */
let root = "";
let out = "";
let cache = "";
/** ext4's `statfs` type: the tests' folders count as local whatever the machine's temporary folder is on. */
const EXT4 = 0xef53;
/** A minute before now, with a fraction of a second (whole seconds are never recorded), in seconds for `utimes`. */
const MINUTE_AGO = Math.floor(Date.now() / 1000) - 60 + 0.25;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "tcgen-known-hashes-"));
  out = path.join(root, "out");
  cache = path.join(root, "cache");
  writeFiles({ "a.ts": "export const a = 1;\n", "b.md": "# B\n", "c.json": "{}\n" });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` into `dir` (the output folder by default), last modified at `at` (seconds). */
function writeFiles(files: Record<string, string>, at = MINUTE_AGO, dir = out): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), text);
    utimesSync(path.join(dir, name), at, at);
  }
}

function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function recordOf(folder: string): string {
  return path.join(cache, `tree-${sha(path.resolve(folder)).slice(0, 16)}.json`);
}

/**
 * Hashes every file of `dir` through its record, as `readPreviousOutput` does, and keeps it; `now`
 * is when the read happens (fixed, so a slow machine cannot turn "just written" into "long ago").
 */
function run(options: { cacheDir?: string | false; dir?: string; now?: number; fileSystem?: number; trust?: boolean } = {}): { hashes: Record<string, string>; read: number } {
  const dir = options.dir ?? out;
  const known = KnownHashes.of(dir, { cacheDir: options.cacheDir ?? cache, now: options.now ?? Date.now(), fileSystem: options.fileSystem ?? EXT4, trust: options.trust ?? true });
  const hashes = Object.fromEntries(readdirSync(dir).sort().map((name) => [name, known.hashOf(name, path.join(dir, name))]));
  known.save();
  return { hashes, read: known.filesRead };
}

/** Puts a file's times back to what they were before `change` wrote it. */
function keepingTimes(file: string, change: () => void): void {
  const { atime, mtime } = statSync(file);
  change();
  utimesSync(file, atime, mtime);
}

describe("known hashes", () => {
  it("reads a file again only when its size, time or inode changed", () => {
    expect(run().read).toBe(3);
    expect(run()).toEqual({ hashes: { "a.ts": sha("export const a = 1;\n"), "b.md": sha("# B\n"), "c.json": sha("{}\n") }, read: 0 });
    // Same size, written now: the time tells.
    writeFiles({ "a.ts": "export const a = 2;\n" }, MINUTE_AGO + 1);
    expect(run()).toMatchObject({ hashes: { "a.ts": sha("export const a = 2;\n") }, read: 1 });
    // Same size, a tenth of a millisecond later: the time tells, below the millisecond.
    keepingTimes(path.join(out, "a.ts"), () => writeFileSync(path.join(out, "a.ts"), "export const a = 4;\n"));
    utimesSync(path.join(out, "a.ts"), MINUTE_AGO + 1.0001, MINUTE_AGO + 1.0001);
    expect(run()).toMatchObject({ hashes: { "a.ts": sha("export const a = 4;\n") }, read: 1 });
    // Shorter, the same inode and times: the size tells.
    keepingTimes(path.join(out, "c.json"), () => truncateSync(path.join(out, "c.json"), 1));
    expect(run()).toMatchObject({ hashes: { "c.json": sha("{") }, read: 1 });
    // Another file of the same size and times renamed over it: the inode tells.
    const { atime, mtime } = statSync(path.join(out, "b.md"));
    writeFileSync(path.join(out, "b.md.new"), "# C\n");
    utimesSync(path.join(out, "b.md.new"), atime, mtime);
    renameSync(path.join(out, "b.md.new"), path.join(out, "b.md"));
    expect(run()).toMatchObject({ hashes: { "b.md": sha("# C\n") }, read: 1 });
    expect(run().read).toBe(0);
  });

  it("takes the record while size, time and inode agree: new bytes under the old time go unseen, which `forget` undoes", () => {
    run();
    keepingTimes(path.join(out, "c.json"), () => writeFileSync(path.join(out, "c.json"), "[]\n"));
    expect(run()).toMatchObject({ hashes: { "c.json": sha("{}\n") }, read: 0 });
    // Without the record every file is read.
    expect(run({ cacheDir: false })).toMatchObject({ hashes: { "c.json": sha("[]\n") }, read: 3 });
    KnownHashes.of(out, { cacheDir: cache, fileSystem: EXT4 }).forget();
    expect(readdirSync(cache)).toEqual([]);
    expect(run()).toMatchObject({ hashes: { "c.json": sha("[]\n") }, read: 3 });
    // Not trusting (`check`): every file read, and the record written anew from what was read.
    keepingTimes(path.join(out, "c.json"), () => writeFileSync(path.join(out, "c.json"), "{}\n"));
    expect(run()).toMatchObject({ hashes: { "c.json": sha("[]\n") }, read: 0 });
    expect(run({ trust: false })).toMatchObject({ hashes: { "c.json": sha("{}\n") }, read: 3 });
    expect(run()).toMatchObject({ hashes: { "c.json": sha("{}\n") }, read: 0 });
  });

  it("does not record a file modified just before it was read, nor one whose time is a whole second", () => {
    const now = statSync(path.join(out, "a.ts")).mtimeMs + 60_000;
    writeFiles({ "a.ts": "export const a = 3;\n" }, (now - 50) / 1000);
    writeFiles({ "b.md": "# D\n" }, Math.floor(now / 1000) - 600);
    run({ now });
    expect(run({ now })).toMatchObject({ hashes: { "a.ts": sha("export const a = 3;\n"), "b.md": sha("# D\n") }, read: 2 });
    const ms = 1_000_000n;
    expect(isRecordable(1_000_050n * ms + 1n, 1_000_100)).toBe(false);
    expect(isRecordable(1_000_050n * ms + 1n, 1_000_200)).toBe(true);
    // 1980-01-01, as zip stamps files (1985-10-26 for npm pack): whole seconds, like many tools' times.
    expect(isRecordable(315_532_800n * 1000n * ms, Date.now())).toBe(false);
    expect(isRecordable(315_532_800n * 1000n * ms + 1n, Date.now())).toBe(true);
    expect(isRecordable(-100_250_000_000n, Date.now())).toBe(false);
  });

  it("a file dated before 1970 is not recorded, and the others' record stays usable", () => {
    // `utimes` cannot set a time before 1970 (it takes the current time instead); touch can.
    execFileSync("touch", ["-d", "@-100.25", path.join(out, "c.json")]);
    expect(run().read).toBe(3);
    expect(run()).toMatchObject({ hashes: { "c.json": sha("{}\n") }, read: 1 });
  });

  it("keeps no record on a file system not known to be local (NFS may answer lstat from a cache)", () => {
    const NFS = 0x6969;
    expect([isLocalFileSystem(EXT4), isLocalFileSystem(NFS), isLocalFileSystem(undefined)]).toEqual([true, false, false]);
    run({ fileSystem: NFS });
    expect(readdirSync(root)).not.toContain("cache");
    run();
    expect(run({ fileSystem: NFS }).read).toBe(3);
  });

  it("a record of another folder, of another format or malformed in any way is no record", () => {
    run();
    const file = recordOf(out);
    const kept = JSON.parse(readFileSync(file, "utf8")) as { format: number; root: string; files: unknown[][] };
    const variants: unknown[] = [
      { ...kept, root: path.join(root, "elsewhere") },
      { ...kept, format: kept.format - 1 },
      { ...kept, files: [...kept.files, ["d.ts", "1", "2", "3", "4", "not a hash"]] },
      { ...kept, files: kept.files.map((row) => [row[0], 4, ...row.slice(2)]) },
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

  it("keeps the records of the sixteen folders read last, an unchanged folder's included", () => {
    const folder = (i: number) => path.join(root, `out-${i}`);
    for (let i = 0; i < 20; i++) {
      writeFiles({ "x.ts": `export const x = ${i};\n` }, MINUTE_AGO, folder(i));
      run({ dir: folder(i) });
      // One second apart, oldest first: written within one clock tick, their order would be a tie.
      const at = new Date(Date.now() - (100 - i) * 1000);
      utimesSync(recordOf(folder(i)), at, at);
    }
    const records = readdirSync(cache);
    expect(records).toHaveLength(16);
    expect(records.every((name) => /^tree-[0-9a-f]{16}\.json$/.test(name))).toBe(true);
    // Read again unchanged, out-4 (the oldest record left) becomes the newest: out-5 goes next, not it.
    expect(run({ dir: folder(4) }).read).toBe(0);
    expect(run({ dir: folder(0) }).read).toBe(1);
    expect(run({ dir: folder(4) }).read).toBe(0);
    expect(run({ dir: folder(5) }).read).toBe(1);
  });
});
