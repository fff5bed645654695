import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { RUNTIME_TEMPLATES, SHARED_GROUP, TypeChecker } from "../generator/write/typecheck.js";
import { isCodeCacheFile } from "../generator/write/typescript-code-cache.mjs";
import { REPO, removeDir, tempDir } from "./support/run.js";

/**
 * The type-check workers load TypeScript through V8's code cache in tcgen's cache folder: the
 * first run writes it, later runs take it, and a cache that is not this TypeScript's (another
 * key, damaged bytes, bytes V8 refuses) is never taken but written anew. Whatever the cache holds,
 * or when it cannot be written, the diagnostics are TypeScript's.
 */
describe("TypeScript's code cache in the type-check workers", () => {
  const files = [
    { path: "package.json", contents: '{ "type": "module" }\n' },
    { path: "src/p/a.ts", contents: "export const n: number = 'text';\n" },
  ];
  const job = { files, roots: ["src/p/a.ts"], shared: [], holds: [SHARED_GROUP] };
  const load = () => Promise.reject(new Error("every file has contents"));
  /** A run as an edit starts its checker (no runtime warm-up: the job's program writes the cache), or as a cold run does. */
  const checkOnce = async (cacheDir: string, runtime: string | false = false) => {
    const checker = new TypeChecker(true, 1, runtime, cacheDir);
    try {
      return await checker.run(job, load);
    } finally {
      await checker.close();
    }
  };
  const expected = [expect.stringMatching(/^src\/p\/a\.ts:1: TS2322: /)];
  const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
  const cacheFiles = async (dir: string) => (await readdir(dir)).filter(isCodeCacheFile);

  it("is written by the first run, taken by the next, and replaced when it is not this TypeScript's", async () => {
    const cache = await tempDir("ts-code-cache");
    try {
      expect(await checkOnce(cache)).toEqual(expected);
      const names = await cacheFiles(cache);
      expect(names).toHaveLength(1);
      const file = path.join(cache, names[0]!);
      const written = await readFile(file);
      // The key line, the hash of the cached bytes, the bytes.
      const key = written.subarray(0, written.indexOf(0x0a) + 1).toString();
      expect(key).toMatch(/^tcgen typescript code cache [0-9a-f]{64} node v\d+\.\d+\.\d+ \w+ v8 \d+\n$/);
      const body = written.subarray(key.length + 65);
      expect(written.subarray(key.length, key.length + 65).toString()).toBe(`${sha256(body)}\n`);
      expect(body.length).toBeGreaterThan(1_000_000);
      // Taken as it is: not written again (a rewrite renames a new file into place).
      const { ino } = await stat(file);
      expect(await checkOnce(cache)).toEqual(expected);
      expect((await stat(file)).ino).toBe(ino);
      expect(await readdir(cache)).toEqual(names);
      const signed = (bytes: Buffer) => Buffer.concat([Buffer.from(`${key}${sha256(bytes)}\n`), bytes]);
      const damaged = (at: number) => {
        const bytes = Buffer.from(body);
        bytes.fill(0x5a, at, at + 64);
        return bytes;
      };
      for (const planted of [
        // Damaged under the right key and hash, in V8's header: V8 itself refuses it.
        signed(damaged(0)),
        // Damaged, the hash no longer theirs: in the middle V8 would take them, so the hash must refuse them.
        Buffer.concat([written.subarray(0, key.length + 65), damaged(Math.floor(body.length / 2))]),
        // Another TypeScript's key; no key; an empty file.
        Buffer.concat([Buffer.from(key.replace(/[0-9a-f]{64}/, "0".repeat(64))), written.subarray(key.length)]),
        body,
        Buffer.alloc(0),
      ]) {
        await writeFile(file, planted);
        expect(await checkOnce(cache)).toEqual(expected);
        const now = await readFile(file);
        expect(now.subarray(0, key.length).toString()).toBe(key);
        expect(now.equals(planted)).toBe(false);
      }
      expect(await readdir(cache)).toEqual(names);
    } finally {
      await removeDir(cache);
    }
  }, 300_000);

  it("is written after the first program that checked code, never after a parse or a job that checked nothing", async () => {
    const cache = await tempDir("ts-code-cache-cold");
    try {
      // Where the cache file should be, a folder: nothing is written, nothing is left behind.
      await checkOnce(cache);
      const [name] = await cacheFiles(cache);
      const file = path.join(cache, name!);
      await removeDir(file);
      await mkdir(file);
      expect(await checkOnce(cache)).toEqual(expected);
      expect((await stat(file)).isDirectory()).toBe(true);
      expect(await readdir(cache)).toEqual([name]);
      // A file where the cache folder should be.
      const notAFolder = path.join(cache, "not-a-folder");
      await writeFile(notAFolder, "x");
      expect(await checkOnce(notAFolder)).toEqual(expected);
      expect(await readFile(notAFolder, "utf8")).toBe("x");
      await removeDir(file);
      await removeDir(notAFolder);
      const coldRun = async (whileRunning: (checker: TypeChecker) => Promise<void>) => {
        const checker = new TypeChecker(true, 1, RUNTIME_TEMPLATES, cache);
        try {
          await whileRunning(checker);
        } finally {
          await checker.close();
        }
      };
      // A cold run's worker checks the runtime (its diagnostics not yet kept) and writes the cache then, before any job.
      await coldRun(async () => {
        for (let i = 0; i < 600 && (await cacheFiles(cache)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await cacheFiles(cache)).toEqual([name]);
      });
      // With the runtime's diagnostics kept, the worker only parses the runtime: too little compiled
      // to keep. A job whose changes no root imports checks nothing: still nothing written. The first
      // job that checks code writes it, and a later one does not write it again.
      expect((await readdir(cache)).some((n) => n.startsWith("runtime-check-"))).toBe(true);
      await removeDir(file);
      await coldRun(async (checker) => {
        expect(await checker.run(job, load, ["docs/x.md"])).toEqual([]);
        expect(await cacheFiles(cache)).toEqual([]);
        expect(await checker.run(job, load)).toEqual(expected);
        expect(await cacheFiles(cache)).toEqual([name]);
        const { ino } = await stat(file);
        expect(await checker.run(job, load)).toEqual(expected);
        expect((await stat(file)).ino).toBe(ino);
      });
    } finally {
      await removeDir(cache);
    }
  }, 300_000);

  // V8 flags are the process's: in this test process a worker would inherit what an earlier worker
  // set, so each load below runs in a process of its own, as each tcgen run does.
  it("is made and taken under the V8 flags a load sets first, in a file of their own; old ones are removed", async () => {
    const cache = await tempDir("ts-code-cache-flags");
    const module = pathToFileURL(path.join(REPO, "generator/write/typescript-code-cache.mjs")).href;
    // The same script each time, the flags an argument.
    const script = `const { loadTypeScript } = await import(${JSON.stringify(module)}); loadTypeScript(${JSON.stringify(cache)}, process.argv[1]).keep();`;
    /** A fresh process loads TypeScript with `flags` and keeps the cache (written only when missing or not taken). */
    const loadInProcess = (flags: string) => execFileSync(process.execPath, ["--input-type=module", "-e", script, "--", flags]);
    try {
      loadInProcess("--no-turbo-inlining");
      const [name, ...others] = await cacheFiles(cache);
      expect(others).toEqual([]);
      const { ino } = await stat(path.join(cache, name!));
      loadInProcess("--no-turbo-inlining");
      expect((await stat(path.join(cache, name!))).ino).toBe(ino);
      // Other flags: another file, which leaves this one as it was.
      loadInProcess("");
      const flagless = (await cacheFiles(cache)).filter((n) => n !== name);
      expect(flagless).toHaveLength(1);
      expect((await stat(path.join(cache, name!))).ino).toBe(ino);
      // Older caches of other keys: a cache written leaves itself and the two newest others.
      const older = ["0", "1", "2"].map((digit) => `typescript-${digit.repeat(16)}.v8cache`);
      for (const [age, other] of older.entries()) {
        await writeFile(path.join(cache, other), "old");
        await utimes(path.join(cache, other), 1000 + age, 1000 + age);
      }
      await rm(path.join(cache, name!));
      loadInProcess("--no-turbo-inlining");
      expect((await cacheFiles(cache)).sort()).toEqual([name!, flagless[0]!, older[2]!].sort());
    } finally {
      await removeDir(cache);
    }
  }, 120_000);
});
