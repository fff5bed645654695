import { emitPackage } from "../emit/package/emit-package.js";
import { emitTypes } from "../emit/types/emit-types.js";
import { emitClients } from "../emit/client/emit-clients.js";
import { emitDocs } from "../emit/docs/emit-docs.js";
import { emitMock } from "../emit/mock/emit-mock.js";
import { emitJsonSchemas } from "../emit/json-schema/emit-json-schema.js";
import { emitOpenApi } from "../emit/openapi/emit-openapi.js";
import { emitValidators } from "../emit/validate/emit-validators.js";
import type { Ir } from "../ir/types.js";
import { compareBytes } from "../ir/naming.js";
import { createRenderer, type OutputFile } from "../render/handlebars.js";
import { Formatter } from "../write/format.js";
import { TypeChecker } from "../write/typecheck.js";
import { SILENT, type Progress } from "./progress.js";
import type { TemplateSet } from "./templates.js";
import type { Timings } from "./timings.js";

export type GenerateResult = { ok: true; files: OutputFile[] } | { ok: false; errors: string[] };

/**
 * IR -> every output file, rendered, formatted and type-checked, in memory. Nothing touches the
 * disk here, so `check` and tests can compare the result without writing it.
 */
export async function generateFiles(ir: Ir, templates: TemplateSet, timings: Timings, progress: Progress = SILENT): Promise<GenerateResult> {
  // Created first so their workers load prettier and TypeScript while this thread emits.
  const formatter = new Formatter(Object.values(templates.runtime));
  const checker = new TypeChecker();
  try {
    const emitted = timings.measure("emit", () => emitFiles(ir, templates));
    progress.start("format", emitted.length, "files");
    const formatted = await timings.measureAsync("format", () => formatter.format(emitted, () => progress.advance()));
    await formatter.close(); // its workers' memory is not needed any more
    const errors = await timings.measureAsync("typecheck", () =>
      checker.check(
        formatted,
        (programs) => progress.start("typecheck", programs, "programs"),
        () => progress.advance(),
      ),
    );
    if (errors.length) return { ok: false, errors: errors.map((e) => `generated package: ${e}`) };
    return { ok: true, files: formatted.sort((a, b) => compareBytes(a.path, b.path)) };
  } finally {
    progress.finish();
    await Promise.all([formatter.close(), checker.close()]);
  }
}

/** Every output file as the emitters render it, before formatting. */
export function emitFiles(ir: Ir, templates: TemplateSet): OutputFile[] {
  const render = createRenderer(templates.templates);
  const emitted = [
    ...emitTypes(ir, render),
    ...emitValidators(ir, render, templates.runtime),
    ...emitJsonSchemas(ir),
    ...emitOpenApi(ir),
    ...emitClients(ir, render, templates.runtime),
    ...emitMock(ir, render, templates.runtime),
    ...emitDocs(ir, render),
    ...emitPackage(ir, render, ["types", "validate", "client"]),
  ];
  // A set, not indexOf: the whole catalogue is over 100,000 files.
  const seen = new Set<string>();
  const duplicates = emitted.map((f) => f.path).filter((p) => seen.size === seen.add(p).size);
  if (duplicates.length) throw new Error(`internal: two emitters wrote ${duplicates.join(", ")}`);
  return emitted;
}
