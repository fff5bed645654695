import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compileSpec } from "../../generator/pipeline/compile-spec.js";
import { generateFiles, type GenerateResult } from "../../generator/pipeline/generate.js";
import { readTemplates } from "../../generator/pipeline/templates.js";
import { Timings } from "../../generator/pipeline/timings.js";
import { TEMPLATES_DIR } from "../../generator/paths.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(REPO, "bin", "tcgen.js");

/** Spec folder -> generated files in memory, as `tcgen generate` would produce them. */
export async function generateInMemory(specRoot: string): Promise<GenerateResult> {
  const compiled = await compileSpec(specRoot, "spec");
  if (!compiled.ok) return compiled;
  return generateFiles(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings());
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `tcgen` binary in a child process. */
export async function runTcgen(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `tcgen-${prefix}-`));
}

/** A copy of a spec folder in a temp dir, to break on purpose. */
export async function copySpec(from: string): Promise<string> {
  const dir = await tempDir("spec");
  await cp(from, dir, { recursive: true });
  return dir;
}

/**
 * Replaces `find` (which must occur exactly once) in a file. Returns the 1-based `line:col` of
 * `pointAt` inside the replacement (default: where the replacement starts): where a diagnostic
 * about the edit must point.
 */
export async function edit(file: string, find: string, replace: string, pointAt = ""): Promise<string> {
  const text = await readFile(file, "utf8");
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) throw new Error(`test setup: "${find}" must occur once in ${file}`);
  const updated = text.slice(0, at) + replace + text.slice(at + find.length);
  await writeFile(file, updated);
  const inner = replace.indexOf(pointAt);
  if (inner < 0) throw new Error(`test setup: "${pointAt}" is not in the replacement`);
  return lineCol(updated, at + inner);
}

export function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
