import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_GROUP, TypeChecker } from "../generator/write/typecheck.js";
import { CODE_CACHE_FILE } from "../generator/write/typescript-code-cache.mjs";
import { removeDir, tempDir } from "./support/run.js";

/**
 * The type-check workers load TypeScript through V8's code cache in tcgen's cache folder: the
 * first run writes it, later runs take it, and a cache that is not this TypeScript's (another
 * version, damaged bytes) is never taken but written anew. Whatever the cache holds, the
 * diagnostics are TypeScript's.
 */
describe("TypeScript's code cache in the type-check workers", () => {
  const files = [
    { path: "package.json", contents: '{ "type": "module" }\n' },
    { path: "src/p/a.ts", contents: "export const n: number = 'text';\n" },
  ];
  const job = { files, roots: ["src/p/a.ts"], shared: [], holds: [SHARED_GROUP] };
  const load = () => Promise.reject(new Error("every file has contents"));
  const checkOnce = async (cacheDir: string) => {
    const checker = new TypeChecker(true, 1, false, cacheDir);
    try {
      return await checker.run(job, load);
    } finally {
      await checker.close();
    }
  };
  const expected = [expect.stringMatching(/^src\/p\/a\.ts:1: TS2322: /)];

  it("is written by the first run, taken by the next, and replaced when it is not this TypeScript's", async () => {
    const cache = await tempDir("ts-code-cache");
    const file = path.join(cache, CODE_CACHE_FILE);
    try {
      expect(await checkOnce(cache)).toEqual(expected);
      const written = await readFile(file);
      const key = written.subarray(0, written.indexOf(0x0a) + 1).toString();
      expect(key).toMatch(/^tcgen typescript code cache [0-9a-f]{64} node v\d+\.\d+\.\d+ \w+\n$/);
      expect(written.length).toBeGreaterThan(1_000_000);
      // Taken as it is: not written again.
      const { mtimeMs } = await stat(file);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await checkOnce(cache)).toEqual(expected);
      expect((await stat(file)).mtimeMs).toBe(mtimeMs);
      // The key line, then the hash of the cached bytes, then the bytes.
      const digest = written.subarray(key.length, key.length + 65).toString();
      const body = written.subarray(key.length + 65);
      expect(digest).toBe(`${createHash("sha256").update(body).digest("hex")}\n`);
      // Damaged bytes under the right key and hash (in V8's header, which V8 would refuse itself, and
      // in the middle, which it would take), another TypeScript's key, no key, an empty file: the
      // check is the same, and the file holds a cache of this TypeScript again.
      const damaged = (at: number) => {
        const bytes = Buffer.from(written);
        bytes.fill(0x5a, at, at + 64);
        return bytes;
      };
      for (const planted of [
        damaged(key.length + 65),
        damaged(key.length + 65 + Math.floor(body.length / 2)),
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
    } finally {
      await removeDir(cache);
    }
  }, 300_000);
});
