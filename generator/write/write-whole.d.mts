// Types of write-whole.mjs (plain JavaScript, used by the type-check workers and the kept templates).
export declare function writeWhole(file: string, data: () => Uint8Array): boolean;
