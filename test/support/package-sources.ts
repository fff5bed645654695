import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "./run.js";

const PACKAGE = path.join(REPO, "generated");

/**
 * The source module behind a subpath of the generated package (`gaap/client`, `mock`, or "" for
 * the root), read from its package.json `exports`, so tests import exactly what a consumer gets.
 */
export function sourceOf(subpath: string): string {
  const exports = JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8")).exports as Record<string, { import?: { default?: string } }>;
  const target = exports[subpath ? `./${subpath}` : "."]?.import?.default;
  if (!target) throw new Error(`the generated package exports no subpath "${subpath}"`);
  return path.join(PACKAGE, target.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
}

/** TypeScript `paths` that resolve every export of the generated package to its source. */
export function packagePaths(): Record<string, string[]> {
  const exports = JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  const paths: Record<string, string[]> = {};
  for (const key of Object.keys(exports.exports)) {
    if (key.includes("*") || key.endsWith(".json")) continue;
    const subpath = key === "." ? "" : key.slice(2);
    paths[subpath ? `${exports.name}/${subpath}` : exports.name] = [sourceOf(subpath)];
  }
  return paths;
}
