import { Worker } from "node:worker_threads";
import { listSpecFiles } from "../load/list-files.js";
import { compileSpec, type CompileOptions, type CompileResult } from "./compile-spec.js";

export { compileSpec };

/**
 * Spec files from which the load runs in its own thread. Why: on a large spec, reading and checking
 * the YAML leaves far more heap behind than the IR it yields (the whole catalogue: 286 MB of IR in
 * a 1 GB heap V8 keeps committed), and only a thread's end gives that memory back. Below this, the
 * thread's start (registering tsx, ~0.3 s) costs more than it saves.
 */
export const ISOLATED_FROM_FILES = 1000;

/**
 * `compileSpec`, in a worker thread when the spec has `isolatedFrom` files or more: only the IR (or
 * the diagnostics) comes back.
 */
export async function compileSpecIsolated(specRoot: string, displayRoot: string, options: CompileOptions = {}, isolatedFrom = ISOLATED_FROM_FILES): Promise<CompileResult> {
  if (!(await compilesInOwnThread(specRoot, isolatedFrom))) return compileSpec(specRoot, displayRoot, options);
  // The parse cache is read and written in the thread too: its data goes with the thread's heap.
  return inWorker(specRoot, displayRoot, options);
}

/** Whether `compileSpecIsolated` compiles the spec in `specRoot` in a worker thread. */
export async function compilesInOwnThread(specRoot: string, isolatedFrom = ISOLATED_FROM_FILES): Promise<boolean> {
  return (await listSpecFiles(specRoot)).files.length >= isolatedFrom;
}

export function inWorker(specRoot: string, displayRoot: string, options: CompileOptions): Promise<CompileResult> {
  const worker = new Worker(new URL("./compile-worker.mjs", import.meta.url), { workerData: { specRoot, displayRoot, options } });
  return new Promise<CompileResult>((resolve, reject) => {
    worker.once("message", (result: CompileResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`internal: the spec compiler thread stopped (exit code ${code}) before it answered`)));
  });
}
