import { findExactIntegers } from "./exact-integers.js";
import type { CachedData } from "./parse-cache.js";
import type { SchemaChecker } from "./schema-check.js";
import { parseSpecFile } from "./spec-files.js";

/**
 * What a spec file parses and schema-checks to when it gives no diagnostic at all; undefined
 * otherwise, and the caller compiles the spec from its text, which reports the problem located.
 */
export function parseClean(file: string, text: string, checkSchema: SchemaChecker): CachedData | undefined {
  const parsed = parseSpecFile(file, text);
  if (parsed.diagnostics.length || parsed.spec.data === undefined) return undefined;
  const checked = checkSchema(file, parsed.spec.data);
  if (checked.diagnostics.length || checked.usable === undefined) return undefined;
  return { usable: checked.usable, exact: findExactIntegers(parsed.spec.doc) };
}
