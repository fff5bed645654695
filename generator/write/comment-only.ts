import { ts } from "ts-morph";

/**
 * Whether two versions of a generated TypeScript file differ only in comments and layout: then
 * no diagnostic of it, nor of any file importing it, can differ, and an edit that changed only
 * such files (a description, a unit in a doc comment) needs no type-check program at all.
 * Decided on the syntax trees printed without comments, so only what the checker reads is
 * compared. A comment that could steer the checker (`@ts-ignore`, `@ts-expect-error`,
 * `@ts-nocheck`, a triple-slash directive) anywhere in either version makes the answer `false`.
 */
export function differsOnlyInComments(path: string, before: string, after: string): boolean {
  if (before === after) return true;
  if (STEERING.test(before) || STEERING.test(after)) return false;
  const [a, b] = [withoutComments(path, before), withoutComments(path, after)];
  return a !== undefined && a === b;
}

const STEERING = /@ts-|\/\/\/\s*</;
const printer = ts.createPrinter({ removeComments: true });

function withoutComments(path: string, text: string): string | undefined {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  // A file that does not parse is never "the same": its diagnostics are the checker's to report.
  const parseErrors = (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  if (parseErrors === undefined || parseErrors.length) return undefined;
  return printer.printFile(source);
}
