// Types of typescript-code-cache.mjs (plain JavaScript, loaded by the type-check workers).
export declare function isCodeCacheFile(name: string): boolean;
export declare function loadTypeScript(cacheDir?: string): { ts: typeof import("typescript"); keep(): void };
