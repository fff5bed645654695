import type { Action, Field, ScalarTypeRef, Service, Struct, TypeRef } from "../../ir/types.js";
import type { OutputFile } from "../../render/handlebars.js";
import { ruleSentence } from "../shared/rules.js";
import { ruleSchemas } from "./rule-schema.js";
import { inline } from "../shared/text.js";
import { exactJson } from "../../render/exact-json.js";

/*
 * JSON Schema (draft 2020-12) for every request, response and struct, from the same IR as the
 * validators. Cross-field rules it can say are in `allOf` (rule-schema.ts); what it cannot say is
 * left out and listed under `x-tcgen-unchecked`: comparisons, warnings, outside facts, bigint values of int64/uint64 fields, and code-point string formats other
 * than the standard ones (see docs/validation.md).
 */

/** One product's JSON Schemas: a document per struct, and per action a request and a response. */
export function emitStructJsonSchemas(service: Service): OutputFile[] {
  return service.structs.map((struct) => file(`schema/${service.product}/structs/${struct.name}.schema.json`, structDocument(struct, service)));
}

/** An action's request and response schemas. */
export function emitActionJsonSchemas(service: Service, action: Action): OutputFile[] {
  return [
    file(`schema/${service.product}/${action.name}.request.schema.json`, actionDocument(action, "request", service)),
    file(`schema/${service.product}/${action.name}.response.schema.json`, actionDocument(action, "response", service)),
  ];
}

function file(path: string, schema: object): OutputFile {
  // JSON text with every digit: a bound or default beyond ±2^53 stays exact in the file.
  return { path, contents: exactJson(schema).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") + "\n" };
}

const DRAFT = "https://json-schema.org/draft/2020-12/schema";
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The request or response schema document of an action, as its file holds it. The OpenAPI emitter
 * builds from this value too, rather than re-emitting every schema file and parsing it back.
 */
export function actionDocument(action: Action, direction: "request" | "response", service: Service): object {
  const fields = direction === "request" ? action.request : action.response;
  const rules = direction === "request" ? action.rules : [];
  // In an update action an absent parameter keeps its current value: no default stands in.
  const ruleFields = action.absentMeansUnchanged ? fields.map(({ default: _unknown, ...f }) => f) : fields;
  const { allOf, unexpressed } = ruleSchemas(rules, ruleFields);
  return {
    $schema: DRAFT,
    title: `${action.name} ${direction}`,
    description: inline(action.title),
    ...objectSchema(fields),
    ...(allOf.length ? { allOf } : {}),
    ...unchecked(unexpressed.map(ruleSentence), fields),
    $defs: defsFor(fields, service),
  };
}

function structDocument(struct: Struct, service: Service): object {
  const self: Field = { name: struct.name, type: { kind: "struct", name: struct.name }, required: true, description: {}, nullable: false, source: struct.source };
  return { $schema: DRAFT, title: struct.name, $ref: `#/$defs/${struct.name}`, $defs: defsFor([self], service) };
}

function structSchema(struct: Struct): object {
  const description = struct.description ? { description: inline(struct.description) } : {};
  const { allOf, unexpressed } = ruleSchemas(struct.rules, struct.fields);
  const rules = { ...(allOf.length ? { allOf } : {}), ...unchecked(unexpressed.map(ruleSentence), struct.fields) };
  if (!struct.union) return { ...description, ...objectSchema(struct.fields), ...rules };
  const union = struct.union;
  return {
    ...description,
    oneOf: union.variants.map((variant) => {
      const fields = [...struct.fields, ...variant.fields].map((f) => (f.name === union.discriminator ? pinned(f, variant.when) : f));
      return { title: variant.name, ...objectSchema(fields) };
    }),
    ...rules,
  };
}

/** The discriminator of a variant: its enum narrowed to the one value that selects the variant. */
function pinned(field: Field, when: unknown): Field {
  if (field.type.kind !== "scalar") return field;
  return { ...field, required: true, type: { ...field.type, constraints: { ...field.type.constraints, enum: [{ value: when as string }] } } };
}

function objectSchema(fields: Field[]): object {
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    type: "object",
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])),
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

function fieldSchema(field: Field): object {
  const schema = { description: inline(field.description), ...typeSchema(field.type) } as Record<string, unknown>;
  if (field.default !== undefined) schema.default = field.default;
  if (field.example !== undefined) schema.examples = [field.example];
  if (field.deprecated) schema.deprecated = true;
  return field.nullable ? { anyOf: [schema, { type: "null" }] } : schema;
}

function typeSchema(type: TypeRef): object {
  switch (type.kind) {
    case "struct":
      return { $ref: `#/$defs/${type.name}` };
    case "list":
      return {
        type: "array",
        items: typeSchema(type.items),
        ...(type.minItems !== undefined ? { minItems: type.minItems } : {}),
        ...(type.maxItems !== undefined ? { maxItems: type.maxItems } : {}),
      };
    case "scalar":
      return scalarSchema(type);
  }
}

/** Math.max and Math.min over bounds that may be bigints (exact beyond ±2^53). */
function larger(a: number | bigint, b: number | bigint): number | bigint {
  return a >= b ? a : b;
}

function smaller(a: number | bigint, b: number | bigint): number | bigint {
  return a <= b ? a : b;
}

function scalarSchema(type: ScalarTypeRef): object {
  const c = type.constraints;
  const out: Record<string, unknown> = {};
  const integer = type.scalar === "int" || type.scalar === "int64" || type.scalar === "uint64";
  if (integer || type.scalar === "float") {
    out.type = integer ? "integer" : "number";
    const floor = type.scalar === "uint64" ? 0 : integer ? -SAFE : undefined;
    const min = c.min !== undefined && floor !== undefined ? larger(c.min, floor) : (c.min ?? floor);
    const max = c.max !== undefined && integer ? smaller(c.max, SAFE) : (c.max ?? (integer ? SAFE : undefined));
    if (min !== undefined) out.minimum = min;
    if (max !== undefined) out.maximum = max;
  } else if (type.scalar === "boolean") out.type = "boolean";
  else {
    out.type = "string";
    if (c.minLength !== undefined) out.minLength = c.minLength;
    if (c.maxLength !== undefined) out.maxLength = c.maxLength;
    const pattern = stringPattern(type);
    if (pattern) out.pattern = pattern;
    Object.assign(out, formatSchema(c.format));
  }
  if (c.enum) out.enum = c.enum.map((e) => e.value);
  return out;
}

const DATE_PATTERNS: Record<string, string> = {
  date: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$",
  datetime: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01]) ([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d$",
  datetime_iso: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$",
};

/** One pattern for everything a string must match: id prefix, the spec's pattern, date shapes. */
function stringPattern(type: ScalarTypeRef): string | undefined {
  const c = type.constraints;
  const parts: string[] = [];
  if (c.idPrefix !== undefined) parts.push(`(?=${escapeRegex(c.idPrefix)})`);
  if (DATE_PATTERNS[type.scalar]) parts.push(`(?=${DATE_PATTERNS[type.scalar]!.slice(1, -1)}$)`);
  if (c.pattern !== undefined) parts.push(`(?:${c.pattern})$`);
  return parts.length ? `^${parts.join("")}` : undefined;
}

function formatSchema(format: string | undefined): object {
  switch (format) {
    case undefined:
      return {};
    case "ip":
      return { anyOf: [{ format: "ipv4" }, { format: "ipv6" }] };
    case "ip-or-hostname":
      return { anyOf: [{ format: "ipv4" }, { format: "ipv6" }, { format: "hostname" }] };
    default:
      return { format };
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function unchecked(rules: string[], fields: Field[]): object {
  const notes = [...rules];
  if (fields.some((f) => usesWideInteger(f.type))) notes.push("int64/uint64 values beyond 2^53 (bigint) are accepted by the generated validators only.");
  return notes.length ? { "x-tcgen-unchecked": notes } : {};
}

function usesWideInteger(type: TypeRef): boolean {
  return type.kind === "list" ? usesWideInteger(type.items) : type.kind === "scalar" && (type.scalar === "int64" || type.scalar === "uint64");
}

/** Schemas of every struct reachable from `fields`, sorted by name. */
function defsFor(fields: Field[], service: Service): object {
  const seen = new Set<string>();
  const queue = [...fields];
  while (queue.length) {
    const field = queue.shift()!;
    let type = field.type;
    while (type.kind === "list") type = type.items;
    if (type.kind !== "struct" || seen.has(type.name)) continue;
    seen.add(type.name);
    const struct = service.structs.find((s) => s.name === (type as { name: string }).name)!;
    queue.push(...struct.fields, ...(struct.union?.variants.flatMap((v) => v.fields) ?? []));
  }
  const structs = service.structs.filter((s) => seen.has(s.name));
  return Object.fromEntries(structs.map((s) => [s.name, structSchema(s)]));
}
