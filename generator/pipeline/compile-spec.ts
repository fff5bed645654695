import { readFile } from "node:fs/promises";
import { DiagnosticBag } from "../diagnostics.js";
import { buildIr, type SpecDocument } from "../ir/build-ir.js";
import { checkSourcesStrict } from "../ir/check-sources.js";
import type { Ir } from "../ir/types.js";
import { createSchemaChecker } from "../load/schema-check.js";
import { formatDiagnostics, readSpecFiles } from "../load/spec-files.js";
import { findExactIntegers, restoreExactIntegers } from "../load/exact-integers.js";
import { SCHEMA_PATH } from "../paths.js";

export type CompileResult = { ok: true; ir: Ir } | { ok: false; errors: string[] };

/**
 * Spec folder -> IR. Collects every problem of every file (YAML, schema, semantics) and reports
 * them together, located as `<displayRoot>/<file>:LINE:COL: message`.
 */
export async function compileSpec(specRoot: string, displayRoot: string, options: { strict?: boolean } = {}): Promise<CompileResult> {
  const { files, diagnostics } = await readSpecFiles(specRoot);
  const bag = new DiagnosticBag();
  bag.items.push(...diagnostics);
  if (files.length === 0) bag.add("tcgen.yaml", [], `no spec files (*.yaml) found in ${displayRoot}`);
  const checkSchema = createSchemaChecker(JSON.parse(await readFile(SCHEMA_PATH, "utf8")));
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
  if (options.strict && ir && !bag.hasErrors) checkSourcesStrict(ir, documents, bag);
  if (bag.hasErrors || !ir) return { ok: false, errors: formatDiagnostics(bag.items, files, displayRoot) };
  return { ok: true, ir };
}
