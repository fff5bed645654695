import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compareBytes } from "../ir/naming.js";
import { TCGEN_ROOT, TEMPLATES_DIR } from "../paths.js";
import { isRuntimeSource } from "../pipeline/templates.js";
import type { OutputFile } from "../render/handlebars.js";
import { entryContract, type EntryContract } from "../emit/package/entry-contracts.js";
import { CACHE_DIR } from "../load/cache-dir.js";
import { readRuntimeCheck, runtimeCheckFile } from "./runtime-check-cache.js";
import { mapBounded, poolSize, WorkerPool } from "./worker-pool.js";

/** A file to check; without `contents`, `run`'s loader reads it when a program that holds it runs. */
export interface CheckFile {
  path: string;
  contents?: string;
}

export interface CheckJob<F extends CheckFile = OutputFile> {
  /** Every file the group's program may load: its own, what they import, package.json. */
  files: F[];
  /** The files whose diagnostics this job reports. */
  roots: string[];
  /** Files many jobs hold unchanged (runtime, common): a worker parses them once. */
  shared: string[];
  /** The groups (`checkGroupOf`) whose files the program holds; `*` for every group. */
  holds: string[];
  /** Only roots that are or import one of these need checking (an edit); all roots when absent. */
  changed?: string[];
  /** The worker collects its heap after this program (a large one, see LARGE_PROGRAM). */
  collectAfter?: boolean;
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

/**
 * Characters of source past which a program's worker collects its heap after it: a program grows
 * the worker's heap by hundreds of megabytes (Tencent's csip, 12 MB of source: 590 MB), which V8
 * would keep for the rest of the run; a full collection gives most of it back (that worker's heap
 * 590 to 113 MB, the process 696 to 312 MB, 220 MB two seconds later, 106 MB once the worker
 * ended). Replacing the worker instead, as tcgen did, gave back that last hundred megabytes but
 * paid a new worker's start, TypeScript's declarations parsed again and its code compiled again
 * by V8: the programs of the catalogue's 40 largest products (32 of them over 2 M), two workers,
 * alternating, took 257-275 s of CPU with replacing against 183-199 s with collecting, at the same
 * peak RSS (1.20-1.22 GiB).
 */
const LARGE_PROGRAM = 2_000_000;

/** The runtime sources the generated package copies verbatim. */
export const RUNTIME_TEMPLATES = path.join(TEMPLATES_DIR, "runtime");

/** The runtime sources in `folder` as the package holds them: `src/runtime/<name>`. */
function runtimeSources(folder: string): CheckFile[] {
  const names = readdirSync(folder).filter(isRuntimeSource).sort();
  return names.map((name) => ({ path: `src/runtime/${name}`, contents: readFileSync(path.join(folder, name), "utf8") }));
}

export class TypeChecker {
  private size: number;
  private started: WorkerPool<CheckJob | TakenQuestion, string[] | number> | undefined;

  /**
   * `startNow`: start the workers at once, so they load TypeScript while the caller renders (a
   * cold run). Otherwise they start with the first program: an edit often runs none, and two
   * idle workers parsing TypeScript's declarations would take both cores from it.
   * `runtime`: the folder of the runtime sources the generated package copies (templates/runtime),
   * which the workers started now type-check meanwhile, unless `cacheDir` keeps the diagnostics of
   * those texts from an earlier run (runtime-check-cache.ts; the workers keep them there when it
   * does not); the programs they run later take the diagnostics of files with those texts from
   * that (typecheck-worker.mjs). `cacheDir` also keeps V8's compiled code of TypeScript for the
   * workers (typescript-code-cache.mjs); false: neither is kept.
   * `largeProgram`: characters of source past which a worker collects its heap after a program.
   */
  constructor(
    startNow = true,
    workers = 2,
    private readonly runtime: string | false = startNow && RUNTIME_TEMPLATES,
    private readonly cacheDir: string | false = CACHE_DIR,
    private readonly largeProgram = LARGE_PROGRAM,
  ) {
    this.size = poolSize(workers);
    if (startNow) void this.pool;
  }

  /** Runs up to `workers` programs at once from now on: a checker started before the spec's size was known. */
  grow(workers: number): this {
    this.size = Math.max(this.size, poolSize(workers));
    this.started?.grow(this.size);
    return this;
  }

  private get pool(): WorkerPool<CheckJob | TakenQuestion, string[] | number> {
    if (this.started) return this.started;
    const data = { tcgenRoot: TCGEN_ROOT, runtime: undefined, codeCacheDir: this.cacheDir || undefined };
    const runtime = this.runtime ? this.runtimeData(this.runtime) : undefined;
    return (this.started = new WorkerPool(new URL("./typecheck-worker.mjs", import.meta.url), this.size, { ...data, runtime }, data));
  }

  /** The runtime's files for the workers, with their diagnostics when a previous run kept them, else where to keep them. */
  private runtimeData(folder: string): { files: CheckFile[]; known?: Record<string, string[]>; keepIn?: string } {
    const files = runtimeSources(folder);
    if (!this.cacheDir) return { files };
    let keepIn: string;
    try {
      keepIn = runtimeCheckFile(files, this.cacheDir);
    } catch {
      // A declaration package not where the key looks for it: no key, so no cache; checked as ever.
      return { files };
    }
    const known = readRuntimeCheck(keepIn, files.map((f) => f.path));
    return known ? { files, known } : { files, keepIn };
  }

  /**
   * Hands files of the next program to the worker before its job (a cold run's one program, while
   * the rest is rendered), to parse and bind meanwhile (typecheck-worker.mjs `parseAhead`). With
   * one worker only: the one that program will run on. The program takes a file only when it
   * holds the same text; any it does not take is dropped after it.
   */
  parseAhead(files: CheckFile[]): void {
    // A started pool only: a worker started for this would not know how the package parses.
    if (this.started?.size !== 1 || files.length === 0) return;
    this.started.hint({ parseAhead: files.map((f) => ({ path: f.path, contents: f.contents })) });
  }

  /** How many trees parsed ahead the worker's programs have taken so far (what tests see of `parseAhead`). */
  async parseAheadTaken(): Promise<number> {
    return (await this.pool.run({ question: "parse-ahead taken" })) as number;
  }

  /** The diagnostics of `files`, every program at once (which programs an edit re-runs: `Run.check` in incremental.ts). */
  async check(files: OutputFile[]): Promise<string[]> {
    // Largest first, so the last job to finish is a small one.
    const jobs = checkJobs(files).sort((a, b) => b.roots.length - a.roots.length);
    const loaded = (file: string) => Promise.reject(new Error(`internal: no contents for ${file}`));
    const results = await mapBounded(jobs, this.size, (job) => this.run(job, loaded));
    return [...new Set(results.flat())].sort(compareBytes);
  }

  /**
   * One program's diagnostics; files without contents are read with `load` when it starts. With
   * `changed` (the held files whose text changed since a run whose programs all passed), only the
   * roots that are or import one of them are checked (see typecheck-worker.mjs).
   */
  async run(job: CheckJob<CheckFile>, load: (file: string) => Promise<string>, changed?: string[]): Promise<string[]> {
    const held = await Promise.all(job.files.map(async (f) => ({ path: f.path, contents: f.contents ?? (await load(f.path)) })));
    const size = held.reduce((sum, f) => sum + f.contents.length, 0);
    return (await this.pool.run({ ...job, files: held, changed, collectAfter: size > this.largeProgram })) as string[];
  }

  close(): Promise<void> {
    return this.started?.close() ?? Promise.resolve();
  }
}

/** A job that asks the worker how many trees parsed ahead its programs took, instead of checking. */
interface TakenQuestion {
  question: "parse-ahead taken";
}

/** The groups: `src/<product>/**`, the shared `src/runtime` and `src/common`, and the rest. */
export function checkJobs<F extends CheckFile>(files: F[], contract: (product: string) => EntryContract = entryContract): CheckJob<F | OutputFile>[] {
  const context = checkContext(files);
  const byProduct = new Map<string, F[]>();
  for (const file of files) {
    const group = checkGroupOf(file.path);
    if (group === undefined || group === "*" || group === SHARED_GROUP || group === ENTRY_GROUP) continue;
    if (byProduct.has(group)) byProduct.get(group)!.push(file);
    else byProduct.set(group, [file]);
  }
  const sole = byProduct.size === 1;
  const jobs: CheckJob<F | OutputFile>[] = [...byProduct].map(([product, own]) => productJob(product, own, context, sole, contract));
  jobs.push(...packageJobs(context, sole ? [] : [...byProduct.keys()], contract));
  return jobs;
}

/** The files of `files` that every product's program, or the entry points', reads. */
export function checkContext<F extends CheckFile>(files: readonly F[]): CheckContext<F> {
  const groups = files.map((f) => [f, checkGroupOf(f.path)] as const);
  const of = (group: string) => groups.filter(([, g]) => g === group).map(([f]) => f);
  return { shared: of(SHARED_GROUP), manifest: of("*"), entries: of(ENTRY_GROUP) };
}

/** The files every product's program reads besides its own: held in memory for the whole run. */
export interface CheckContext<F extends CheckFile> {
  /** `src/runtime/**`, `src/common/**`. */
  shared: F[];
  /** `package.json` (module resolution reads it), when there is one. */
  manifest: F[];
  /** The package's entry points (`src/index.ts`, `src/mock/index.ts`). */
  entries: F[];
}

/**
 * One product's program. With a single product the entry points are checked here too, against
 * the real product (a separate program would parse the whole product a second time); with several,
 * they get a program of their own over stubs (`packageJobs`), and each product's program checks
 * the contract those stubs stand for.
 */
export function productJob<F extends CheckFile>(
  product: string,
  own: F[],
  context: CheckContext<F>,
  sole: boolean,
  contract: (product: string) => EntryContract = entryContract,
): CheckJob<F | OutputFile> {
  if (sole && context.entries.length) return job([...own, ...context.entries], [...own, ...context.shared, ...context.entries, ...context.manifest], ["*"]);
  const contracts = context.entries.length ? contract(product).contracts : [];
  return job([...own, ...contracts], [...own, ...contracts, ...context.shared, ...context.manifest], [product, SHARED_GROUP]);
}

/**
 * One program over every code file: the products' (`own`), the shared files and the entry points,
 * all checked. For a small spec, where the programs' common costs (TypeScript's globals, the
 * runtime each imports) outweigh the programs themselves.
 */
export function wholeJob<F extends CheckFile>(own: F[], context: CheckContext<F>): CheckJob<F> {
  const roots = [...own, ...context.shared, ...context.entries];
  return job(roots, [...roots, ...context.manifest], ["*"]);
}

/** The shared files' program, and (with several products) the entry points' program over stubs. */
export function packageJobs<F extends CheckFile>(context: CheckContext<F>, products: string[], contract: (product: string) => EntryContract = entryContract): CheckJob<F | OutputFile>[] {
  const jobs: CheckJob<F | OutputFile>[] = [];
  if (context.shared.length) jobs.push(job(context.shared, [...context.shared, ...context.manifest], [SHARED_GROUP]));
  if (context.entries.length && products.length) {
    const stubs = products.flatMap((product) => contract(product).stubs);
    jobs.push(job(context.entries, [...context.entries, ...context.shared, ...stubs, ...context.manifest], [ENTRY_GROUP, SHARED_GROUP]));
  }
  return jobs;
}

function job<F extends CheckFile>(roots: F[], held: F[], holds: string[]): CheckJob<F> {
  return { files: held, roots: roots.map((f) => f.path), shared: held.filter((f) => isShared(f.path)).map((f) => f.path), holds };
}

function isCode(file: string): boolean {
  return /^src\/.*\.m?ts$/.test(file);
}

/** The group of the shared runtime and common files. */
export const SHARED_GROUP = "\0shared";
/** The entry points' group: only their own program reads them (over stubs of the products). */
export const ENTRY_GROUP = "\0entries";

/**
 * Which group a path belongs to for the type-check: a product's name, the shared runtime and
 * common files, the entry points, `*` for what every program reads (package.json), or undefined
 * for files no program reads (docs, schemas).
 */
export function checkGroupOf(file: string): string | undefined {
  if (file === "package.json") return "*";
  if (!isCode(file)) return undefined;
  if (isShared(file)) return SHARED_GROUP;
  return productOf(file) ?? ENTRY_GROUP;
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
