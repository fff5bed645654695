import { typescript } from "../lazy-typescript.js";

/**
 * Whether two versions of a generated TypeScript file differ only in comments and layout: then
 * no diagnostic of it, nor of any file importing it, can differ, and an edit that changed only
 * such files (a description, a unit in a doc comment) needs no type-check program at all.
 * Decided on the syntax trees printed without comments, so only what the checker reads is
 * compared; first, without TypeScript, on the lines outside whole-line comments (what an edited
 * description changes), which answers most edits before TypeScript is loaded. A comment that
 * could steer the checker (`@ts-ignore`, `@ts-expect-error`, `@ts-nocheck`, a triple-slash
 * directive) anywhere in either version makes the answer `false`.
 */
export function differsOnlyInComments(path: string, before: string, after: string): boolean {
  if (before === after) return true;
  if (STEERING.test(before) || STEERING.test(after)) return false;
  const [linesBefore, linesAfter] = [codeLines(before), codeLines(after)];
  if (linesBefore !== undefined && linesBefore === linesAfter) return true;
  const [a, b] = [withoutComments(path, before), withoutComments(path, after)];
  return a !== undefined && a === b;
}

const STEERING = /@ts-|\/\/\/\s*</;

/**
 * The text without its whole-line comments (`// ...` lines, and `/* ... *\/` blocks that start a
 * line and end one), or undefined when lines cannot be told apart without a parse: a code line
 * with a backtick (a template literal may go on over the next lines) or ending in a backslash (a
 * string may). Without them no string spans lines, so at the start of each line the text is either
 * in code or in a block comment this walk opened; a comment opened mid-line is kept as code,
 * which can only make two versions look different, never the same.
 */
function codeLines(text: string): string | undefined {
  const kept: string[] = [];
  let inComment = false;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!inComment && trimmed.startsWith("//")) continue;
    if (!inComment && !trimmed.startsWith("/*")) {
      if (line.includes("`") || trimmed.endsWith("\\")) return undefined;
      kept.push(line);
      continue;
    }
    const close = line.indexOf("*/", inComment ? 0 : line.indexOf("/*") + 2);
    if (close < 0) inComment = true;
    else if (line.slice(close + 2).trim() !== "") return undefined;
    else inComment = false;
  }
  return inComment ? undefined : kept.join("\n");
}

function withoutComments(path: string, text: string): string | undefined {
  const ts = typescript();
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  // A file that does not parse is never "the same": its diagnostics are the checker's to report.
  const parseErrors = (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  if (parseErrors === undefined || parseErrors.length) return undefined;
  return (printer ??= ts.createPrinter({ removeComments: true })).printFile(source);
}

let printer: ReturnType<ReturnType<typeof typescript>["createPrinter"]> | undefined;
