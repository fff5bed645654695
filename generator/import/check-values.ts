import { DiagnosticBag } from "../diagnostics.js";
import { buildFields, buildStruct } from "../ir/build-struct.js";
import { checkFields, checkValue, type StructLookup } from "../ir/check-value.js";
import { Site } from "../ir/context.js";
import type { RawField, RawStruct } from "../ir/raw.js";
import type { Field, Struct, TypeRef } from "../ir/types.js";
import type { Data, ImportedProduct } from "./convert.js";
import { FLAT } from "./examples.js";

/** The common response field every API 3.0 answer carries (spec/common/tc3.yaml declares it). */
const REQUEST_ID: Field = {
  name: "RequestId",
  type: { kind: "scalar", scalar: "string", constraints: {} },
  required: true,
  description: { zh: "唯一请求 ID" },
  nullable: false,
  source: { file: "", path: [] },
};

/**
 * Tencent's examples do not always match Tencent's own definitions (numbers as strings, null where
 * api.json says not nullable, members api.json lacks). The spec only keeps values its own checker
 * (the same one `tcgen lint` runs) accepts; each left-out example is noted with the reason.
 */
export function keepValidValues(product: ImportedProduct, kept: KeptDefinitions = { structs: new Map(), actions: new Map() }): void {
  const site = new Site(new DiagnosticBag(), "import");
  const built = new Map<string, Struct>();
  for (const [name, raw] of product.structs) built.set(name, buildStruct(name, (kept.structs.get(name) ?? raw) as unknown as RawStruct, site));
  for (const [name, raw] of kept.structs) if (!built.has(name)) built.set(name, buildStruct(name, raw as unknown as RawStruct, site));
  const lookup: StructLookup = (name) => built.get(name);
  for (const [name, raw] of product.structs) dropBadFieldExamples(raw.fields as Data[], lookup, `struct ${name}`, product.notes);
  for (const [name, doc] of product.actions) {
    dropBadFieldExamples(doc.request as Data[], lookup, `${name} request`, product.notes);
    dropBadFieldExamples(doc.response as Data[], lookup, `${name} response`, product.notes);
    if (doc.examples) keepValidExamples(name, doc, kept.actions.get(name) ?? doc, lookup, product.notes);
  }
}

/**
 * Hand-written definitions a merge keeps (with upstream fields added): imported examples must fit
 * them, not only api.json's, or the merged spec would not lint.
 */
export interface KeptDefinitions {
  structs: Map<string, Data>;
  actions: Map<string, Data>;
}

function dropBadFieldExamples(raws: Data[], lookup: StructLookup, where: string, notes: string[]): void {
  const fields = build(raws);
  raws.forEach((raw, i) => {
    if (raw.example === undefined) return;
    const problems = checkValue(raw.example, fields[i]!.type, lookup, fields[i]!.nullable);
    if (problems.length === 0) return;
    delete raw.example;
    notes.push(`${where}: example of ${String(raw.name)} left out: ${problems[0]!.message}`);
  });
}

function keepValidExamples(action: string, doc: Data, definition: Data, lookup: StructLookup, notes: string[]): void {
  const request = build(definition.request as Data[]);
  const response = [...build(definition.response as Data[]), REQUEST_ID];
  const kept = (doc.examples as Data[]).filter((example, i) => {
    const flat = (example.request as Data)[FLAT] as Record<string, string> | undefined;
    if (flat) {
      const typed = unflatten(flat, request, lookup);
      if (!typed) {
        notes.push(`${action}: example ${i + 1} left out: its query parameters do not fit the request definition`);
        return false;
      }
      example.request = typed;
    }
    const problems = [
      ...checkFields(example.request, request, lookup).map((p) => ({ ...p, part: "request" })),
      ...checkFields(example.response, response, lookup).map((p) => ({ ...p, part: "response" })),
    ];
    if (problems.length) {
      const first = problems[0]!;
      notes.push(`${action}: example ${i + 1} left out: ${first.part}${first.path.length ? ` ${first.path.join(".")}` : ""} ${first.message}`);
    }
    return problems.length === 0;
  });
  if (kept.length) doc.examples = kept;
  else delete doc.examples;
}

function build(raws: Data[]): Field[] {
  return buildFields(raws as unknown as RawField[], new Site(new DiagnosticBag(), "import"));
}

/** `Filters.0.Values.1=x` -> `{ Filters: [{ Values: [, "x"] }] }`, each leaf read as its field's type. */
function unflatten(flat: Record<string, string>, fields: Field[], lookup: StructLookup): Data | undefined {
  const out: Data = {};
  for (const [key, value] of Object.entries(flat)) {
    const [name, ...rest] = key.split(".");
    const field = fields.find((f) => f.name === name);
    if (!field || !put(out, name!, rest, value, field.type, lookup)) return undefined;
  }
  // `Quuids.1=x` without `Quuids.0` leaves a hole that YAML would print as null.
  return hasHoles(out) ? undefined : out;
}

function hasHoles(value: unknown): boolean {
  if (Array.isArray(value)) return value.length !== Object.keys(value).length || value.some(hasHoles);
  return typeof value === "object" && value !== null && Object.values(value).some(hasHoles);
}

function put(container: Record<string | number, unknown>, key: string | number, rest: string[], value: string, type: TypeRef, lookup: StructLookup): boolean {
  if (type.kind === "scalar") {
    const typed = readScalar(value, type.scalar);
    if (rest.length || typed === undefined) return false;
    container[key] = typed;
    return true;
  }
  if (rest.length === 0) return false;
  if (type.kind === "list") {
    const index = Number(rest[0]);
    if (!Number.isInteger(index) || index < 0 || index > 10_000) return false;
    const list = (container[key] ??= []) as unknown as Record<number, unknown>;
    return Array.isArray(list) && put(list as unknown as Record<number, unknown>, index, rest.slice(1), value, type.items, lookup);
  }
  const member = lookup(type.name)?.fields.find((f) => f.name === rest[0]);
  const object = (container[key] ??= {}) as Record<string, unknown>;
  return member !== undefined && put(object, rest[0]!, rest.slice(1), value, member.type, lookup);
}

function readScalar(text: string, scalar: string): unknown {
  if (scalar === "int" || scalar === "int64" || scalar === "uint64")
    return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
  if (scalar === "float") return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : undefined;
  if (scalar === "boolean") return text === "true" ? true : text === "false" ? false : undefined;
  return text;
}
