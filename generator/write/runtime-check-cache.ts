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
 * tcgen's first run and reused by the later ones until one of those inputs changes. The check also
 * keeps the runtime's declarations, which every later program reads instead of its sources.
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
 * What the worker's check of the runtime found: its diagnostics, by path, and, when it found none,
 * its declarations (`.d.ts` text, by the source's path) with stand-ins for the globals they name,
 * which programs of the generated code read in place of its sources (typecheck-worker.mjs).
 */
export interface RuntimeCheck {
  diagnostics: Record<string, string[]>;
  declared: { files: Record<string, string>; globals: string } | null;
}

/**
 * What a previous run kept in `file`: one list of diagnostics for each of `paths` and nothing else,
 * and declarations for each of them or none; undefined when there is no such file or it is not
 * exactly that (then the runtime is checked).
 */
export function readRuntimeCheck(file: string, paths: readonly string[]): RuntimeCheck | undefined {
  let kept: unknown;
  try {
    kept = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (!isRecord(kept) || Object.keys(kept).length !== 2) return undefined;
  const { diagnostics, declared } = kept;
  const expected = new Set(paths);
  const onePerPath = (value: unknown, fits: (entry: unknown) => boolean): boolean =>
    isRecord(value) && Object.keys(value).length === expected.size && Object.entries(value).every(([p, entry]) => expected.has(p) && fits(entry));
  const lists = onePerPath(diagnostics, (list) => Array.isArray(list) && list.every((d) => typeof d === "string"));
  const texts = declared === null || (isRecord(declared) && Object.keys(declared).length === 2 && typeof declared.globals === "string" && onePerPath(declared.files, (text) => typeof text === "string"));
  return lists && texts ? ({ diagnostics, declared } as RuntimeCheck) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
