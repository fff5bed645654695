import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TCGEN_ROOT } from "../paths.js";
import type { CheckFile } from "./typecheck.js";

/**
 * The runtime's own diagnostics, kept between runs in tcgen's cache folder. The runtime
 * (templates/runtime, copied verbatim into every generated package) imports nothing but lib and
 * Node's declarations, so what TypeScript reports in its files is a function of their texts, of
 * the checker's code and options (typecheck-worker.mjs), and of the versions of TypeScript and of
 * the declaration packages: together, the key. Checking it cost every cold run's worker about
 * 1.4 s before the first program could start (CLB); like tcgen's compiled CLI, it is now done on
 * tcgen's first run and reused by the later ones until one of those inputs changes.
 */
export function runtimeCheckFile(files: readonly CheckFile[], cacheDir: string): string {
  const hash = createHash("sha256");
  const checker = readFileSync(new URL("./typecheck-worker.mjs", import.meta.url), "utf8");
  for (const part of [checker, ...DECLARING_PACKAGES.map(installedVersion)]) hash.update(part).update("\0");
  for (const file of files) hash.update(file.path).update("\0").update(file.contents ?? "").update("\0");
  return path.join(cacheDir, `runtime-check-${hash.digest("hex").slice(0, 32)}.json`);
}

/** What decides the runtime's diagnostics besides its texts: the checker and the declarations it reads. */
const DECLARING_PACKAGES = ["typescript", "@types/node", "undici-types"];

function installedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(TCGEN_ROOT, "node_modules", name, "package.json"), "utf8")) as { version?: unknown };
  return `${name}@${String(manifest.version)}`;
}

/**
 * The diagnostics a previous run kept in `file`, one list for each of `paths` and nothing else;
 * undefined when there is no such file or it is not exactly that (then the runtime is checked).
 */
export function readRuntimeCheck(file: string, paths: readonly string[]): Record<string, string[]> | undefined {
  let kept: unknown;
  try {
    kept = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof kept !== "object" || kept === null || Array.isArray(kept)) return undefined;
  const entries = Object.entries(kept);
  const expected = new Set(paths);
  const exact = entries.length === expected.size && entries.every(([p, list]) => expected.has(p) && Array.isArray(list) && list.every((d) => typeof d === "string"));
  return exact ? Object.fromEntries(entries) : undefined;
}
