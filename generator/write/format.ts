import type * as prettier from "prettier";
import type { OutputFile } from "../render/handlebars.js";
import { finalJson } from "./final-json.js";
import { finalMarkdown } from "./final-markdown.js";
import { PRINT_WIDTH } from "./text-width.js";
import { finalTypeScript } from "./final-typescript.js";
import { mapBounded, poolSize, WorkerPool } from "./worker-pool.js";

/** Pinned here, not read from any config file, so output never depends on the machine. */
export const PRETTIER_OPTIONS: prettier.Options = {
  printWidth: PRINT_WIDTH,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
  proseWrap: "preserve",
};

/** Characters past which a prettier worker collects its heap after formatting the file (prettier-worker.mjs). */
const LARGE_TEXT = 1_000_000;

/**
 * prettier jobs waiting for each running worker before the Formatter starts another: loading
 * prettier costs a worker about a second of CPU, more than a few files' formatting, and on two
 * cores a cold run spends it beside TypeScript's worker (a spec that sends prettier five files
 * paid for two workers).
 */
const BACKLOG_PER_WORKER = 8;

/** Fenced code blocks a Formatter remembers (see `Formatter.fences`): about a megabyte of text. */
const FENCE_MEMORY = 1000;

const PARSERS: Record<string, string> = { ".ts": "typescript", ".json": "json", ".md": "markdown", ".mts": "typescript" };

/**
 * Parsers that give prettier the same syntax tree for the code tcgen emits, in less time: babel's
 * TypeScript parser reads the generated code in about 60% of the time of typescript-estree (CLB's
 * 563 formatted TypeScript files: 2.2 s against 3.5 s) and prettier prints the same bytes from it
 * (test/format-fast-path.test.ts holds the golden specs to `formatWithPrettier`, which keeps the
 * reference parser). What babel cannot parse goes to the reference parser.
 */
const FASTER_PARSER: Record<string, string> = { typescript: "babel-ts" };

interface PrettierJob {
  text: string;
  parser: string;
  /** The worker collects its heap after this file (a very large one, see LARGE_TEXT). */
  collectAfter: boolean;
}

/**
 * Formats generated files to exactly the bytes prettier gives them. JSON and the docs' Markdown
 * are printed in their final form directly (final-json.ts, final-markdown.ts: no prettier parse,
 * which was most of the cost), and so is the TypeScript an emitter printed in final form itself
 * (`OutputFile.final`, checked by final-typescript.ts), in a file or in a docs page's fence
 * (`OutputFile.finalFences`); what those decline, and other code, goes to prettier in
 * worker threads, started when the first such file comes (a spec whose files are all final never
 * loads prettier: about a second of CPU a worker, which a cold run of a small spec spent beside
 * TypeScript's worker on a two-core machine) and added, up to one a core, while files wait.
 */
export class Formatter {
  private started: WorkerPool<PrettierJob, string> | undefined;
  private readonly workers: number;
  private closed = false;
  /** prettier jobs given to the pool and not yet done (running or waiting for a worker). */
  private queued = 0;

  /**
   * Fenced code already formatted this run, by parser and text: each example's snippet is on the
   * page of every language (and a product's home page repeats one), so half the fences repeat.
   * The pages of one action are formatted together: the oldest entries past `FENCE_MEMORY` go.
   */
  private readonly fences = new Map<string, Promise<string>>();

  /** `workers`: at most this many threads (each loads prettier, about a second of CPU). */
  constructor(workers = 2) {
    this.workers = poolSize(workers);
  }

  private get pool(): WorkerPool<PrettierJob, string> {
    // After close(), a file still formatting (a run that failed elsewhere) must not start workers no one closes.
    if (this.closed && !this.started) throw new Error("internal: the formatter is closed");
    return (this.started ??= new WorkerPool(new URL("./prettier-worker.mjs", import.meta.url), 1, { options: PRETTIER_OPTIONS }));
  }

  /** Formats `files`; `onDone` is called as each one is finished (for progress). */
  async format(files: OutputFile[], onDone: () => void = () => {}): Promise<OutputFile[]> {
    // A few jobs per worker in flight keeps every worker busy without queueing the whole tree.
    return mapBounded(files, 64, (file) => this.formatFile(file).finally(onDone));
  }

  /**
   * Formats each file and replaces its `contents` with the result as soon as it is ready, so the
   * rendered text can be collected while the rest is formatted; `onDone` hears each file.
   */
  async formatInPlace<F extends OutputFile>(files: F[], onDone: (file: F) => void = () => {}): Promise<void> {
    await mapBounded(files, 64, async (file) => {
      file.contents = (await this.formatFile(file)).contents;
      // Its closure holds the data it lays out: not needed once the text is final, nor the fences.
      delete file.layOut;
      delete file.finalFences;
      onDone(file);
    });
  }

  /** prettier workers started so far. */
  get threads(): number {
    return this.started?.size ?? 0;
  }

  close(): Promise<void> {
    this.closed = true;
    return this.started?.close() ?? Promise.resolve();
  }

  private async formatFile(file: OutputFile): Promise<OutputFile> {
    const parser = PARSERS[extension(file.path)];
    const text = file.contents.replace(/\r\n/g, "\n");
    // `formatted`: tcgen's own text, held to prettier's output by tests (the runtime, the spec format page).
    if (!parser || file.formatted) return { path: file.path, contents: text };
    const laid = laidOut(file);
    if (laid !== undefined) return { path: file.path, contents: laid };
    try {
      return { path: file.path, contents: (await this.finalForm(text, parser, file)) ?? (await this.prettier(text, parser)) };
    } catch (error) {
      throw new Error(`internal: generated ${file.path} does not parse: ${(error as Error).message}`);
    }
  }

  /** What the emitter vouches for: the layout of its TypeScript (`OutputFile.final`), of its fences (`finalFences`). */
  private async finalForm(text: string, parser: string, emitted: OutputFile): Promise<string | undefined> {
    if (parser === "json") return finalJson(text);
    if (parser === "typescript") return emitted.final ? finalTypeScript(text) : undefined;
    if (parser === "markdown") return finalMarkdown(text, (code, codeParser) => this.formatCode(code, codeParser, emitted.finalFences));
    return undefined;
  }

  /**
   * A fenced block inside Markdown, formatted by prettier; rejected when it does not parse (prettier's
   * embed then keeps it nearly as written, which final-markdown.ts leaves to prettier itself).
   * Code the emitter laid out (`finalFences`) is taken as it is when the final check accepts it.
   */
  private formatCode(code: string, parser: string, finalFences?: ReadonlySet<string>): Promise<string> {
    // A js fence vouched for is the README's require line, plain JavaScript that prettier prints
    // through babel as it would through typescript: the final check holds for it too.
    const final = (parser === "typescript" || parser === "babel") && finalFences?.has(code) ? finalTypeScript(code + "\n") : undefined;
    if (final !== undefined) return Promise.resolve(final);
    const key = `${parser}\0${code}`;
    let formatted = this.fences.get(key);
    if (formatted === undefined) {
      formatted = this.prettier(code, parser);
      this.fences.set(key, formatted);
      if (this.fences.size > FENCE_MEMORY) this.fences.delete(this.fences.keys().next().value!);
    }
    return formatted;
  }

  private async prettier(text: string, parser: string): Promise<string> {
    // A very large file grows the worker's heap by what V8 would keep: the worker collects after it.
    const collectAfter = text.length > LARGE_TEXT;
    const faster = FASTER_PARSER[parser];
    if (faster === undefined) return this.run({ text, parser, collectAfter });
    try {
      return await this.run({ text, parser: faster, collectAfter });
    } catch {
      return this.run({ text, parser, collectAfter });
    }
  }

  /** One job on the pool, with another worker started first when too many wait for the ones there are. */
  private async run(job: PrettierJob): Promise<string> {
    const pool = this.pool;
    this.queued++;
    if (this.queued > BACKLOG_PER_WORKER * pool.size && pool.size < this.workers) pool.grow(pool.size + 1);
    try {
      return await pool.run(job);
    } finally {
      this.queued--;
    }
  }
}

/** The file as its emitter lays it out (`OutputFile.layOut`), when the final check accepts that. */
function laidOut(file: OutputFile): string | undefined {
  const text = file.layOut?.();
  return text === undefined ? undefined : finalTypeScript(text);
}

/** Formats files with a formatter of its own (for callers that format once). */
export async function formatFiles(files: OutputFile[]): Promise<OutputFile[]> {
  const formatter = new Formatter();
  try {
    return await formatter.format(files);
  } finally {
    await formatter.close();
  }
}

/**
 * The reference: every file through prettier, in this thread. What the fast path must equal byte
 * for byte (test/format-fast-path.test.ts compares them).
 */
export async function formatWithPrettier(files: OutputFile[]): Promise<OutputFile[]> {
  const prettier = await import("prettier");
  return Promise.all(
    files.map(async (file) => {
      const parser = PARSERS[extension(file.path)];
      const text = file.contents.replace(/\r\n/g, "\n");
      return { path: file.path, contents: parser ? await prettier.format(text, { ...PRETTIER_OPTIONS, parser }) : text };
    }),
  );
}

function extension(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? "" : path.slice(dot);
}
