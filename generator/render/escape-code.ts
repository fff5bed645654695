import { exactJson } from "./exact-json.js";
import { Safe } from "./safe.js";
import { lineScanProblem } from "./scan-line.js";

/**
 * Escapers for TypeScript source. Why each: JavaScript ends a line (and so a `//` comment) at LF,
 * CR, U+2028 and U+2029; `*\/` ends a block comment; a raw U+2028/2029 in a string literal is a
 * line break to TypeScript's scanner. So spec text becomes a JSON string literal (with U+2028/2029
 * escaped), an identifier checked against a strict pattern, or comment text with every line
 * terminator (U+0085 too, which editors show as one) removed and `*\/` broken. Code the generator
 * composed itself is accepted one verified line at a time (`codeLine`).
 */
const seal = Safe.claimSealer("code");

export type Code = Safe;

/** Every line terminator JavaScript or a text editor knows. */
export const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029\u0085]/g;

/**
 * A JSON literal that is also a valid JS expression (no raw U+2028/2029; bigints as `123n`). U+0085
 * is escaped too: editors and Markdown fences take it for a line break. JSON files use exactJson.
 */
export function jsonLiteral(value: unknown, indent?: number): string {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") throw new Error(`internal: ${typeof value} has no JSON literal`);
  // Integers beyond ±2^53 are bigints in the IR: exact bigint literals (`9223372036854775807n`).
  const json = exactJson(value, { bigintSuffix: "n", indent });
  // Almost no literal holds one of these: one scan instead of three replace passes.
  if (!RAW_BREAKS.test(json)) return json;
  return json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029").replace(/\u0085/g, "\\u0085");
}

const RAW_BREAKS = /[\u2028\u2029\u0085]/;

/** Any JSON value as a JS/TS literal expression. */
export function literal(value: unknown): Code {
  return seal(jsonLiteral(value));
}

/** What goes between the double quotes of a `"..."` literal the template writes itself (not single quotes). */
export function stringContent(text: string): Code {
  return seal(jsonLiteral(String(text)).slice(1, -1));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "),
);

/** A TypeScript identifier for a name the spec validated; anything else is refused loudly. */
export function identifier(name: string): Code {
  if (!IDENTIFIER.test(name) || RESERVED.has(name)) throw new Error(`internal: ${jsonLiteral(name)} is not a usable identifier`);
  return seal(name);
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): Code {
  return seal(IDENTIFIER.test(name) ? name : jsonLiteral(name));
}

/** Text for inside a comment (`//` or `/* *\/`): one line, and it cannot close a block comment. */
export function commentText(text: string): Code {
  return seal(oneLine(text).replace(/\*\//g, "*\\/"));
}

/** A whole `// ...` comment line. */
export function lineComment(text: string): Code {
  return seal(`// ${commentText(text).text}`);
}

/** A `/* ... *\/` comment on one line. */
export function blockComment(text: string): Code {
  return seal(`/* ${commentText(text).text} */`);
}

/** `/** ... *\/` from lines of text, each split again at every line terminator. */
export function docComment(lines: string[], indent = ""): Code {
  if (lines.length === 0) return seal("");
  const safe = lines.flatMap((l) => String(l).split(LINE_TERMINATORS)).map((l) => l.replace(/\*\//g, "*\\/").trimEnd());
  return seal([`${indent}/**`, ...safe.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join("\n"));
}

function oneLine(text: string): string {
  return String(text).replace(LINE_TERMINATORS, " ");
}

/**
 * A line of code the generator composed (spec values inside it already went through the escapers
 * above), verified rather than trusted: one line, and every string, template and comment closed on
 * it (plain lines by a pattern, the rest by `lineScanProblem`), so nothing it contains can reach
 * the lines after it.
 */
export function codeLine(text: string): Code {
  if (/[\n\r\u2028\u2029]/.test(text)) throw new Error(`internal: generated code line spans lines: ${jsonLiteral(text)}`);
  const problem = ONLY_CLOSED_DOUBLE_QUOTES.test(text) ? undefined : lineScanProblem(text);
  if (problem !== undefined) throw new Error(`internal: generated code line does not scan (${problem}): ${jsonLiteral(text)}`);
  return seal(text);
}

/**
 * Lines that need no scanner to show the property, most of the generator's: outside double quotes
 * only printable ASCII with no `'`, backtick, `/`, `#` or backslash (so no other string, template,
 * comment or regular expression can open), and inside them no backslash or control character (so
 * each string closes at the next `"`, on this line). Every other line is scanned.
 */
const ONLY_CLOSED_DOUBLE_QUOTES = /^(?:[ !$-&(-.0-\[\]-_a-~]|"[^"\\\u0000-\u001f\u007f]*")*$/;

