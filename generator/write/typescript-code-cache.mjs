// Loads TypeScript for a type-check worker through V8's code cache, kept in tcgen's cache folder.
// Plain JavaScript, like the workers that use it.
//
// TypeScript is one 9 MB CommonJS file. Compiling it took a new worker 150-300 ms on the benchmark's
// machine, and V8 then compiles each of its functions again the first time it runs: on a small
// spec's cold run the worker is the last to finish, so this is wall time. The cache holds the
// bytecode of the whole file and of every function compiled until it was written (after a program
// that checked code, see typecheck-worker.mjs). With it, this repo's spec generates cold in 1.90 s
// against 2.14 s (medians of 8 alternating runs).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { keepNewest } from "./keep-newest.mjs";
import { writeWhole } from "./write-whole.mjs";

const require = createRequire(import.meta.url);

/**
 * The cache files in tcgen's cache folder: one per TypeScript source, Node version and V8 cache tag
 * (V8's version, flags and CPU features).
 */
export function isCodeCacheFile(name) {
  return CODE_CACHE_NAME.test(name);
}
const CODE_CACHE_NAME = /^typescript-[0-9a-f]{16}\.v8cache$/;

/**
 * Code caches left in the folder: this one and the newest others (another Node's, or a process's
 * under other V8 flags), so that a run under either takes its own; older ones are removed.
 */
const KEPT_CACHES = 3;

/**
 * TypeScript's exports, and `keep()`, which writes the cache when it was missing or not taken
 * (call it after a program that checked code, so that the functions it compiled are in it; later
 * calls do nothing). Without `cacheDir`, a plain `require`.
 * `v8Flags`: V8 flags to set first, for the whole process (`v8.setFlagsFromString`): V8 takes a
 * code cache only under the flags it was made with, so they are set before TypeScript is compiled
 * and are part of the cache's key.
 */
export function loadTypeScript(cacheDir, v8Flags = "") {
  if (v8Flags) v8.setFlagsFromString(v8Flags);
  const file = require.resolve("typescript");
  if (!cacheDir) return { ts: require(file), keep: () => {} };
  const bytes = readFileSync(file);
  const tag = v8.cachedDataVersionTag();
  const key = cacheKey(bytes, tag);
  const cacheFile = path.join(cacheDir, `typescript-${sha256(key).slice(0, 16)}.v8cache`);
  const cached = readCache(cacheFile, key);
  const script = new vm.Script(Module.wrap(bytes.toString("utf8")), { filename: file, cachedData: cached });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  // V8 refuses a cache made by another V8 or under other flags: that one is replaced.
  let toWrite = cached === undefined || script.cachedDataRejected;
  const keep = () => {
    if (!toWrite) return;
    toWrite = false;
    // Another thread may change V8's flags for a moment (collect-garbage.mjs exposes `gc` and hides
    // it again): cached data made meanwhile would carry those flags, which the next run refuses.
    const made = writeWhole(cacheFile, () => {
      const data = sameFlags(tag, () => script.createCachedData());
      return Buffer.concat([Buffer.from(key + digestLine(data)), data]);
    });
    if (made) keepNewest(cacheDir, CODE_CACHE_NAME, KEPT_CACHES, cacheFile);
  };
  return { ts: module.exports, keep };
}

/**
 * What the cache was made from. V8 checks its own version and flags, but of the source only its
 * length: a patched TypeScript of the same length would take another's bytecode, so the source's
 * hash is part of the key. So is V8's cache tag (its version, flags and CPU features, what it
 * checks a cache against), so that runs under other V8 flags, which V8 would refuse the cache of,
 * keep a file of their own instead of replacing each other's.
 */
function cacheKey(source, tag) {
  return `tcgen typescript code cache ${sha256(source)} node ${process.version} ${process.arch} v8 ${tag}\n`;
}

/** `make()`, when V8's flags are those of `tag` before and after it; throws otherwise. */
function sameFlags(tag, make) {
  const unchanged = () => v8.cachedDataVersionTag() === tag;
  if (!unchanged()) throw new Error("V8's flags changed: no cache made now");
  const made = make();
  if (!unchanged()) throw new Error("V8's flags changed: no cache made now");
  return made;
}

function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

/** The line after the key: the hash of the cached bytes (64 hex digits and a newline). */
const DIGEST_LINE_LENGTH = 65;
function digestLine(data) {
  return `${sha256(data)}\n`;
}

/**
 * The cached bytes, when the file is there, its key is this one's, and the bytes are those written.
 * V8 checks only the header of what it is given (checksums are for its debug builds), and damaged
 * bytecode that passed would run; Node's own compile cache checks a hash of its entries likewise.
 * This guards against damage, not against someone who can write tcgen's cache folder, who could
 * as well change the compiled CLI kept there.
 */
function readCache(file, key) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.from(key);
  const data = bytes.subarray(head.length + DIGEST_LINE_LENGTH);
  if (!bytes.subarray(0, head.length).equals(head) || data.length === 0) return undefined;
  return bytes.subarray(head.length, head.length + DIGEST_LINE_LENGTH).toString() === digestLine(data) ? data : undefined;
}
