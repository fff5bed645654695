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

/**
 * The data of each file the cache missed, put in the cache; undefined when any file had a problem.
 * From `parseInTwoFrom` files, every other one is parsed in a thread of its own meanwhile (and here
 * after all when that thread fails: it only loses the head start).
 */
export async function parseMisses(misses: FileToParse[], schemaText: string, cache: ParseCache, parseInTwoFrom: number): Promise<Map<string, CachedData> | undefined> {
  const data = new Map<string, CachedData>();
  const there = misses.length >= parseInTwoFrom ? misses.filter((_, i) => i % 2 === 1) : [];
  const thread = there.length ? parseInThread(schemaText, there) : undefined;
  const here = thread ? misses.filter((_, i) => i % 2 === 0) : misses;
  let checkSchema: SchemaChecker | undefined;
  const parseHere = async (files: FileToParse[]): Promise<boolean> => {
    for (const { file, sha256, text } of files) {
      const parsed = parseClean(file, text, (checkSchema ??= await cachedSchemaChecker(schemaText)));
      if (!parsed) return false;
      cache.put(file, sha256, parsed);
      data.set(file, parsed);
    }
    return true;
  };
  if (!(await parseHere(here))) {
    thread?.stop();
    return undefined;
  }
  if (!thread) return data;
  const answer = await thread.result;
  if (!answer) return (await parseHere(there)) ? data : undefined;
  if (!answer.clean || !takeAnswer(there, answer.parsed, cache, data)) return undefined;
  parsedInThread += there.length;
  return data;
}

/** The thread's data of `files` into `data` and the cache; false when an entry cannot be read back. */
function takeAnswer(files: FileToParse[], parsed: ParsedInThread[], cache: ParseCache, data: Map<string, CachedData>): boolean {
  for (const [i, one] of parsed.entries()) {
    const file = files[i]!.file;
    if ("data" in one) {
      data.set(file, one.data);
      continue;
    }
    const decoded = decodeEntry(one.entry);
    if (!decoded) return false;
    cache.putEntry(file, one.entry);
    data.set(file, decoded);
  }
  return parsed.length === files.length;
}
