import { createRequire } from "node:module";
import type * as TypeScript from "typescript";

let loaded: typeof TypeScript | undefined;

/**
 * TypeScript, loaded on first use. It is one 9 MB CommonJS file: loading it takes about 0.3 s of
 * the main thread, which only an edit whose comment-only changes cannot be told apart line by
 * line needs (comment-only.ts). `require`, not an import, for the reason typecheck-worker.mjs
 * gives.
 */
export function typescript(): typeof TypeScript {
  return (loaded ??= createRequire(import.meta.url)("typescript") as typeof TypeScript);
}
