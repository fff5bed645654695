import { compareBytes } from "../ir/naming.js";
import { TCGEN_ROOT } from "../paths.js";
import type { OutputFile } from "../render/handlebars.js";
import { mapBounded, poolSize, WorkerPool } from "./worker-pool.js";

/** A file to check; without `contents`, `check`'s loader reads it when a program that holds it runs. */
export interface CheckFile {
  path: string;
  contents?: string;
}

interface CheckJob<F extends CheckFile = OutputFile> {
  /** Every file the group's program may load: its own, what they import, package.json. */
  files: F[];
  /** The files whose diagnostics this job reports. */
  roots: string[];
  /** Files many jobs hold unchanged (runtime, common): a worker parses them once. */
  shared: string[];
  /** The groups (`checkGroupOf`) whose files the program holds; `*` for every group. */
  holds: string[];
}

/**
 * Type-checks the generated TypeScript in memory, under the generated package's strict settings,
 * before anything is written. Returns `path:line: TSxxxx: message` for each diagnostic, sorted.
 *
 * One program per product (its files, with the shared runtime and common files they import), one
 * for the shared files, one for the package's entry points (with a single product, they are
 * checked in its program); each file's diagnostics come from
 * exactly one program, and the programs run in worker threads on every core. A file's
 * diagnostics depend only on what it imports, which its program holds, so they are the same as
 * one program over everything would give.
 */
export async function typecheckFiles(files: OutputFile[]): Promise<string[]> {
  const checker = new TypeChecker();
  try {
    return await checker.check(files);
  } finally {
    await checker.close();
  }
}

export class TypeChecker {
  private readonly size = poolSize(2);
  private readonly pool = new WorkerPool<CheckJob, string[]>(new URL("./typecheck-worker.mjs", import.meta.url), this.size, { tcgenRoot: TCGEN_ROOT });

  /**
   * The diagnostics of `files`; `onJob` hears how many programs there are, `onDone` each finish.
   * With `changed`, only the programs holding one of those paths (present or removed) run: the
   * others' diagnostics cannot have changed, since a program sees nothing but what it holds.
   */
  async check(
    files: CheckFile[],
    onJob: (total: number) => void = () => {},
    onDone: () => void = () => {},
    changed?: ReadonlySet<string>,
    load: (file: string) => Promise<string> = (file) => Promise.reject(new Error(`internal: no contents for ${file}`)),
  ): Promise<string[]> {
    const jobs = checkJobs(files).filter((job) => changed === undefined || [...changed].some((p) => jobHolds(job, p)));
    // Largest first, so the last job to finish is a small one.
    jobs.sort((a, b) => b.roots.length - a.roots.length);
    onJob(jobs.length);
    // As many jobs in flight as workers: a job's files are read (and held) only while it runs.
    const results = await mapBounded(jobs, this.size, async (job) => {
      const held = await Promise.all(job.files.map(async (f) => ({ path: f.path, contents: f.contents ?? (await load(f.path)) })));
      return this.pool.run({ ...job, files: held }).finally(onDone);
    });
    return [...new Set(results.flat())].sort(compareBytes);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The groups: `src/<product>/**`, the shared `src/runtime` and `src/common`, and the rest. */
export function checkJobs<F extends CheckFile>(files: F[]): CheckJob<F>[] {
  const code = files.filter((f) => /^src\/.*\.m?ts$/.test(f.path));
  const manifest = files.filter((f) => f.path === "package.json");
  const shared = code.filter((f) => isShared(f.path));
  const byProduct = new Map<string, F[]>();
  const entryPoints: F[] = [];
  for (const file of code) {
    if (isShared(file.path)) continue;
    const product = productOf(file.path);
    if (product === undefined) entryPoints.push(file);
    else if (byProduct.has(product)) byProduct.get(product)!.push(file);
    else byProduct.set(product, [file]);
  }
  const sharedPaths = shared.map((f) => f.path);
  const job = (roots: F[], held: F[], holds: string[]): CheckJob<F> => ({ files: [...held, ...manifest], roots: roots.map((f) => f.path), shared: sharedPaths, holds });
  const jobs: CheckJob<F>[] = [];
  // Entry points re-export every product, so their program holds everything. With one product
  // that is the product's own program plus a few small files: checking them there saves parsing
  // the whole product a second time, in cold runs and edits alike.
  const [sole] = byProduct.size === 1 && entryPoints.length ? [...byProduct.keys()] : [];
  for (const [product, own] of byProduct) {
    if (product === sole) jobs.push(job([...own, ...entryPoints], code, ["*"]));
    else jobs.push(job(own, [...own, ...shared], [product, SHARED]));
  }
  if (shared.length) jobs.push(job(shared, shared, [SHARED]));
  if (entryPoints.length && sole === undefined) jobs.push(job(entryPoints, code, ["*"]));
  return jobs;
}

const SHARED = "\0shared";

/**
 * Which group a path belongs to for the type-check: a product's name, the shared runtime and
 * common files, `*` for what every program reads (package.json), or undefined for files no
 * program reads (docs, schemas) and for the entry points (only the entry program reads them).
 */
export function checkGroupOf(file: string): string | undefined {
  if (file === "package.json") return "*";
  if (!/^src\/.*\.m?ts$/.test(file)) return undefined;
  if (isShared(file)) return SHARED;
  return productOf(file);
}

/** Whether the program of `job` reads `file` (or would have, had it not been removed). */
export function jobHolds(job: CheckJob<CheckFile>, file: string): boolean {
  const group = checkGroupOf(file);
  if (group === "*" || job.holds.includes("*")) return group !== undefined || /^src\/.*\.m?ts$/.test(file);
  return group !== undefined && job.holds.includes(group);
}

function isShared(file: string): boolean {
  return file.startsWith("src/runtime/") || file.startsWith("src/common/");
}

/** `src/<product>/...` in a product folder (one that is not the package-wide `mock` entry). */
function productOf(file: string): string | undefined {
  const parts = file.split("/");
  if (parts.length < 3 || (parts[1] === "mock" && parts.length === 3)) return undefined;
  return parts[1];
}
