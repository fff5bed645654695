// Types of write-whole.mjs (plain JavaScript, used by the type-check workers and the main thread's synchronous caches).
export declare function writeWhole(file: string, data: () => Uint8Array): boolean;
