// Types of keep-newest.mjs (plain JavaScript, used by the type-check workers and the main thread's caches).
export declare function keepNewest(dir: string, name: RegExp, keep: number, current: string): void;
