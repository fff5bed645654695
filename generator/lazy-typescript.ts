import { createRequire } from "node:module";
import type * as TypeScript from "typescript";

let loaded: typeof TypeScript | undefined;

/**
 * TypeScript, loaded on first use. It is one 9 MB CommonJS file: loading it took about 0.3 s of
 * the main thread, which most runs never need (an edit of CLB: no generated line needs the
 * scanner, and comment-only changes are told apart without a parse). `require`, not an import,
 * for the reason typecheck-worker.mjs gives.
 */
export function typescript(): typeof TypeScript {
  return (loaded ??= createRequire(import.meta.url)("typescript") as typeof TypeScript);
}
