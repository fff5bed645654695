// A worker for the pool's tests: answers each job with its thread's id (or fails when asked to).
import { parentPort, threadId } from "node:worker_threads";

parentPort.on("message", ({ id, job }) => {
  if (job === "fail") parentPort.postMessage({ id, error: "asked to fail" });
  else parentPort.postMessage({ id, result: threadId });
});
