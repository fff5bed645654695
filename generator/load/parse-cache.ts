import { createHash } from "node:crypto";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { CACHE_DIR, writeAtomically } from "./cache-dir.js";
import type { ExactInteger } from "./exact-integers.js";

/**
 * What parsing and schema-checking a spec file gave, kept between runs so that an edit parses one
 * file, not all (CLB: 160 files, about 0.45 s of YAML and schema checking in a 2 s edit). One
 * cache file per spec folder, in tcgen's own `node_modules/.cache/tcgen/`, holding for each spec
 * file the sha256 of its text and the plain data the schema check left of it. Only files that
 * gave no diagnostic at all are kept, and only data JSON carries exactly (no `-0`, NaN or
 * infinity: the IR reports those, and JSON would change them). The whole cache is void when tcgen
 * changes (the generator fingerprint covers the loader and the schema).
 */
export interface ParseCache {
  /** The file's data as the schema check left it, exact integers restored; undefined on a miss. */
  get(file: string, sha256: string): CachedData | undefined;
  put(file: string, sha256: string, data: CachedData): void;
  /** `put` of data `encodeEntry` already encoded (in another thread). */
  putEntry(file: string, entry: Entry): void;
  /** Writes the cache when anything changed (atomically; a cache that cannot be written is skipped). */
  save(files: readonly string[]): Promise<void>;
}

export interface CachedData {
  /** Plain data after the schema check, before exact integers are put back. */
  usable: unknown;
  exact: ExactInteger[];
}

/** One file's cache entry: what `encodeEntry` makes of its data. */
export interface Entry {
  sha256: string;
  /** `usable` as JSON text: each run parses its own copy (the IR build and the exact integers change it). */
  usable: string;
  /** Exact integers, their values as decimal strings. */
  exact: { path: (string | number)[]; value: string }[];
}

interface CacheFile {
  generator: string;
  files: Record<string, Entry>;
}

/**
 * The entry keeping `data` of a file whose text hashes to `sha256`; undefined for data JSON would
 * change, which is not kept: the next run must see what the YAML says.
 */
export function encodeEntry(sha256: string, data: CachedData): Entry | undefined {
  const json = JSON.stringify(data.usable);
  if (json === undefined || !isDeepStrictEqual(JSON.parse(json), data.usable)) return undefined;
  return { sha256, usable: json, exact: data.exact.map((e) => ({ path: e.path, value: String(e.value) })) };
}

/** The data an entry keeps, as a fresh copy; undefined when the entry is damaged (only a miss). */
export function decodeEntry(entry: Entry): CachedData | undefined {
  try {
    return { usable: JSON.parse(entry.usable), exact: entry.exact.map((e) => ({ path: e.path, value: BigInt(e.value) })) };
  } catch {
    return undefined;
  }
}

/** Cache files of spec folders not generated for this long are removed when another is written. */
const UNUSED_FOR = 7 * 24 * 3600 * 1000;

/** The file holding the cache of the spec folder `specRoot`. */
export function parseCacheFile(specRoot: string, dir = CACHE_DIR): string {
  return path.join(dir, `spec-${createHash("sha256").update(path.resolve(specRoot)).digest("hex").slice(0, 16)}.json`);
}

/** The cache of the spec folder `specRoot` for this tcgen (`generator`: its fingerprint). */
export async function openParseCache(specRoot: string, generator: string, dir = CACHE_DIR): Promise<ParseCache> {
  const file = parseCacheFile(specRoot, dir);
  const stored = await readCacheFile(file, generator);
  let changed = false;
  const putEntry = (name: string, entry: Entry): void => {
    stored[name] = entry;
    changed = true;
  };
  return {
    get(name, sha256) {
      const entry = Object.hasOwn(stored, name) ? stored[name] : undefined;
      return entry?.sha256 === sha256 ? decodeEntry(entry) : undefined;
    },
    put(name, sha256, data) {
      const entry = encodeEntry(sha256, data);
      if (entry) putEntry(name, entry);
    },
    putEntry,
    async save(files) {
      const kept = new Set(files);
      for (const name of Object.keys(stored)) {
        if (kept.has(name)) continue;
        delete stored[name];
        changed = true;
      }
      if (!changed) return;
      await writeAtomically(file, cacheText(generator, stored)).catch(() => undefined);
      await pruneUnused(dir, file).catch(() => undefined);
    },
  };
}

/**
 * `JSON.stringify({ generator, files })` an entry at a time: the whole catalogue's cache is 46 MB,
 * which as one string (and the buffer writing it) stayed in the process's memory (40 MB more
 * resident).
 */
function* cacheText(generator: string, files: Record<string, Entry>): Iterable<string> {
  yield `{"generator":${JSON.stringify(generator)},"files":{`;
  let separator = "";
  for (const [name, entry] of Object.entries(files)) {
    yield `${separator}${JSON.stringify(name)}:${JSON.stringify(entry)}`;
    separator = ",";
  }
  yield "}}";
}

/** The stored entries, when the file exists, parses and was written by this very tcgen; else none. */
async function readCacheFile(file: string, generator: string): Promise<Record<string, Entry>> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<CacheFile>;
    if (parsed.generator !== generator || typeof parsed.files !== "object" || parsed.files === null) return Object.create(null);
    return Object.assign(Object.create(null), parsed.files);
  } catch {
    return Object.create(null);
  }
}

/** Removes spec cache files (only tcgen's `spec-*.json`) untouched for a week: folders gone or moved. */
async function pruneUnused(dir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const full = path.join(dir, name);
    if (!/^spec-[0-9a-f]{16}\.json$/.test(name) || full === keep) continue;
    const info = await stat(full).catch(() => undefined);
    if (info && now - info.mtimeMs > UNUSED_FOR) await rm(full, { force: true });
  }
}
