import type { Action, Ir, Service } from "../ir/types.js";
import { compareBytes } from "../ir/naming.js";
import { createRenderer, type OutputFile } from "../render/handlebars.js";
import { actionKey, fileKey, irFrame, productKey, serviceContext, structsKey, type BuildCache, type PartRecord, type ProductRecord } from "../write/build-cache.js";
import { differsOnlyInComments } from "../write/comment-only.js";
import { Formatter } from "../write/format.js";
import { sha256 } from "../write/manifest.js";
import type { OutputSink, PlannedFile } from "../write/output-tree.js";
import { checkContext, checkGroupOf, ENTRY_GROUP, packageJobs, productJob, RUNTIME_TEMPLATES, SHARED_GROUP, TypeChecker, wholeJob, type CheckContext, type CheckFile, type CheckJob } from "../write/typecheck.js";
import { mapBounded } from "../write/worker-pool.js";
import { actionScope, emitActionFiles, emitPackageFiles, emitProductFiles, emitStructFiles, type FileKinds } from "./generate.js";
import { HeapTrim } from "./heap-trim.js";
import { readIntact, type PreviousOutput } from "./previous-output.js";
import { SILENT, type Progress } from "./progress.js";
import type { TemplateSet } from "./templates.js";
import type { Timings } from "./timings.js";

/**
 * Products rendered, formatted and checked at once. Memory: the text being formatted and checked
 * stays within TEXT_IN_FLIGHT, and up to two more products' rendered text waits for room there
 * (one with two in flight). A product's program starts once its code is rendered; with two in
 * flight the type-check workers often waited for the main thread to get to the next product's
 * code: on the whole catalogue both sat idle for 32 s of a 326 s run after the load, in gaps of
 * up to a few seconds. Three in flight: cold 293-302 s in three runs against 310 s in two with
 * two in flight (peak RSS 2.30-2.33 GiB against 2.16-2.27); four: 304 s.
 */
const PRODUCTS_IN_FLIGHT = 3;

/**
 * Characters of rendered text formatted and type-checked at once. Memory follows the text (a
 * TypeScript program takes about a hundred times its source); a product bigger than half of this
 * (Tencent's largest, mps, renders over 40 million) runs alone.
 */
const TEXT_IN_FLIGHT = 24_000_000;

export type IncrementalResult =
  | {
      ok: true;
      /** Sorted by path; `contents` as the sink left it (undefined for a file reused from the previous output). */
      files: PlannedFile[];
      cache: BuildCache;
      /** Files formatted in this run. */
      formatted: number;
      /** Type-check programs run in this run. */
      programs: number;
      /** Products rendered in this run (the others' IR was unchanged: their files were reused as they are). */
      rendered: string[];
      /**
       * Parts of rendered products whose files were rendered in this run, as `product/Action` or
       * `product/structs` (the other parts' files were reused as they are).
       */
      renderedParts: string[];
    }
  | { ok: false; errors: string[] };

export const KEEP_IN_MEMORY: OutputSink = { put: async (file) => file };
export const HASHES_ONLY: OutputSink = { put: async ({ path, sha256 }) => ({ path, sha256 }) };

/**
 * IR -> every output file, reusing the previous output where the cache allows: a file whose key
 * (fingerprint + rendered text) is unchanged and whose bytes on disk are intact is not formatted
 * again, and a type-check program runs only when it holds a file whose key changed, or one added
 * or removed. Without a usable cache this is a cold run: everything is formatted and every program
 * runs. Gives the same bytes whatever the cache holds.
 *
 * Memory is bounded by the IR plus a few products: the package's own files come first (every
 * product's program reads the shared ones), then each product is rendered, formatted,
 * type-checked and handed to `sink` before the next ones start (PRODUCTS_IN_FLIGHT at a time).
 */
export async function generateIncremental(
  ir: Ir,
  templates: TemplateSet,
  timings: Timings,
  previous: PreviousOutput,
  keys: { generator: string; sources: string; spec: string },
  progress: Progress = SILENT,
  sink: OutputSink = KEEP_IN_MEMORY,
  options: IncrementalOptions = {},
): Promise<IncrementalResult> {
  const sole = ir.services.length === 1;
  // A small spec's code, or a lone product's, is type-checked in one program, by one worker, once
  // every product's code is rendered.
  const actions = ir.services.reduce((sum, s) => sum + s.actions.length, 0);
  const together = actions <= (options.checkTogetherUpTo ?? (sole ? Infinity : TOGETHER_UP_TO_ACTIONS));
  const run = new Run(timings, previous, keys.generator, sink, irFrame(ir), options, together ? 1 : 2);
  try {
    progress.start("generate", ir.services.length + 1, "products");
    const errors = await timings.measureAsync("generate", async () => {
      const render = createRenderer(templates.templates);
      const { context, rest } = await run.packageUnit(() => emitPackageFiles(ir, templates, render));
      progress.advance();
      const held = together ? new Together(ir.services.length) : undefined;
      // Cold, the one program runs on the rendered text while prettier formats it (see Together).
      const early = held && !previous.cache ? held.allRendered.then(() => run.check(wholeJob(held.rendered, context))) : undefined;
      early?.catch(() => {});
      // The shared and entry-point programs need nothing of the products: they run alongside them.
      const packageJobsToRun = together ? [] : packageJobs(context, sole ? [] : ir.services.map((s) => s.product));
      const packageChecks = Promise.all(packageJobsToRun.map((job) => run.check(job)));
      // Awaited below, after the products: a failure meanwhile must not end the process unhandled
      // (as packageUnit does for `rest`).
      packageChecks.catch(() => {});
      const products = await mapBounded(ir.services, PRODUCTS_IN_FLIGHT, async (service) => {
        const emit = {
          product: (kinds: FileKinds) => emitProductFiles(ir, service, render, kinds),
          structs: (kinds: FileKinds) => emitStructFiles(ir, service, render, kinds),
          action: (action: Action, kinds: FileKinds) => emitActionFiles(ir, service, action, render, kinds),
        };
        const found = await run.productUnit(service, emit, context, sole, held);
        // Here, not in productUnit: the product's files are garbage only once it has returned.
        run.heap.afterUnit();
        progress.advance();
        return found;
      });
      const all = held ? await run.confirm(early, () => wholeJob(held.formatted, context)) : [];
      await rest;
      return [...(await packageChecks).flat(), ...products.flat(), ...all];
    });
    if (errors.length) return { ok: false, errors: [...new Set(errors)].sort(compareBytes).map((e) => `generated package: ${e}`) };
    return { ok: true, files: run.planned.sort((a, b) => compareBytes(a.path, b.path)), cache: { ...keys, inputs: run.sortedInputs(), products: run.sortedProducts() }, formatted: run.formatted, programs: run.programs, rendered: run.rendered, renderedParts: run.renderedParts };
  } finally {
    progress.finish();
    await run.close();
  }
}

/**
 * Actions up to which a spec of several products is type-checked in one program over every code
 * file (`wholeJob`: its products, the shared files, the entry points): each program pays for TypeScript's
 * globals and the runtime it imports again, which made this repo's seven actions in five programs
 * cost 9 s of CPU where one program over the same files takes about 2 s. Above it, one program per
 * product bounds memory (a product's program takes about a hundred times its source). A spec of
 * one product is always checked in one program: its product's program held the shared files
 * anyway, and a second program for those cost a second worker's start and TypeScript's
 * declarations parsed again (CLB cold: 3 s less wall time, 5 s less CPU). Specs up to this size
 * are formatted by one prettier worker.
 */
const TOGETHER_UP_TO_ACTIONS = 100;

export interface IncrementalOptions {
  /** A TypeChecker the caller started early for a cold run (TypeScript loads while the spec compiles); closed with the run. */
  checker?: TypeChecker;
  /** Actions up to which a spec of several products is checked in one program (tests lower it to see the per-product programs). */
  checkTogetherUpTo?: number;
}

/**
 * The code of a small spec's products, or of a lone product, checked in one program (`wholeJob`).
 * Cold, that program starts once every product's code is rendered (their docs, JSON Schema and
 * OpenAPI are rendered meanwhile), on the rendered text, and runs while prettier formats it: formatting changes the layout, which changes the lines TypeScript reports
 * but never whether it reports anything. Only when it finds something does the program run again
 * over the formatted text, for the lines the files will have. After an edit it runs on the
 * formatted files only: the test that lets a comment-only edit skip it compares them with the
 * previous output.
 */
class Together {
  readonly rendered: CheckFile[] = [];
  readonly formatted: CheckFile[] = [];
  readonly allRendered: Promise<void>;
  private left: number;
  private done: () => void = () => {};

  constructor(products: number) {
    this.left = products;
    this.allRendered = new Promise((resolve) => (this.done = resolve));
    if (products === 0) this.done();
  }

  /** True when these were the last product's: the program may start. */
  addRendered(files: CheckFile[]): boolean {
    this.rendered.push(...files);
    if (--this.left === 0) this.done();
    return this.left === 0;
  }
}

/** A product's code files, as copies: the sink may drop a file's text, the program still needs it. */
function codeOf(product: string, files: CheckFile[]): CheckFile[] {
  return files.filter((f) => checkGroupOf(f.path) === product).map((f) => ({ path: f.path, contents: f.contents }));
}

/** A product record's parts, carried over when the product is taken whole. */
function partsOf(record: ProductRecord | undefined): Pick<ProductRecord, "structs" | "actions"> {
  return { ...(record?.structs ? { structs: record.structs } : {}), ...(record?.actions ? { actions: record.actions } : {}) };
}

/** How a product's files are rendered: those listing its actions, its structs', and one action's; their code, or the rest. */
interface ProductEmitters {
  product: (kinds: FileKinds) => OutputFile[];
  structs: (kinds: FileKinds) => OutputFile[];
  action: (action: Action, kinds: FileKinds) => OutputFile[];
}

/** The state of one generation: keys so far, files planned, workers. */
class Run {
  readonly planned: PlannedFile[] = [];
  formatted = 0;
  programs = 0;
  readonly rendered: string[] = [];
  readonly renderedParts: string[] = [];
  private readonly inputs = new Map<string, string>();
  /** Paths whose key differs from the previous run's (new files included): what a program must re-check. */
  private readonly changed = new Set<string>();
  /** `isSubstantive`'s verdicts, by path. */
  private readonly substantive = new Map<string, boolean>();
  /** The groups (`checkGroupOf`) that lost a file since the previous run. */
  private readonly shrunk = new Set<string>();
  private readonly previousByGroup = new Map<string, string[]>();
  private readonly products = new Map<string, ProductRecord>();
  private readonly budget = new MemoryBudget(TEXT_IN_FLIGHT);
  /** The finished products' text, collected before it piles up beside a large program's worker. */
  readonly heap = new HeapTrim();
  /** Made at the first file to format; its prettier workers start only for a file that needs one, the second only for a backlog. */
  private formatter: Formatter | undefined;
  private readonly checker: TypeChecker;

  constructor(
    private readonly timings: Timings,
    private readonly previous: PreviousOutput,
    private readonly generator: string,
    private readonly sink: OutputSink,
    private readonly frame: string,
    /** The TypeChecker the caller started early, if any; closed with the run. */
    { checker }: Pick<IncrementalOptions, "checker">,
    /** Type-check workers: one does for a small spec (see TOGETHER_UP_TO_ACTIONS). */
    checkWorkers: number,
  ) {
    // A small spec's one program holds the runtime: its worker checks that while this thread renders.
    this.checker = checker?.grow(checkWorkers) ?? new TypeChecker(!previous.cache, checkWorkers, !previous.cache && checkWorkers === 1 && RUNTIME_TEMPLATES);
    for (const file of Object.keys(previous.cache?.inputs ?? {})) {
      const group = checkGroupOf(file) ?? "";
      if (this.previousByGroup.has(group)) this.previousByGroup.get(group)!.push(file);
      else this.previousByGroup.set(group, [file]);
    }
  }

  /**
   * The package's own files. Their code (and package.json) is formatted first and returned, held
   * for the whole run, for the programs to read: the shared files' program can start while the
   * rest (the docs' pages, the README) is formatted; `rest` is done when those are stored too.
   */
  async packageUnit(emit: () => OutputFile[]): Promise<{ context: CheckContext<CheckFile>; rest: Promise<void> }> {
    const started = performance.now();
    const emitted = emit();
    this.timings.addWithin("emit", performance.now() - started);
    const isCode = (f: OutputFile) => checkGroupOf(f.path) !== undefined;
    const code = await this.finish(emitted.filter(isCode));
    // Copies without the hash: the sink may drop the files' text, the programs still need it.
    const context = checkContext(code.map((f) => ({ path: f.path, contents: f.contents })));
    // Those groups hold code only: what they lost is known now, before their programs run.
    for (const group of ["*", SHARED_GROUP, ENTRY_GROUP]) this.noteRemoved(group, code);
    const rest = (async () => {
      await this.store([...code, ...(await this.finish(emitted.filter((f) => !isCode(f))))]);
    })();
    // Awaited by the caller at the end; a failure before then must not go unhandled meanwhile.
    rest.catch(() => {});
    return { context, rest };
  }

  /**
   * One product: rendered (the files about the whole product, and each action whose files the
   * previous output cannot give), formatted, its program run if anything it holds changed, then stored.
   */
  async productUnit(service: Service, emit: ProductEmitters, context: CheckContext<CheckFile>, sole: boolean, together?: Together): Promise<string[]> {
    const key = productKey(this.generator, this.frame, service);
    const budget = this.budget.claim();
    try {
      let files = this.unchangedProduct(service.product, key);
      let parts = partsOf(this.previous.cache?.products[service.product]);
      let early: Promise<string[]> | undefined;
      if (!files) {
        this.rendered.push(service.product);
        // Together's program may start once the code is rendered: it reads nothing else.
        const rendered = await this.renderProduct(service, emit, together && ((files) => together.addRendered(codeOf(service.product, files))));
        parts = rendered.parts;
        const code = codeOf(service.product, [...rendered.reused, ...rendered.emitted]);
        // Formatting and type-checking take memory in proportion to the product's text: wait for room.
        await budget.acquire(textSize(rendered.emitted));
        // Cold, its program runs on the rendered text while prettier formats it (as Together's does).
        if (!together && !this.previous.cache) (early = this.check(productJob(service.product, code, context, sole))).catch(() => {});
        files = [...rendered.reused, ...(await this.finish(rendered.emitted))];
      } else together?.addRendered(codeOf(service.product, files));
      // Sorted: reused and rendered files come in another order than a cold run's, the record may not.
      this.products.set(service.product, { key, files: files.map((f) => f.path).sort(compareBytes), ...parts });
      this.noteRemoved(service.product, files);
      const own = files.filter((f) => checkGroupOf(f.path) === service.product);
      together?.formatted.push(...codeOf(service.product, own));
      const errors = together ? [] : await this.confirm(early, () => productJob(service.product, own, context, sole));
      await this.store(files);
      return errors;
    } finally {
      budget.release();
    }
  }

  /**
   * What the program over the formatted files reports: nothing when `early`, the same program run
   * on the rendered text while prettier formatted it (cold), found nothing; otherwise that program,
   * run for the lines the files have once formatted (layout moves lines, never whether TypeScript
   * reports anything).
   */
  async confirm(early: Promise<string[]> | undefined, formatted: () => CheckJob<CheckFile>): Promise<string[]> {
    const found = early && (await early);
    return found?.length === 0 ? [] : this.check(formatted());
  }

  /** Runs `job` unless nothing it holds changed since the previous run (whose programs all passed). */
  async check(job: CheckJob<CheckFile>): Promise<string[]> {
    // Cold, or a file removed (which breaks whoever imported it without changing their text): every root.
    const everything = this.previous.cache === undefined || job.holds.some((g) => this.shrunk.has(g) || (g === "*" && this.shrunk.size > 0));
    const changed = everything ? undefined : await this.substantiveChanges(job);
    if (changed?.length === 0) return [];
    this.programs++;
    const started = performance.now();
    try {
      return await this.checker.run(job, (file) => readIntact(this.previous, file), changed);
    } finally {
      this.timings.addWithin("typecheck", performance.now() - started);
    }
  }

  /**
   * The files of a product whose IR is as in the previous run, when every one of them is still
   * intact on disk: taken as they are, without rendering. Undefined when it must be rendered.
   */
  private unchangedProduct(product: string, key: string): (CheckFile & { sha256: string })[] | undefined {
    const before = this.previous.cache?.products[product];
    return before?.key === key ? this.reusable(before.files) : undefined;
  }

  /**
   * The files of a changed product: those listing its actions rendered; its structs' files and
   * each action's rendered unless their key (`structsKey`, `actionKey`: the IR they are rendered
   * from) is the previous run's and their files are intact, which are then taken as they are.
   * The code of every rendered part comes first, handed to `codeDone` with the files taken over,
   * then the rest (docs, JSON Schema, OpenAPI): a program over the code can start meanwhile.
   */
  private async renderProduct(service: Service, emit: ProductEmitters, codeDone?: (files: CheckFile[]) => boolean) {
    const started = performance.now();
    const before = this.previous.cache?.products[service.product];
    const context = serviceContext(service);
    // Cold, the one program runs once the last code is rendered: its worker parses each part meanwhile.
    const parseAhead = (files: OutputFile[]) => {
      if (codeDone && !this.previous.cache) this.checker.parseAhead(codeOf(service.product, files));
    };
    const emitted = emit.product("code");
    parseAhead(emitted);
    const reused: (CheckFile & { sha256: string })[] = [];
    const notCode = (files: OutputFile[]) => {
      // The program may already be running on the code: nothing it checks may come after it.
      const code = files.find((f) => checkGroupOf(f.path) !== undefined);
      if (code) throw new Error(`internal: ${code.path} was rendered after the code of ${service.product}`);
      return files;
    };
    const rest: (() => void)[] = [() => emitted.push(...notCode(emit.product("rest")))];
    const part = (previous: PartRecord | undefined, key: string, render: (kinds: FileKinds) => OutputFile[], label: string): PartRecord => {
      const kept = previous?.key === key ? this.reusable(previous.files) : undefined;
      if (kept) {
        reused.push(...kept);
        return { key, files: kept.map((f) => f.path).sort(compareBytes) };
      }
      this.renderedParts.push(`${service.product}/${label}`);
      const code = render("code");
      emitted.push(...code);
      parseAhead(code);
      const record: PartRecord = { key, files: [] };
      rest.push(() => {
        const other = notCode(render("rest"));
        emitted.push(...other);
        record.files = [...code, ...other].map((f) => f.path).sort(compareBytes);
      });
      return record;
    };
    const structs = part(before?.structs, structsKey(this.generator, this.frame, context), emit.structs, "structs");
    const actions: Record<string, PartRecord> = Object.create(null);
    for (const action of service.actions) {
      const previous = before?.actions && Object.hasOwn(before.actions, action.name) ? before.actions[action.name] : undefined;
      actions[action.name] = part(previous, actionKey(this.generator, this.frame, context, actionScope(service, action)), (kinds) => emit.action(action, kinds), action.name);
    }
    // When that lets a program start, a turn of the event loop first, so that its job is posted.
    if (codeDone?.([...reused, ...emitted])) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const renderRest of rest) renderRest();
    this.timings.addWithin("emit", performance.now() - started);
    return { emitted, reused, parts: { structs, actions } };
  }

  /** Previous files, when every one is intact on disk, with their keys taken over; otherwise none. */
  private reusable(files: string[]): (CheckFile & { sha256: string })[] | undefined {
    const cache = this.previous.cache;
    if (!cache || !files.every((f) => this.previous.intact.has(f))) return undefined;
    return files.map((path) => {
      if (this.inputs.has(path)) throw new Error(`internal: two emitters wrote ${path}`);
      this.inputs.set(path, cache.inputs[path]!);
      return { path, sha256: this.previous.onDisk.get(path)! };
    });
  }

  sortedProducts(): BuildCache["products"] {
    return Object.fromEntries([...this.products].sort(([a], [b]) => compareBytes(a, b)));
  }

  /**
   * The files of `job` whose text changed in a way the checker can see: a file whose new version
   * differs from the one on disk only in comments (an edited description) is left out.
   */
  private async substantiveChanges(job: CheckJob<CheckFile>): Promise<string[]> {
    const changed: string[] = [];
    for (const file of job.files) {
      if (!this.changed.has(file.path)) continue;
      if (await this.isSubstantive(file)) changed.push(file.path);
    }
    return changed;
  }

  /**
   * Whether a changed file's new text differs from the old in more than comments. Kept per path:
   * a shared file (runtime, common) is in every product's job, and comparing means reading the old
   * file and printing both syntax trees.
   */
  private async isSubstantive(file: CheckFile): Promise<boolean> {
    const known = this.substantive.get(file.path);
    if (known !== undefined) return known;
    const comparable = file.contents !== undefined && /\.m?ts$/.test(file.path) && this.previous.intact.has(file.path);
    const before = comparable ? await readIntact(this.previous, file.path) : undefined;
    const verdict = before === undefined || !differsOnlyInComments(file.path, before, file.contents!);
    this.substantive.set(file.path, verdict);
    return verdict;
  }

  sortedInputs(): Record<string, string> {
    return Object.fromEntries([...this.inputs].sort(([a], [b]) => compareBytes(a, b)));
  }

  async close(): Promise<void> {
    await Promise.all([this.formatter?.close(), this.checker.close()]);
  }

  /** Keys rendered files, and formats those the previous output cannot give. */
  private async finish(emitted: OutputFile[]): Promise<(CheckFile & { sha256: string })[]> {
    const old = this.previous.cache?.inputs;
    const files: (CheckFile & { sha256: string })[] = [];
    const toFormat: (OutputFile & { sha256: string })[] = [];
    for (const file of emitted) {
      if (this.inputs.has(file.path)) throw new Error(`internal: two emitters wrote ${file.path}`);
      const key = fileKey(this.generator, file);
      this.inputs.set(file.path, key);
      if (old?.[file.path] !== key) this.changed.add(file.path);
      if (old?.[file.path] === key && this.previous.intact.has(file.path)) files.push({ path: file.path, sha256: this.previous.onDisk.get(file.path)! });
      else {
        const fresh = { path: file.path, contents: file.contents, final: file.final, formatted: file.formatted, layOut: file.layOut, finalFences: file.finalFences, sha256: "" };
        files.push(fresh);
        toFormat.push(fresh);
      }
    }
    if (toFormat.length) await this.format(toFormat);
    return files;
  }

  private async format(files: (OutputFile & { sha256: string })[]): Promise<void> {
    const formatter = (this.formatter ??= new Formatter());
    const started = performance.now();
    await formatter.formatInPlace(files, (file) => {
      file.sha256 = sha256(file.contents);
    });
    this.formatted += files.length;
    this.timings.addWithin("format", performance.now() - started);
  }

  /** Files of `group` the previous run had and this one does not: the group's program must run. */
  private noteRemoved(group: string, files: { path: string }[]): void {
    const now = new Set(files.map((f) => f.path));
    if ((this.previousByGroup.get(group) ?? []).some((file) => !now.has(file) && !this.inputs.has(file))) this.shrunk.add(group);
  }

  private async store(files: (CheckFile & { sha256: string })[]): Promise<void> {
    for (const file of files) {
      if (file.contents === undefined) this.planned.push({ path: file.path, sha256: file.sha256 });
      else this.planned.push(await this.sink.put({ path: file.path, contents: file.contents, sha256: file.sha256 }));
    }
  }
}

/** The characters of rendered text `files` hold. */
function textSize(files: readonly { contents: string }[]): number {
  return files.reduce((sum, f) => sum + f.contents.length, 0);
}

/** A claim on a `MemoryBudget` by one product: its size is known once it is rendered. */
interface Claim {
  acquire(weight: number): Promise<void>;
  release(): void;
}

/** Lets products through while their text fits in `capacity`; one alone always fits. */
class MemoryBudget {
  private used = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  claim(): Claim {
    let held = 0;
    return {
      acquire: async (weight) => {
        while (this.used > 0 && this.used + weight > this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.used += weight;
        held += weight;
      },
      release: () => {
        this.used -= held;
        held = 0;
        const waiting = this.waiting;
        this.waiting = [];
        for (const wake of waiting) wake();
      },
    };
  }
}
