// Types of typescript-code-cache.mjs (plain JavaScript, loaded by the type-check workers).
export declare const CODE_CACHE_FILE: string;
export declare function loadTypeScript(cacheDir?: string): { ts: typeof import("typescript"); keep(): void };
