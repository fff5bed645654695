// A worker thread that compiles a spec folder to its IR and posts the result back. Plain
// JavaScript: a worker does not inherit the main thread's TypeScript loader, so it registers tsx
// itself (~300 ms, paid only for the large specs compile-isolated.ts sends here).
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { compileSpec } = await import("./compile-spec.ts");
const { specRoot, displayRoot, options } = workerData;
parentPort.postMessage(await compileSpec(specRoot, displayRoot, options));
