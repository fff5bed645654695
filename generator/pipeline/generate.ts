import { emitPackage } from "../emit/package/emit-package.js";
import { emitTypes } from "../emit/types/emit-types.js";
import { emitClients } from "../emit/client/emit-clients.js";
import { emitDocs } from "../emit/docs/emit-docs.js";
import { emitMock } from "../emit/mock/emit-mock.js";
import { emitJsonSchemas } from "../emit/json-schema/emit-json-schema.js";
import { emitOpenApi } from "../emit/openapi/emit-openapi.js";
import { emitValidators } from "../emit/validate/emit-validators.js";
import type { Ir } from "../ir/types.js";
import { createRenderer, type OutputFile } from "../render/handlebars.js";
import { generateIncremental } from "./incremental.js";
import { NO_PREVIOUS } from "./previous-output.js";
import { SILENT, type Progress } from "./progress.js";
import type { TemplateSet } from "./templates.js";
import type { Timings } from "./timings.js";

export type GenerateResult = { ok: true; files: OutputFile[] } | { ok: false; errors: string[] };

/**
 * IR -> every output file, rendered, formatted and type-checked, in memory. Nothing touches the
 * disk here, so tests can compare the result without writing it. It is the cold run of the one
 * pipeline `tcgen generate` runs (`generateIncremental` with no previous output), so tests check
 * the code users run, not a second copy of it.
 */
export async function generateFiles(ir: Ir, templates: TemplateSet, timings: Timings, progress: Progress = SILENT): Promise<GenerateResult> {
  const cold = await generateIncremental(ir, templates, timings, NO_PREVIOUS, NO_CACHE_KEYS, progress);
  if (!cold.ok) return cold;
  return { ok: true, files: cold.files.map((f) => ({ path: f.path, contents: f.contents! })) };
}

/** No cache record is kept from an in-memory run, so its keys need not name anything. */
const NO_CACHE_KEYS = { generator: "in-memory", sources: "in-memory", spec: "in-memory" };

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
