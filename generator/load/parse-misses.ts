import { decodeEntry, type CachedData, type ParseCache } from "./parse-cache.js";
import { parseClean } from "./parse-clean.js";
import { parseInThread, type FileToParse, type ParsedInThread } from "./parse-thread.js";
import { cachedSchemaChecker, type SchemaChecker } from "./schema-check.js";

export type { FileToParse };

/**
 * Misses of the parse cache, from which every other one is parsed in a second thread: the whole
 * catalogue's cold load (13,700 files) was YAML and schema checks on one core while the other
 * waited.
 */
export const PARSE_IN_TWO_FROM = 1000;

/** Files this thread has had parsed by a second one, over all compiles: tests ask. */
let parsedInThread = 0;
export function filesParsedInThread(): number {
  return parsedInThread;
}

/** Where parsed files go: the data by file, and the cache. */
interface Parsed {
  data: Map<string, CachedData>;
  cache: ParseCache;
}

/**
 * The data of each file the cache missed, put in the cache; undefined when any file had a problem.
 * From `parseInTwoFrom` files, every other one is parsed in a thread of its own meanwhile (and here
 * after all when that thread fails: it only loses the head start).
 */
export async function parseMisses(misses: FileToParse[], schemaText: string, cache: ParseCache, parseInTwoFrom: number): Promise<Map<string, CachedData> | undefined> {
  const into: Parsed = { data: new Map(), cache };
  const there = misses.length >= parseInTwoFrom ? misses.filter((_, i) => i % 2 === 1) : [];
  const thread = there.length ? parseInThread(schemaText, there) : undefined;
  const here = thread ? misses.filter((_, i) => i % 2 === 0) : misses;
  let clean = false;
  try {
    clean = await parseHere(here, schemaText, into);
  } finally {
    // A problem here (or a fault) makes the other half moot: the thread is not left running.
    if (!clean) thread?.stop();
  }
  if (!clean) return undefined;
  if (!thread) return into.data;
  const answer = await thread.result;
  if (answer && !answer.clean) return undefined;
  if (answer && takeAnswer(there, answer.parsed, into)) {
    parsedInThread += there.length;
    return into.data;
  }
  // The thread failed, or answered what cannot be read back: its files are parsed here after all.
  return (await parseHere(there, schemaText, into)) ? into.data : undefined;
}

/** Parses `files` in this thread; false at the first one with a problem. */
async function parseHere(files: FileToParse[], schemaText: string, into: Parsed): Promise<boolean> {
  let checkSchema: SchemaChecker | undefined;
  for (const { file, sha256, text } of files) {
    const parsed = parseClean(file, text, (checkSchema ??= await cachedSchemaChecker(schemaText)));
    if (!parsed) return false;
    into.cache.put(file, sha256, parsed);
    into.data.set(file, parsed);
  }
  return true;
}

/** The thread's answer for `files`; false when it does not match them or an entry cannot be read back. */
function takeAnswer(files: FileToParse[], parsed: ParsedInThread[], into: Parsed): boolean {
  if (parsed.length !== files.length) return false;
  for (const [i, one] of parsed.entries()) {
    const file = files[i]!.file;
    if ("data" in one) {
      into.data.set(file, one.data);
      continue;
    }
    const decoded = decodeEntry(one.entry);
    if (!decoded) return false;
    into.cache.putEntry(file, one.entry);
    into.data.set(file, decoded);
  }
  return true;
}
