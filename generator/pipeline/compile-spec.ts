import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DiagnosticBag } from "../diagnostics.js";
import { buildIr, type SpecDocument } from "../ir/build-ir.js";
import { checkSourcesStrict } from "../ir/check-sources.js";
import type { Ir } from "../ir/types.js";
import { cachedSchemaChecker } from "../load/schema-check.js";
import { formatDiagnostics, listSpecFiles, readSpecFiles } from "../load/spec-files.js";
import { openParseCache, type CachedData } from "../load/parse-cache.js";
import { PARSE_IN_TWO_FROM, parseMisses, type FileToParse } from "../load/parse-misses.js";
import { readSpecText, type TextResult } from "../load/read-text.js";
import { findExactIntegers, restoreExactIntegers } from "../load/exact-integers.js";
import { SCHEMA_PATH } from "../paths.js";

export type CompileResult = { ok: true; ir: Ir } | { ok: false; errors: string[] };

export interface CompileOptions {
  strict?: boolean;
  /**
   * Keep what each file parsed to between runs (parse-cache.ts), for this tcgen (its fingerprint),
   * in `dir` (tcgen's `node_modules/.cache/tcgen/` when not given).
   */
  parseCache?: { generator: string; dir?: string };
  /** Parse-cache misses from which a second thread parses half of them (tests lower it). */
  parseInTwoFrom?: number;
}

/**
 * Spec folder -> IR. Collects every problem of every file (YAML, schema, semantics) and reports
 * them together, located as `<displayRoot>/<file>:LINE:COL: message`. With `parseCache`, files
 * whose text is unchanged since a clean run are not parsed again; a spec with any problem is then
 * compiled again from its text alone, so diagnostics are the same and located as always.
 */
export async function compileSpec(specRoot: string, displayRoot: string, options: CompileOptions = {}): Promise<CompileResult> {
  if (options.parseCache) {
    const cached = await compileWithCache(specRoot, options.parseCache, options.strict === true, options.parseInTwoFrom ?? PARSE_IN_TWO_FROM);
    if (cached) return cached;
  }
  return compileFromText(specRoot, displayRoot, options.strict === true);
}

/** Every file parsed and checked, every problem reported. */
async function compileFromText(specRoot: string, displayRoot: string, strict: boolean): Promise<CompileResult> {
  const { files, diagnostics } = await readSpecFiles(specRoot);
  const bag = new DiagnosticBag();
  bag.items.push(...diagnostics);
  if (files.length === 0) bag.add("tcgen.yaml", [], `no spec files (*.yaml) found in ${displayRoot}`);
  const checkSchema = await cachedSchemaChecker(await readFile(SCHEMA_PATH, "utf8"));
  const documents: SpecDocument[] = [];
  const unusable = new Set<string>();
  const degraded = new Set<string>();
  for (const file of files) {
    const checked = file.data === undefined ? undefined : checkSchema(file.file, file.data);
    bag.items.push(...(checked?.diagnostics ?? []));
    if (checked?.diagnostics.length) degraded.add(file.file);
    // Integers beyond ±2^53 become exact bigints only now: the schema check knows numbers only.
    if (checked?.usable !== undefined) documents.push({ file: file.file, data: restoreExactIntegers(checked.usable, findExactIntegers(file.doc)) as SpecDocument["data"] });
    else unusable.add(file.file);
  }
  const ir = buildIr(documents, bag, { unusable, degraded });
  if (strict && ir && !bag.hasErrors) checkSourcesStrict(ir, documents, bag);
  if (bag.hasErrors || !ir) return { ok: false, errors: formatDiagnostics(bag.items, files, displayRoot) };
  return { ok: true, ir };
}

/**
 * The IR from the cache and the files it misses, or undefined when anything is amiss (a file that
 * cannot be read or parsed cleanly, a schema or IR problem): the caller then compiles from text,
 * which reports it located. With `PARSE_IN_TWO_FROM` misses or more, every other one is parsed in a
 * second thread meanwhile.
 */
async function compileWithCache(specRoot: string, where: { generator: string; dir?: string }, strict: boolean, parseInTwoFrom: number): Promise<CompileResult | undefined> {
  const listing = await listSpecFiles(specRoot);
  if (listing.diagnostics.length || listing.refused.length || listing.files.length === 0) return undefined;
  const [cache, schema] = await Promise.all([openParseCache(specRoot, where.generator, where.dir), readFile(SCHEMA_PATH, "utf8")]);
  const texts = readTexts(specRoot, listing.files);
  const found: (CachedData | undefined)[] = [];
  const misses: FileToParse[] = [];
  for (const [i, file] of listing.files.entries()) {
    const read = texts[i]!;
    if ("problem" in read) return undefined;
    const sha256 = createHash("sha256").update(read.text).digest("hex");
    found[i] = cache.get(file, sha256);
    if (!found[i]) misses.push({ file, sha256, text: read.text });
  }
  const parsed = await parseMisses(misses, schema, cache, parseInTwoFrom);
  if (!parsed) return undefined;
  const documents: SpecDocument[] = listing.files.map((file, i) => {
    const data = found[i] ?? parsed.get(file)!;
    return { file, data: restoreExactIntegers(data.usable, data.exact) as SpecDocument["data"] };
  });
  const bag = new DiagnosticBag();
  const ir = buildIr(documents, bag, { unusable: new Set(), degraded: new Set() });
  if (strict && ir && !bag.hasErrors) checkSourcesStrict(ir, documents, bag);
  if (bag.hasErrors || !ir) return undefined;
  await cache.save(listing.files);
  return { ok: true, ir };
}

/** The files' texts (read synchronously: see `readSpecText`). */
function readTexts(specRoot: string, files: string[]): TextResult[] {
  return files.map((file) => readSpecText(path.join(specRoot, ...file.split("/"))));
}
