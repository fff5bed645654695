// A worker thread that runs prettier. Plain JavaScript on purpose: a worker does not inherit the
// TypeScript loader (tsx) of the main thread, and registering it costs ~300 ms per worker, more
// than the whole job on a small spec. Protocol: see worker-pool.ts; options come as workerData.
import { parentPort, workerData } from "node:worker_threads";
import * as prettier from "prettier";
import { collectGarbage, readyCollector } from "./collect-garbage.mjs";

parentPort.on("message", async ({ id, job }) => {
  try {
    const result = await prettier.format(job.text, { ...workerData.options, parser: job.parser });
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
  // A very large file grew the heap by what V8 would keep (LARGE_TEXT in format.ts); prettier stays loaded.
  if (job.collectAfter) collectGarbage();
});
// Now, not after a job: see readyCollector.
readyCollector();

// Load the TypeScript parser and printer while the main thread is still emitting: most jobs need
// them (format.ts sends TypeScript to babel's parser first).
await prettier.format("", { ...workerData.options, parser: "babel-ts" });
