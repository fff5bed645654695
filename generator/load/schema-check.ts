import { createHash } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { CACHE_DIR, writeAtomically } from "./cache-dir.js";
import { describePathSegments } from "../describe-path.js";
import type { Diagnostic } from "../diagnostics.js";
import { pruneAt } from "./prune.js";

/**
 * Checks documents against the spec JSON Schema (the same file editors use) and turns ajv's
 * errors into located, readable diagnostics.
 */
export interface SchemaCheckResult {
  diagnostics: Diagnostic[];
  /** The document with every rejected node removed, or undefined when nothing usable is left. */
  usable: unknown;
}

export type SchemaChecker = (file: string, data: unknown) => SchemaCheckResult;

const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

/**
 * The checker of the spec schema (its text), with ajv's compiled code kept in `dir` (tcgen's
 * `node_modules/.cache/tcgen/`) as ajv's own standalone module: compiling the spec schema took
 * 0.13-0.16 s of every edit, loading the module a few milliseconds. Keyed by the schema text,
 * ajv's version and its options; a module that cannot be written or loaded is only compiled again.
 */
export async function cachedSchemaChecker(schemaText: string, dir = CACHE_DIR): Promise<SchemaChecker> {
  const key = createHash("sha256").update(`${AJV_VERSION}\0${JSON.stringify(AJV_OPTIONS)}\0${schemaText}`).digest("hex").slice(0, 16);
  const file = path.join(dir, `schema-${key}.cjs`);
  try {
    const kept: unknown = requireHere(file);
    if (typeof kept !== "function") throw new Error(`${file} is not ajv's module`);
    return checkerOf(kept as ValidateFunction);
  } catch {
    // ajv itself only when its module must be made: loading it was a tenth of an edit's start.
    const [{ default: Ajv2020 }, { default: standaloneCode }] = await Promise.all([import("ajv/dist/2020.js"), import("ajv/dist/standalone/index.js")]);
    const ajv = new Ajv2020.default({ ...AJV_OPTIONS, code: { source: true } });
    const validate = ajv.compile(JSON.parse(schemaText) as object);
    await keepModule(file, standaloneCode.default(ajv, validate)).catch(() => undefined);
    return checkerOf(validate);
  }
}

const requireHere = createRequire(import.meta.url);
const AJV_VERSION = (requireHere("ajv/package.json") as { version: string }).version;

/** Writes the module atomically and removes the modules of earlier schemas (only tcgen's `schema-*.cjs`). */
async function keepModule(file: string, code: string): Promise<void> {
  await writeAtomically(file, code);
  for (const name of await readdir(path.dirname(file)))
    if (/^schema-[0-9a-f]{16}\.cjs$/.test(name) && name !== path.basename(file)) await rm(path.join(path.dirname(file), name), { force: true });
}

function checkerOf(validate: ValidateFunction): SchemaChecker {
  return (file, data) => {
    if (validate(data)) return { diagnostics: [], usable: data };
    const diagnostics = dropRedundant((validate.errors ?? []).flatMap((error) => toDiagnostic(file, error)));
    return { diagnostics, usable: pruneUntilValid(data, validate) };
  };
}

/** Drops rejected nodes (then their parents, if that breaks them) until the document is valid. */
function pruneUntilValid(data: unknown, validate: ValidateFunction): unknown {
  const copy = structuredClone(data);
  for (let round = 0; round < 8; round++) {
    if (validate(copy)) return copy;
    const targets = (validate.errors ?? []).flatMap(pruneTarget);
    if (!pruneAt(copy, targets)) return undefined;
  }
  return undefined;
}

function pruneTarget(error: ErrorObject): (string | number)[][] {
  const path = pointerToPath(error.instancePath);
  if (error.keyword === "if" || error.keyword === "allOf" || error.keyword === "oneOf") return [];
  if (error.keyword === "additionalProperties") return [[...path, String((error.params as { additionalProperty: string }).additionalProperty)]];
  return [path];
}

function toDiagnostic(file: string, error: ErrorObject): Diagnostic[] {
  const path = pointerToPath(error.instancePath);
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "if":
    case "oneOf":
    case "allOf":
      return [];
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const hint = allowed.length ? ` (allowed: ${allowed.join(", ")})` : "";
      return [{ file, path: [...path, key], atKey: true, message: `unknown key "${key}" in ${where}${hint}` }];
    }
    case "required":
      return [{ file, path, message: `${where}: missing required key "${String(params.missingProperty)}"` }];
    case "type":
      return [{ file, path, message: `${where}: must be ${article(String(params.type))}, got ${describeValue(error.data)}` }];
    case "enum":
      return [
        {
          file,
          path,
          message: `${where}: ${describeValue(error.data)} is not one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        },
      ];
    case "const":
      return [{ file, path, message: `${where}: must be ${JSON.stringify(params.allowedValue)}` }];
    case "pattern":
      return [{ file, path, message: `${where}: ${describeValue(error.data)} ${patternHint(path, String(params.pattern))}` }];
    case "minProperties":
      return [{ file, path, message: `${where}: must not be empty (give zh and/or en)` }];
    case "propertyNames":
      return [{ file, path, message: `${where}: invalid name ${JSON.stringify(params.propertyName)}` }];
    default:
      return [{ file, path, message: `${where}: ${error.message ?? error.keyword}` }];
  }
}

/** A failed `propertyNames` also yields a pattern error on the name itself; keep the clearer one. */
function dropRedundant(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.path.join("/")}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function patternHint(path: (string | number)[], pattern: string): string {
  const last = path[path.length - 1];
  if (last === "type")
    return "is not a type: use string, int, int64, uint64, float, boolean, datetime, datetime_iso, date or a StructName, with [] per list level";
  if (last === "idPrefix") return "is not an id prefix like `lb-`";
  if (last === "code" || last === "errorCode" || last === "notFound") return "is not an error code like `FailedOperation.LimitRealServerNum` (letters and digits, parts joined by dots)";
  if (last === "name") return "is not a valid name (letters, digits and _; starting with a letter)";
  return `does not match ${pattern}`;
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function describePath(path: (string | number)[]): string {
  return path.length === 0 ? "document" : describePathSegments(path);
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(type: string): string {
  const names: Record<string, string> = { object: "a mapping", array: "a list", integer: "an integer", number: "a number", string: "a string", boolean: "true or false" };
  return type.split(",").map((t) => names[t] ?? t).join(" or ");
}
