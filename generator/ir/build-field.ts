import type { Site } from "./context.js";
import type { RawField, RawScalarConstraints } from "./raw.js";
import type { Field, Format, ScalarConstraints, ScalarType, TypeRef, Unit } from "./types.js";
import { exactJson } from "../render/exact-json.js";

const SCALARS = new Set<ScalarType>(["string", "int", "int64", "uint64", "float", "boolean", "datetime", "datetime_iso", "date"]);
const NUMERIC = new Set<ScalarType>(["int", "int64", "uint64", "float"]);
const SCALAR_KEYS = ["min", "max", "enum", "minLength", "maxLength", "pattern", "format", "idPrefix"] as const;

/** Builds a field from its spec entry; constraints that do not fit the type are reported. */
export function buildField(raw: RawField, site: Site): Field {
  const type = parseTypeExpression(raw.type);
  const field: Field = {
    name: raw.name,
    type: attachConstraints(type, raw, site),
    required: raw.required ?? false,
    // Absent only in imported specs whose api.json member has no text.
    description: raw.description ?? {},
    nullable: raw.nullable ?? false,
    source: site.source,
  };
  if (raw.default !== undefined) field.default = raw.default;
  if (raw.example !== undefined) field.example = raw.example;
  if (raw.unit !== undefined) {
    if (innermost(field.type).kind !== "scalar" || !NUMERIC.has((innermost(field.type) as { scalar: ScalarType }).scalar))
      site.at("unit").error(`unit applies to numbers, but "${raw.name}" is ${raw.type}`, true);
    field.unit = raw.unit as Unit;
  }
  if (raw.deprecated !== undefined && raw.deprecated !== false)
    field.deprecated = raw.deprecated === true ? {} : { note: raw.deprecated };
  return field;
}

/** `Foo[][]` -> list of list of struct Foo. Constraints are attached afterwards. */
export function parseTypeExpression(expression: string): TypeRef {
  let depth = 0;
  let base = expression;
  while (base.endsWith("[]")) {
    base = base.slice(0, -2);
    depth++;
  }
  let type: TypeRef = SCALARS.has(base as ScalarType)
    ? { kind: "scalar", scalar: base as ScalarType, constraints: {} }
    : { kind: "struct", name: base };
  for (let i = 0; i < depth; i++) type = { kind: "list", items: type };
  return type;
}

export function innermost(type: TypeRef): TypeRef {
  return type.kind === "list" ? innermost(type.items) : type;
}

function attachConstraints(type: TypeRef, raw: RawField, site: Site): TypeRef {
  if (type.kind === "list") {
    if (raw.minItems !== undefined) type.minItems = raw.minItems;
    if (raw.maxItems !== undefined) type.maxItems = raw.maxItems;
    checkOrder(site, "minItems", raw.minItems, "maxItems", raw.maxItems);
    for (const key of SCALAR_KEYS)
      if (raw[key] !== undefined) site.at(key).error(`${key} applies to a scalar; for the elements of list "${raw.name}" write it under items`, true);
    const element = innermost(type);
    if (raw.items) {
      if (element.kind === "scalar") element.constraints = scalarConstraints(raw.items, element.scalar, site.at("items"), raw.name);
      else site.at("items").error(`items constraints apply to lists of scalars, but "${raw.name}" is ${raw.type}`, true);
    }
    return type;
  }
  for (const key of ["minItems", "maxItems", "items"] as const)
    if (raw[key] !== undefined) site.at(key).error(`${key} applies to lists, but "${raw.name}" is ${raw.type}`, true);
  if (type.kind === "struct") {
    for (const key of SCALAR_KEYS)
      if (raw[key] !== undefined) site.at(key).error(`${key} applies to scalars, but "${raw.name}" is the struct ${raw.type}`, true);
    return type;
  }
  type.constraints = scalarConstraints(raw, type.scalar, site, raw.name);
  return type;
}

function scalarConstraints(raw: RawScalarConstraints, scalar: ScalarType, site: Site, name: string): ScalarConstraints {
  const out: ScalarConstraints = {};
  const numeric = NUMERIC.has(scalar);
  const stringy = scalar === "string";
  const misplaced = (key: string, what: string) => site.at(key).error(`${key} applies to ${what}, but "${name}" is ${scalar}`, true);
  for (const key of ["min", "max"] as const) {
    const bound = raw[key];
    if (bound === undefined) continue;
    if (!numeric) misplaced(key, "numbers");
    else if (checkBound(bound, scalar, site.at(key), `${key} ${bound} of "${name}"`)) out[key] = bound;
  }
  if (out.min !== undefined && out.max !== undefined) checkOrder(site, "min", out.min, "max", out.max);
  if (raw.minLength !== undefined) stringy ? (out.minLength = raw.minLength) : misplaced("minLength", "strings");
  if (raw.maxLength !== undefined) stringy ? (out.maxLength = raw.maxLength) : misplaced("maxLength", "strings");
  checkOrder(site, "minLength", raw.minLength, "maxLength", raw.maxLength);
  if (raw.pattern !== undefined) {
    if (!stringy) misplaced("pattern", "strings");
    else if (isValidPattern(raw.pattern)) out.pattern = raw.pattern;
    else site.at("pattern").error(`pattern ${JSON.stringify(raw.pattern)} of "${name}" is not a valid regular expression`);
  }
  if (raw.format !== undefined) stringy ? (out.format = raw.format as Format) : misplaced("format", "strings");
  if (raw.idPrefix !== undefined) stringy ? (out.idPrefix = raw.idPrefix) : misplaced("idPrefix", "strings");
  if (raw.enum !== undefined) {
    out.enum = raw.enum;
    checkEnum(raw.enum, scalar, site.at("enum"), name);
  }
  return out;
}

function checkEnum(values: { value: unknown }[], scalar: ScalarType, site: Site, name: string): void {
  const seen = new Set<string>();
  values.forEach((entry, i) => {
    const key = exactJson(entry.value);
    if (seen.has(key)) site.at(i, "value").error(`enum value ${key} of "${name}" is listed twice`);
    seen.add(key);
  });
  if (scalar === "boolean") site.error(`enum on boolean field "${name}" adds nothing; describe the values instead`, true);
}

export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** Widths of the 64-bit integer types, inclusive. */
export const INTEGER_RANGE = { int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n] } as const;

/**
 * A bound fits its field's type: an integer for integer types, exact (safe, or a bigint as written
 * for int64/uint64), within the type's width. Non-finite bounds were refused with the document.
 */
function checkBound(bound: number | bigint, scalar: ScalarType, site: Site, what: string): boolean {
  if (typeof bound === "number" && !Number.isFinite(bound)) return false;
  if (scalar === "float") {
    if (typeof bound === "bigint") site.error(`${what} is an integer beyond ±2^53, which a float field cannot hold exactly`);
    return typeof bound === "number";
  }
  if (typeof bound === "number" && !Number.isInteger(bound)) site.error(`${what} is not an integer`);
  else if (typeof bound === "number" && !Number.isSafeInteger(bound)) site.error(`${what} is beyond ±2^53 and written as a float, so it is not exact; write all its digits`);
  else if (scalar === "int" && typeof bound === "bigint") site.error(`${what} is beyond ±2^53, the range of int; use int64`);
  else if (scalar === "uint64" && bound < 0) site.error(`${what} is negative, but the field is unsigned`);
  else if ((scalar === "int64" || scalar === "uint64") && (bound < INTEGER_RANGE[scalar][0] || bound > INTEGER_RANGE[scalar][1])) site.error(`${what} is outside the range of ${scalar}`);
  else return true;
  return false;
}

function checkOrder(site: Site, lowKey: string, low: number | bigint | undefined, highKey: string, high: number | bigint | undefined): void {
  if (low !== undefined && high !== undefined && low > high) site.at(lowKey).error(`${lowKey} ${low} is greater than ${highKey} ${high}`);
}
