// Loads TypeScript for a type-check worker through V8's code cache, kept in tcgen's cache folder.
// Plain JavaScript, like the workers that use it.
//
// TypeScript is one 9 MB CommonJS file. Compiling it took a new worker 150-300 ms on the benchmark's
// machine, and V8 then compiles each of its functions again the first time it runs: on a small
// spec's cold run the worker is the last to finish, so this is wall time. The cache holds the
// bytecode of the whole file and of every function the first run compiled; with it, the first
// program starts about 0.2 s sooner (npm run bench:generate, this repo's spec).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { threadId } from "node:worker_threads";

const require = createRequire(import.meta.url);
export const CODE_CACHE_FILE = "typescript.v8cache";

/**
 * TypeScript's exports, and `keep()`, which writes the cache when it was missing or not taken
 * (call it after the first program, so that the functions that program compiled are in it; later
 * calls do nothing). Without `cacheDir`, a plain `require`.
 */
export function loadTypeScript(cacheDir) {
  const file = require.resolve("typescript");
  if (!cacheDir) return { ts: require(file), keep: () => {} };
  const bytes = readFileSync(file);
  const key = cacheKey(bytes);
  const cacheFile = path.join(cacheDir, CODE_CACHE_FILE);
  const cached = readCache(cacheFile, key);
  const script = new vm.Script(Module.wrap(bytes.toString("utf8")), { filename: file, cachedData: cached });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  let keep = () => {};
  // V8 refuses a cache made by another V8 or with other flags: that one is replaced.
  if (cached === undefined || script.cachedDataRejected)
    keep = () => {
      keep = () => {};
      write(cacheFile, key, script.createCachedData());
    };
  return { ts: module.exports, keep: () => keep() };
}

/**
 * What the cache was made from: V8 checks its own version and flags, and only the length of the
 * source, so the source's hash is part of the key (a patched TypeScript of the same length).
 */
function cacheKey(source) {
  return `tcgen typescript code cache ${createHash("sha256").update(source).digest("hex")} node ${process.version} ${process.arch}\n`;
}

/**
 * The cached bytes, when the file is there, its key is this one's, and the bytes are those written:
 * V8 checks only the header of what it is given (checksums are for its debug builds), and damaged
 * bytecode that passed would run. Node's own compile cache checks a hash of its entries likewise.
 */
function readCache(file, key) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.from(key);
  const data = bytes.subarray(head.length + DIGEST_LINE);
  if (!bytes.subarray(0, head.length).equals(head) || data.length === 0) return undefined;
  return bytes.subarray(head.length, head.length + DIGEST_LINE).toString() === digestLine(data) ? data : undefined;
}

/** The line after the key: the hash of the cached bytes. */
const DIGEST_LINE = 65;
function digestLine(data) {
  return `${createHash("sha256").update(data).digest("hex")}\n`;
}

/** Whole or not at all: another run may read it meanwhile. A cache only, so failing is fine. */
function write(file, key, data) {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, Buffer.concat([Buffer.from(key + digestLine(data)), data]));
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
