/** Fetches this thread's `gc` once; false when that failed this time (see collect-garbage.mjs). */
export function readyCollector(): boolean;
/** Collects this thread's heap; false when `gc` could not be fetched, and nothing was collected. */
export function collectGarbage(): boolean;
