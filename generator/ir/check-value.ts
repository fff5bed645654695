import { INTEGER_RANGE } from "./build-field.js";
import type { Field, ScalarConstraints, ScalarType, Struct, TypeRef } from "./types.js";
import { exactJson } from "../render/exact-json.js";

/** One way a value breaks its definition; `path` is relative to the value checked. */
export interface ValueProblem {
  path: (string | number)[];
  message: string;
}

export type StructLookup = (name: string) => Struct | undefined;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DATETIME_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a spec-supplied value (a default, an example) against a type and its constraints. This is
 * the generator's own check of the spec; the generated validators are a separate, emitted artefact.
 */
export function checkValue(value: unknown, type: TypeRef, structs: StructLookup, nullable = false): ValueProblem[] {
  if (value === null) return nullable ? [] : [{ path: [], message: "is null, but the field is not nullable" }];
  switch (type.kind) {
    case "scalar":
      return checkScalar(value, type.scalar, type.constraints);
    case "list":
      return checkList(value, type, structs);
    case "struct": {
      const struct = structs(type.name);
      return struct ? checkStruct(value, struct, structs) : [];
    }
  }
}

function checkList(value: unknown, type: Extract<TypeRef, { kind: "list" }>, structs: StructLookup): ValueProblem[] {
  if (!Array.isArray(value)) return [{ path: [], message: `must be a list, got ${describe(value)}` }];
  const problems: ValueProblem[] = [];
  if (type.minItems !== undefined && value.length < type.minItems)
    problems.push({ path: [], message: `has ${value.length} items, fewer than minItems ${type.minItems}` });
  if (type.maxItems !== undefined && value.length > type.maxItems)
    problems.push({ path: [], message: `has ${value.length} items, more than maxItems ${type.maxItems}` });
  value.forEach((item, i) => problems.push(...prefix(i, checkValue(item, type.items, structs))));
  return problems;
}

export function checkStruct(value: unknown, struct: Struct, structs: StructLookup): ValueProblem[] {
  return checkFields(value, fieldsFor(value, struct), structs);
}

/** The fields an object may have: the struct's own plus those of the union variant it selects. */
function fieldsFor(value: unknown, struct: Struct): Field[] {
  if (!struct.union || typeof value !== "object" || value === null) return struct.fields;
  const selector = (value as Record<string, unknown>)[struct.union.discriminator];
  const variant = struct.union.variants.find((v) => v.when === selector);
  return variant ? [...struct.fields, ...variant.fields] : struct.fields;
}

/** Checks an object against a list of fields: unknown keys, missing required ones, each value. */
export function checkFields(value: unknown, fields: Field[], structs: StructLookup): ValueProblem[] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return [{ path: [], message: `must be a mapping, got ${describe(value)}` }];
  const record = value as Record<string, unknown>;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems: ValueProblem[] = [];
  for (const key of Object.keys(record))
    if (!byName.has(key)) problems.push({ path: [key], message: `unknown field "${key}"` });
  for (const field of fields) {
    const item = record[field.name];
    if (item === undefined) {
      if (field.required) problems.push({ path: [], message: `missing required field "${field.name}"` });
      continue;
    }
    problems.push(...prefix(field.name, checkValue(item, field.type, structs, field.nullable)));
  }
  return problems;
}

export function checkScalar(value: unknown, scalar: ScalarType, constraints: ScalarConstraints): ValueProblem[] {
  const typeProblem = checkScalarType(value, scalar);
  if (typeProblem) return [{ path: [], message: typeProblem }];
  const problems: string[] = [];
  const c = constraints;
  if (typeof value === "number" || typeof value === "bigint") {
    if (c.min !== undefined && value < c.min) problems.push(`${value} is less than min ${c.min}`);
    if (c.max !== undefined && value > c.max) problems.push(`${value} is greater than max ${c.max}`);
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (c.minLength !== undefined && length < c.minLength) problems.push(`is ${length} characters long, shorter than minLength ${c.minLength}`);
    if (c.maxLength !== undefined && length > c.maxLength) problems.push(`is ${length} characters long, longer than maxLength ${c.maxLength}`);
    if (c.pattern !== undefined && !new RegExp(`^(?:${c.pattern})$`, "u").test(value)) problems.push(`${JSON.stringify(value)} does not match pattern ${c.pattern}`);
    if (c.idPrefix !== undefined && !value.startsWith(c.idPrefix)) problems.push(`${JSON.stringify(value)} does not start with ${c.idPrefix}`);
    if (c.format !== undefined && !matchesFormat(value, c.format)) problems.push(`${JSON.stringify(value)} is not a valid ${c.format}`);
  }
  if (c.enum !== undefined && !c.enum.some((e) => e.value === value))
    problems.push(`${exactJson(value)} is not one of ${c.enum.map((e) => exactJson(e.value)).join(", ")}`);
  return problems.map((message) => ({ path: [], message }));
}

/** The type part alone, also used to check enum values. Returns a message or undefined. */
export function checkScalarType(value: unknown, scalar: ScalarType): string | undefined {
  switch (scalar) {
    case "string":
      return typeof value === "string" ? undefined : `must be a string, got ${describe(value)}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false, got ${describe(value)}`;
    case "float":
      if (typeof value === "bigint") return `is an integer beyond ±2^53, which a float field cannot hold exactly (got ${value})`;
      return typeof value === "number" && Number.isFinite(value) ? undefined : `must be a number, got ${describe(value)}`;
    case "int":
    case "int64":
    case "uint64":
      return checkInteger(value, scalar);
    case "date":
      return typeof value === "string" && DATE.test(value) ? undefined : `must be a date YYYY-MM-DD, got ${describe(value)}`;
    case "datetime":
      return typeof value === "string" && DATETIME.test(value) ? undefined : `must be a date-time YYYY-MM-DD HH:mm:ss, got ${describe(value)}`;
    case "datetime_iso":
      return typeof value === "string" && DATETIME_ISO.test(value) ? undefined : `must be an ISO 8601 date-time, got ${describe(value)}`;
  }
}

/**
 * Integers are exact: a safe number, or (int64/uint64 only) a bigint as written, within the type's
 * width. A number beyond ±2^53 was written as a float (`1e19`) or rounded, so it is refused.
 */
function checkInteger(value: unknown, scalar: "int" | "int64" | "uint64"): string | undefined {
  if (!(typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value)))) return `must be an integer, got ${describe(value)}`;
  if (typeof value === "number" && !Number.isSafeInteger(value)) return `${value} is beyond ±2^53 and not exact; write all its digits (int64/uint64) or a smaller value`;
  if (scalar === "int" && typeof value === "bigint") return `${value} is beyond ±2^53, the range of int; use int64`;
  if (scalar === "uint64" && value < 0) return `must not be negative, got ${value}`;
  if (scalar !== "int" && (value < INTEGER_RANGE[scalar][0] || value > INTEGER_RANGE[scalar][1])) return `${value} is outside the range of ${scalar}`;
  return undefined;
}

export function matchesFormat(value: string, format: string): boolean {
  switch (format) {
    case "ipv4":
      return IPV4.test(value);
    case "ipv6":
      return isIpv6(value);
    case "ip":
      return IPV4.test(value) || isIpv6(value);
    case "hostname":
      return HOSTNAME.test(value) && !IPV4.test(value);
    case "ip-or-hostname":
      return IPV4.test(value) || isIpv6(value) || HOSTNAME.test(value);
    case "uuid":
      return UUID.test(value);
    default:
      return false;
  }
}

function isIpv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value) || value.split("::").length > 2) return false;
  let text = value;
  let groupsNeeded = 8;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!IPV4.test(tail)) return false;
    text = text.slice(0, lastColon + 1) + "0:0";
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const all = [...groups(head), ...groups(rest)];
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return rest === undefined ? all.length === groupsNeeded : all.length < groupsNeeded;
}

function prefix(segment: string | number, problems: ValueProblem[]): ValueProblem[] {
  return problems.map((p) => ({ path: [segment, ...p.path], message: p.message }));
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
