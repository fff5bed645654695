// Rebuilding typed parameters from a query string or form. Copied verbatim by tcgen.
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
 * `RealServerBindSet.0.RealServerPort=80` -> `{ RealServerBindSet: [{ RealServerPort: 80 }] }`:
 * nesting from the dotted names, numbers and booleans from the action's types. A value that does
 * not parse as its type stays a string, for the validator to reject with the right code.
 */
export function unflatten(
  params: Record<string, string>,
  shape: Record<string, Shape>,
  structs: Record<string, StructShape>,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (COMMON_PARAMS.has(name)) continue;
    const path = name.split(".");
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = containerKey(node, path[i]!);
      const nextIsIndex = /^\d+$/.test(path[i + 1]!);
      const existing = (node as Record<string, unknown>)[key];
      if (typeof existing !== "object" || existing === null)
        (node as Record<string, unknown>)[key] = nextIsIndex ? [] : {};
      node = (node as Record<string, unknown>)[key] as Record<string, unknown>;
    }
    (node as Record<string, unknown>)[containerKey(node, path[path.length - 1]!)] = value;
  }
  return coerceFields(root, shape, structs);
}

function containerKey(node: unknown, segment: string): string {
  return Array.isArray(node) && /^\d+$/.test(segment) ? String(Number(segment)) : segment;
}

function coerceFields(
  value: Record<string, unknown>,
  shape: Record<string, Shape>,
  structs: Record<string, StructShape>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value))
    out[name] = shape[name] === undefined ? item : coerce(item, shape[name]!, structs);
  return out;
}

function coerce(value: unknown, shape: Shape, structs: Record<string, StructShape>): unknown {
  if (typeof shape === "object" && "list" in shape)
    return Array.isArray(value)
      ? Array.from(value, (item) => coerce(item, shape.list, structs))
      : value;
  if (typeof shape === "object") {
    const struct = structs[shape.struct];
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
