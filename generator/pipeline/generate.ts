import { emitPackage, emitProductIndex, type ModuleKind } from "../emit/package/emit-package.js";
import { emitActionTypes, emitCommonTypes, emitServiceTypes, emitStructTypes } from "../emit/types/emit-types.js";
import { emitActionClient, emitClientRuntime, emitServiceClients } from "../emit/client/emit-clients.js";
import { emitActionDocs, emitPackageDocs, emitServiceDocs } from "../emit/docs/emit-docs.js";
import { emitPackageMock, emitServiceMock } from "../emit/mock/emit-mock.js";
import { emitActionJsonSchemas, emitStructJsonSchemas } from "../emit/json-schema/emit-json-schema.js";
import { emitActionOpenApi } from "../emit/openapi/emit-openapi.js";
import { emitActionValidators, emitServiceValidators, emitStructValidators, emitValidationRuntime } from "../emit/validate/emit-validators.js";
import type { Action, Ir, Service } from "../ir/types.js";
import { createRenderer, type OutputFile, type Render } from "../render/handlebars.js";
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

/** The kinds of module each product's entry point gathers. */
const MODULE_KINDS: ModuleKind[] = ["types", "validate", "client"];

/** Every output file as the emitters render it, before formatting. */
export function emitFiles(ir: Ir, templates: TemplateSet): OutputFile[] {
  const render = createRenderer(templates.templates);
  const emitted = [...emitPackageFiles(ir, templates, render), ...ir.services.flatMap((service) => emitServiceFiles(ir, service, render))];
  // A set, not indexOf: the whole catalogue is over 100,000 files.
  const seen = new Set<string>();
  const duplicates = emitted.map((f) => f.path).filter((p) => seen.size === seen.add(p).size);
  if (duplicates.length) throw new Error(`internal: two emitters wrote ${duplicates.join(", ")}`);
  return emitted;
}

/**
 * The files about the whole package, not one product: the runtime, common types, entry points,
 * package.json, the docs' home pages and site data. Cheap: they list the products, nothing more.
 */
export function emitPackageFiles(ir: Ir, templates: TemplateSet, render: Render = createRenderer(templates.templates)): OutputFile[] {
  return [
    ...emitCommonTypes(ir, render),
    ...emitValidationRuntime(templates.runtime),
    ...emitClientRuntime(templates.runtime),
    ...emitPackageMock(ir, render, templates.runtime),
    ...emitPackageDocs(ir, render),
    ...emitPackage(ir, render, MODULE_KINDS),
  ];
}

/**
 * Every file of one product (each path under the product's own folders), as rendered: the files
 * listing its actions, its structs' files, then each action's.
 */
export function emitServiceFiles(whole: Ir, service: Service, render: Render): OutputFile[] {
  return [...emitProductFiles(whole, service, render), ...emitStructFiles(whole, service, render), ...service.actions.flatMap((action) => emitActionFiles(whole, service, action, render))];
}

/**
 * The files of one product that list its actions (the product class, indexes, the mock table,
 * the product's docs page). The emitters see the IR with this product alone, so the files depend
 * on nothing but the product and the package-wide settings (`productKey` relies on it).
 */
export function emitProductFiles(whole: Ir, service: Service, render: Render, kinds: FileKinds = "all"): OutputFile[] {
  const ir: Ir = { ...whole, services: [service] };
  return [
    ...(kinds !== "rest" ? [...emitServiceTypes(service, render), ...emitServiceValidators(service, render), ...emitServiceClients(ir, service, render), ...emitServiceMock(service, render), ...emitProductIndex(service.product, render, MODULE_KINDS)] : []),
    ...(kinds !== "code" ? emitServiceDocs(ir, service, render) : []),
  ];
}

/**
 * The files of a product's structs (their types, checkers and schemas). The emitters see the
 * product without actions, so the files depend on its structs and settings alone (`structsKey`
 * relies on it: an edit of an action does not render them again).
 */
export function emitStructFiles(whole: Ir, service: Service, render: Render, kinds: FileKinds = "all"): OutputFile[] {
  const scoped: Service = { ...service, actions: [] };
  const ir: Ir = { ...whole, services: [scoped] };
  return [...(kinds !== "rest" ? [...emitStructTypes(ir, scoped, render), ...emitStructValidators(scoped, render)] : []), ...(kinds !== "code" ? emitStructJsonSchemas(scoped) : [])];
}

/**
 * The files of one action. The emitters see its product with this action alone (and the action
 * that polls its task), so the files depend on nothing but those and the product's other parts
 * (`actionKey` relies on it: an edit of one action renders that action's files again, not all).
 */
export function emitActionFiles(whole: Ir, service: Service, action: Action, render: Render, kinds: FileKinds = "all"): OutputFile[] {
  const scoped = actionScope(service, action);
  const ir: Ir = { ...whole, services: [scoped] };
  const code = kinds !== "rest" ? [...emitActionTypes(ir, scoped, action, render), ...emitActionValidators(ir, scoped, action, render), ...emitActionClient(scoped, action, render)] : [];
  const rest = kinds !== "code" ? [...emitActionJsonSchemas(scoped, action), ...emitActionOpenApi(scoped, action), ...emitActionDocs(ir, scoped, action, render)] : [];
  return [...code, ...rest];
}

/**
 * Which of a part's files to render: its code (what the type-check reads), the rest (docs, JSON
 * Schema, OpenAPI), or both. A cold run renders a product's code first, so that its program can
 * start while the rest is rendered.
 */
export type FileKinds = "code" | "rest" | "all";

/** The product as one action's files see it: its structs and settings, that action and the one polling its task. */
export function actionScope(service: Service, action: Action): Service {
  const poller = action.async ? service.actions.find((a) => a.name === action.async!.poller && a !== action) : undefined;
  return { ...service, actions: poller ? [action, poller] : [action] };
}
