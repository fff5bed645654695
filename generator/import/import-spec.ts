import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isMap, type Document, type LineCounter } from "yaml";
import { locate } from "../load/locate.js";
import { parseSpecFile } from "../load/spec-files.js";
import { listCatalogue, readApiJson, readExamples, type CatalogueEntry } from "./catalogue.js";
import { keepValidValues } from "./check-values.js";
import { convertService, type Data, type ImportedProduct } from "./convert.js";
import { keptDefinitions, parsed, readData, readIfExists } from "./existing-spec.js";
import { Merger } from "./merge.js";
import { mergeAction, mergeService } from "./merge-documents.js";
import { originOf } from "./source.js";
import { stringifyEdited, stringifyNew } from "./yaml-text.js";

export interface ImportOptions {
  /** Catalogue root: `<service>/v<YYYYMMDD>/api.json`. */
  from: string;
  /** Catalogue folder or short names; empty with `all`. */
  services: string[];
  all: boolean;
  version?: string;
  /** Product code to import into (one service only). */
  product?: string;
  /** Spec folder (written) and how to show it in messages. */
  spec: string;
  display: string;
  force: boolean;
}

export interface PlannedFile {
  file: string;
  text: string;
  created: boolean;
}

export interface ImportPlan {
  files: PlannedFile[];
  /** Imported action files whose action upstream removed (spec-relative). */
  removed: string[];
  /** `file:line:col: removed ...`: imported actions, fields and examples upstream no longer has. */
  removedItems: string[];
  unchanged: number;
  /** `file:line:col: message`; when any, nothing may be written without --force. */
  conflicts: string[];
  notes: string[];
  counts: { products: number; actions: number; structs: number };
}

/** Works out every file import writes; touches nothing on disk. */
export async function planImport(options: ImportOptions): Promise<ImportPlan> {
  const entries = await selectEntries(options);
  const plan: ImportPlan = { files: [], removed: [], removedItems: [], unchanged: 0, conflicts: [], notes: [], counts: { products: 0, actions: 0, structs: 0 } };
  let requestIdDoc: string | undefined;
  const existing = options.product ? [] : await existingProducts(options.spec);
  for (const entry of entries) {
    const api = await readApiJson(entry);
    const product = options.product ?? productFor(existing, api.metadata.serviceShortName, api.metadata.apiVersion);
    const imported = convertService(api, await readExamples(entry), product, `${entry.folder}/${entry.versionFolder}`);
    keepValidValues(imported, await keptDefinitions(options.spec, imported));
    plan.counts.products++;
    plan.counts.actions += imported.actions.size;
    plan.counts.structs += imported.structs.size;
    plan.notes.push(...imported.notes.map((n) => `${product}: ${n}`));
    await planProduct(imported, options, plan);
    requestIdDoc ??= requestIdText(api);
  }
  await planShared(options, plan, requestIdDoc ?? "唯一请求 ID，每次请求都会返回。");
  return plan;
}

export async function writePlan(specRoot: string, plan: ImportPlan): Promise<void> {
  for (const file of plan.files) {
    const target = path.join(specRoot, file.file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  for (const file of plan.removed) await rm(path.join(specRoot, file), { force: true });
}

async function selectEntries(options: ImportOptions): Promise<CatalogueEntry[]> {
  const catalogue = await listCatalogue(options.from);
  if (options.all) {
    if (options.version) throw new Error("--version picks one version of one service; it cannot be combined with --all");
    return [...catalogue.values()].map((versions) => versions[versions.length - 1]!);
  }
  if (options.services.length === 0) throw new Error("name the services to import with --service NAME[,NAME...] or use --all");
  if (options.services.length > 1 && (options.version || options.product)) throw new Error("--version and --product apply to one service at a time");
  return options.services.map((name) => {
    const versions = catalogue.get(name) ?? [...catalogue.values()].find((v) => shortNameGuess(v) === name);
    if (!versions) throw new Error(`no service "${name}" in ${options.from}`);
    if (!options.version) return versions[versions.length - 1]!;
    const wanted = versions.find((v) => v.version === options.version || v.versionFolder === options.version);
    if (!wanted) throw new Error(`service "${name}" has no version ${options.version} (it has ${versions.map((v) => v.version).join(", ")})`);
    return wanted;
  });
}

/** Catalogue folders are tccli names; the one service whose short name differs is matched by its folder too. */
function shortNameGuess(versions: CatalogueEntry[]): string {
  return versions[0]!.folder === "autoscaling" ? "as" : versions[0]!.folder;
}

/**
 * One product per service. An existing product with the same wire service and API version is the
 * one to update, whatever its name (`--product gx` earlier). When the spec holds the service only
 * at another API version, the import becomes a second product `<service><yyyymmdd>` whose wire
 * service stays the real one.
 */
function productFor(existing: ExistingProduct[], service: string, version: string): string {
  const same = existing.find((p) => p.service === service && p.version === version);
  if (same) return same.product;
  const named = existing.find((p) => p.product === service);
  return named === undefined || named.version === undefined ? service : `${service}${version.replace(/-/g, "")}`;
}

interface ExistingProduct {
  product: string;
  service: string;
  version: string | undefined;
}

/** Every `<product>/service.yaml` of the spec folder: its product, wire service and API version. */
async function existingProducts(specRoot: string): Promise<ExistingProduct[]> {
  let folders: string[];
  try {
    folders = (await readdir(specRoot, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const products: ExistingProduct[] = [];
  for (const folder of folders) {
    const text = await readIfExists(path.join(specRoot, folder, "service.yaml"));
    if (text === undefined) continue;
    const data = (parseSpecFile("service.yaml", text).spec.data ?? {}) as { product?: unknown; service?: unknown; version?: unknown };
    const product = typeof data.product === "string" ? data.product : folder;
    const service = typeof data.service === "string" ? data.service : product;
    products.push({ product, service, version: typeof data.version === "string" ? data.version : undefined });
  }
  return products;
}

async function planProduct(imported: ImportedProduct, options: ImportOptions, plan: ImportPlan): Promise<void> {
  const serviceData: Data = { ...imported.serviceDoc, structs: Object.fromEntries(imported.structs) };
  await planFile(`${imported.product}/service.yaml`, serviceData, options, plan, (merger, doc) => mergeService(merger, doc, imported));
  for (const [name, action] of imported.actions)
    await planFile(`${imported.product}/actions/${name}.yaml`, action, options, plan, (merger, doc) => mergeAction(merger, doc, action));
  await planRemovedActions(imported, options, plan);
}

/**
 * An imported action upstream no longer lists is removed, unless the author added to it (errors,
 * rules, mock, task declarations, own examples): then it is a conflict. Hand-written ones stay.
 */
async function planRemovedActions(imported: ImportedProduct, options: ImportOptions, plan: ImportPlan): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(path.join(options.spec, imported.product, "actions"))).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    if (imported.actions.has(name)) continue;
    const file = `${imported.product}/actions/${name}.yaml`;
    const data = await readData(path.join(options.spec, file));
    if (!data || originOf(data.source, "hand") !== "catalogue") {
      plan.notes.push(`${path.posix.join(options.display, file)}: not in api.json; kept (written by hand)`);
      continue;
    }
    const examples = Array.isArray(data.examples) ? (data.examples as Data[]) : [];
    const added = [
      ...(Array.isArray(data.errors) && data.errors.length ? ["errors"] : []),
      ...["rules", "mock", "async", "taskStatus"].filter((k) => data[k] !== undefined),
      ...(examples.some((e) => originOf(e?.source, "catalogue") !== "catalogue") ? ["examples"] : []),
    ];
    if (added.length && !options.force) plan.conflicts.push(`${path.posix.join(options.display, file)}:1:1: ${name}: removed upstream, but it has hand-written ${added.join(", ")}; delete it or re-run with --force`);
    else {
      plan.removed.push(file);
      plan.removedItems.push(`${path.posix.join(options.display, file)}:1:1: removed action ${name} (api.json no longer has it; mark the file source: { from: hand } to keep it)`);
    }
  }
}

type MergeStep = (merger: Merger, doc: Document) => void;

async function planFile(file: string, data: Data, options: ImportOptions, plan: ImportPlan, merge: MergeStep): Promise<void> {
  const depth = file.split("/").length - 1;
  const existing = await readIfExists(path.join(options.spec, file));
  if (existing === undefined) {
    plan.files.push({ file, text: stringifyNew(data, depth), created: true });
    return;
  }
  const { spec, diagnostics } = parsed(path.join(options.spec, file), existing, false);
  if (diagnostics.length || !isMap(spec.doc.contents)) {
    plan.conflicts.push(`${path.posix.join(options.display, file)}:1:1: cannot merge into a file that does not parse; fix it first`);
    return;
  }
  const ref = String((data.source as { ref?: string }).ref);
  const where = (at: (string | number)[]) => located(options.display, file, spec.doc, spec.lineCounter, at);
  const merger = new Merger(spec.doc, ref, options.force, where);
  merge(merger, spec.doc);
  plan.conflicts.push(...merger.outcome.conflicts);
  plan.removedItems.push(...merger.outcome.removed);
  plan.notes.push(...merger.outcome.notes);
  const text = merger.outcome.changed ? stringifyEdited(spec.doc, existing) : existing;
  if (text === existing) plan.unchanged++;
  else plan.files.push({ file, text, created: false });
}

/** The config and protocol documents a spec folder needs; written only when missing. */
async function planShared(options: ImportOptions, plan: ImportPlan, requestIdDoc: string): Promise<void> {
  if ((await readIfExists(path.join(options.spec, "tcgen.yaml"))) === undefined) {
    const config = { kind: "config", package: { name: "tencent-cloud-api", version: "0.1.0", description: "Written by tcgen import; rename the package before publishing." } };
    plan.files.push({ file: "tcgen.yaml", text: stringifyNew(config, 0), created: true });
  }
  if (plan.counts.products > 0 && (await readIfExists(path.join(options.spec, "common/tc3.yaml"))) === undefined) {
    const protocol = {
      kind: "protocol",
      source: { from: "catalogue", reason: "RequestId is the one member every api.json Response object shares; api.json lists no common error codes" },
      protocol: "tc3",
      responseFields: [{ name: "RequestId", type: "string", required: true, description: { zh: requestIdDoc } }],
      errors: [],
    };
    plan.files.push({ file: "common/tc3.yaml", text: stringifyNew(protocol, 1), created: true });
  }
}

function requestIdText(api: { actions: Record<string, { output: string }>; objects: Record<string, { members: { name: string; document: string }[] }> }): string | undefined {
  for (const action of Object.values(api.actions)) {
    const member = api.objects[action.output]?.members.find((m) => m.name === "RequestId");
    if (member?.document.trim()) return member.document.trim();
  }
  return undefined;
}

function located(display: string, file: string, doc: Document, lineCounter: LineCounter, at: (string | number)[]): string {
  const { line, col } = locate(doc, lineCounter, at, false);
  return `${path.posix.join(display, file)}:${line}:${col}`;
}
