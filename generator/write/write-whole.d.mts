// Types of write-whole.mjs (plain JavaScript, used by the type-check workers).
export declare function writeWhole(file: string, data: () => Uint8Array): boolean;
