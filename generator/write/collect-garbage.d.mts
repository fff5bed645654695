/** Collects this thread's heap; false when `gc` could not be fetched this time (see collect-garbage.mjs). */
export function collectGarbage(): boolean;
