// Rebuilding typed parameters from a query string or form, and the name checks every request's
// parameters pass (query, form or JSON). Copied verbatim by tcgen.
import type { Shape, StructShape } from "./mock-types.js";

/** Common parameters of signature v1 and the legacy API: not the action's own. */
export const COMMON_PARAMS = new Set([
  "Action",
  "Version",
  "Region",
  "Timestamp",
  "Nonce",
  "SecretId",
  "Signature",
  "SignatureMethod",
  "Token",
  "Language",
  "RequestClient",
]);

/**
 * Names that reach Object.prototype through ordinary property access. `__proto__` is never a
 * parameter; the other two only where the action's shape declares them.
 */
const PROTOTYPE_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** A request whose parameter names or nesting the mock refuses (the service's InvalidParameter). */
export class ParamRefusal extends Error {}

/**
 * `RealServerBindSet.0.RealServerPort=80` -> `{ RealServerBindSet: [{ RealServerPort: 80 }] }`:
 * nesting from the dotted names, numbers and booleans from the action's types. A value that does
 * not parse as its type stays a string, for the validator to reject with the right code. Names
 * deeper than `maxDepth` levels, list indexes beyond the number of parameters (a sparse list of a
 * billion slots from one parameter) and prototype names are refused with a `ParamRefusal`.
 */
export function unflatten(
  params: Record<string, string>,
  shape: Record<string, Shape>,
  structs: Record<string, StructShape>,
  maxDepth: number,
): Record<string, unknown> {
  const names = Object.keys(params).filter((name) => !COMMON_PARAMS.has(name));
  const root = emptyObject();
  for (const name of names) {
    const path = name.split(".");
    if (path.length > maxDepth)
      throw new ParamRefusal(
        `the parameter ${quote(name)} is nested deeper than ${maxDepth} levels`,
      );
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const key = containerKey(node, path[i]!, name, names.length);
      if (i === path.length - 1) {
        (node as Record<string, unknown>)[key] = params[name];
        break;
      }
      const existing = (node as Record<string, unknown>)[key];
      if (typeof existing !== "object" || existing === null)
        (node as Record<string, unknown>)[key] = /^\d+$/.test(path[i + 1]!) ? [] : emptyObject();
      node = (node as Record<string, unknown>)[key] as Record<string, unknown> | unknown[];
    }
  }
  checkNames(root, shape, structs);
  return coerceFields(root, shape, structs);
}

/** Containers of the flat path: no prototype, so no segment can reach or replace one. */
function emptyObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** A segment as a key of its container: lists take only indexes, and at most one slot per parameter. */
function containerKey(node: unknown, segment: string, name: string, count: number): string {
  if (segment === "__proto__")
    throw new ParamRefusal(`the parameter name ${quote(name)} is not allowed`);
  if (!Array.isArray(node)) return segment;
  if (!/^\d+$/.test(segment))
    throw new ParamRefusal(`the parameter ${quote(name)} mixes list indexes and names`);
  const index = Number(segment);
  if (index >= count)
    throw new ParamRefusal(
      `the index ${quote(segment)} of ${quote(name)} is beyond the ${count} parameters sent`,
    );
  return String(index);
}

/**
 * Refuses prototype names anywhere in the parameters (`__proto__` always; `constructor` and
 * `prototype` unless the shape at that place declares them). Walks only own members; depth is
 * already bounded by the parser or the flat names.
 */
export function checkNames(
  value: unknown,
  shape: Record<string, Shape> | undefined,
  structs: Record<string, StructShape>,
): void {
  if (Array.isArray(value)) {
    for (const item of value) checkNames(item, shape, structs);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const key of Object.keys(value)) {
    const declared = shape !== undefined && Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (PROTOTYPE_NAMES.has(key) && (key === "__proto__" || declared === undefined))
      throw new ParamRefusal(`the parameter name ${quote(key)} is not allowed`);
    checkNames(
      (value as Record<string, unknown>)[key],
      declared === undefined ? undefined : fieldsOf(declared, structs),
      structs,
    );
  }
}

/** The fields an object of this type may carry (all variants of a union), if it is a struct. */
function fieldsOf(
  shape: Shape,
  structs: Record<string, StructShape>,
): Record<string, Shape> | undefined {
  if (typeof shape === "string") return undefined;
  if ("list" in shape) return fieldsOf(shape.list, structs);
  const struct = Object.hasOwn(structs, shape.struct) ? structs[shape.struct]! : undefined;
  if (!struct) return undefined;
  return Object.assign(
    {},
    struct.fields,
    ...(struct.union?.variants.map((v) => v.fields) ?? []),
  ) as Record<string, Shape>;
}

/** Names in messages: JSON-quoted and cut, so a hostile name cannot make a huge or many-line answer. */
function quote(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name);
}

function coerceFields(
  value: Record<string, unknown>,
  shape: Record<string, Shape>,
  structs: Record<string, StructShape>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value))
    out[name] = Object.hasOwn(shape, name) ? coerce(item, shape[name]!, structs) : item;
  return out;
}

function coerce(value: unknown, shape: Shape, structs: Record<string, StructShape>): unknown {
  if (typeof shape === "object" && "list" in shape)
    return Array.isArray(value)
      ? Array.from(value, (item) => coerce(item, shape.list, structs))
      : value;
  if (typeof shape === "object") {
    const struct = Object.hasOwn(structs, shape.struct) ? structs[shape.struct] : undefined;
    if (!struct || typeof value !== "object" || value === null || Array.isArray(value))
      return value;
    const record = value as Record<string, unknown>;
    const common = coerceFields(record, struct.fields, structs);
    const variant = struct.union?.variants.find(
      (v) => String(v.when) === String(common[struct.union!.discriminator]),
    );
    return variant
      ? coerceFields(common, { ...struct.fields, ...variant.fields }, structs)
      : common;
  }
  if (typeof value !== "string") return value;
  switch (shape) {
    case "int":
    case "int64":
    case "uint64": {
      if (!/^-?\d+$/.test(value)) return value;
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : BigInt(value);
    }
    case "float":
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? Number(value) : value;
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    default:
      return value;
  }
}
