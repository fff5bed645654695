// Types of typescript-code-cache.mjs (plain JavaScript, loaded by the type-check workers).
export declare function isCodeCacheFile(name: string): boolean;
/** `v8Flags` are set for the whole process (`v8.setFlagsFromString`) before TypeScript is compiled. */
export declare function loadTypeScript(cacheDir?: string, v8Flags?: string): { ts: typeof import("typescript"); keep(): void };
