import { Worker } from "node:worker_threads";
import type { CachedData, Entry } from "./parse-cache.js";

export interface FileToParse {
  /** Path relative to the spec root, with `/` separators. */
  file: string;
  sha256: string;
  text: string;
}

/**
 * What the parser thread answers: per file, in order, what it parsed to; `clean: false` when a
 * file had a problem.
 */
export type ThreadAnswer = { clean: false } | { clean: true; parsed: ParsedInThread[] };

/** One file's cache entry, or its plain data when JSON would change it (`-0`, say): then not cached. */
export type ParsedInThread = { entry: Entry } | { data: CachedData };

export interface ParserThread {
  /** Undefined when the thread failed or was stopped: the caller parses those files itself. */
  result: Promise<ThreadAnswer | undefined>;
  stop(): void;
}

/**
 * Parses and schema-checks `files` in a thread of their own (parse-worker.mjs) while the caller
 * parses the rest of the spec: on the whole catalogue the YAML and schema checks are most of the
 * load, during which the machine's other core was idle.
 */
export function parseInThread(schemaText: string, files: FileToParse[]): ParserThread {
  let worker: Worker;
  try {
    worker = new Worker(new URL("./parse-worker.mjs", import.meta.url), { workerData: { schemaText, files } });
  } catch {
    return { result: Promise.resolve(undefined), stop: () => undefined };
  }
  const result = new Promise<ThreadAnswer>((resolve, reject) => {
    worker.once("message", (answer: ThreadAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the spec parser thread stopped (exit code ${code}) before it answered`)));
  });
  return { result: result.catch(() => undefined), stop: () => void worker.terminate() };
}
