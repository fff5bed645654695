// A full collection of the calling thread's heap. Plain JavaScript: the worker threads import it
// too, and they do not inherit the main thread's TypeScript loader.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc;

/**
 * Collects this thread's heap, and lets V8 give back to the system the pages that frees. Node
 * takes V8's `--expose-gc` only on its command line, which a package's bin cannot set, so `gc` is
 * fetched once per thread at run time the way Jest's leak detector does: the flag is on just long
 * enough to create one context. The flag is process-wide, so another thread may turn it off in
 * between; then nothing is collected this time, the next call tries again, and false is returned.
 */
export function collectGarbage() {
  try {
    if (!gc) {
      setFlagsFromString("--expose-gc");
      try {
        gc = runInNewContext("gc");
      } finally {
        setFlagsFromString("--no-expose-gc");
      }
    }
    gc();
    return true;
  } catch {
    gc = undefined;
    return false;
  }
}
