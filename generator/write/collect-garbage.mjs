// A full collection of the calling thread's heap. Plain JavaScript: the worker threads import it
// too, and they do not inherit the main thread's TypeScript loader.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc;

/**
 * Fetches this thread's `gc` once, and says whether it has it. Node takes V8's `--expose-gc` only
 * on its command line, which a package's bin cannot set, so it is fetched at run time the way
 * Jest's leak detector does: the flag is on just long enough to create one context. The flag is
 * process-wide, so another thread may turn it off in between; then this thread has no `gc` yet
 * and the next call tries again. Workers call this as they start, not on their first large job:
 * a thread terminated between turning the flag on and off (`Worker.terminate` skips `finally`)
 * would leave it on for every context created later, and a run ends by terminating its workers
 * right after their last answer.
 */
export function readyCollector() {
  if (gc) return true;
  try {
    setFlagsFromString("--expose-gc");
    try {
      gc = runInNewContext("gc");
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  } catch {
    gc = undefined;
  }
  return gc !== undefined;
}

/**
 * Collects this thread's heap, which lets V8 give back to the system the pages that frees; false
 * when `gc` could not be fetched (see readyCollector), and then nothing was collected.
 */
export function collectGarbage() {
  if (!readyCollector()) return false;
  gc();
  return true;
}
