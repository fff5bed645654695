import { codeLine, jsonLiteral, type Code } from "../../render/escape-code.js";
import { prettierString } from "../../write/prettier-string.js";
import { isShortKey, PRINT_WIDTH, textWidth } from "../../write/text-width.js";

/**
 * Object and array literals of plain data (the mock's tables, the docs' example requests) laid out
 * as prettier lays them out with PRETTIER_OPTIONS, so the text can skip prettier
 * (`OutputFile.layOut`, `OutputFile.finalFences`). prettier puts a group on one line when it fits
 * before the next place it may break (here the `,` after an entry, or what the caller writes after
 * the literal) and otherwise one entry a line with a trailing comma, deciding each nested group
 * again; it breaks an array of two or more objects (or arrays) of two or more entries each, and
 * with it every group around it; a string too long for its line goes on the next one after a key
 * that is not short (`isShortKey`), and strings are in the quotes prettier picks. What this layout
 * cannot decide is left as written, and the final check (final-typescript.ts) declines the text
 * to prettier.
 */

/** Code printed as it is, in a literal: a name, or a string `as const`. */
export class Verbatim {
  constructor(readonly code: string) {}
}

/**
 * An object written as entries, which may spread another object: `{ ...a, b: 1 }`. `expanded`:
 * broken even where it fits, as prettier keeps an object its source breaks after the `{`.
 */
export class ObjectLiteral {
  constructor(
    readonly entries: Entry[],
    readonly expanded = false,
  ) {}
}

/**
 * The literal `jsonLiteral(value, indent)` writes, for `literalLines`: every non-empty object
 * broken after its `{`, which prettier keeps broken; arrays, which it lays out anew, as they are.
 */
export function indentedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(indentedJson);
  if (!isPlainObject(value)) return value;
  return new ObjectLiteral(Object.entries(value).map(([key, v]) => ({ key, value: indentedJson(v) })), true);
}

/** An entry of an ObjectLiteral: a member (left out when its value is undefined, as JSON does), or a spread. */
export type Entry = { key: string; value: unknown } | { spread: unknown };

/**
 * `head` followed by `value`, then `tail` (what follows on the same line: `;`, `,`), as lines
 * indented by `indent` spaces; undefined when prettier would lay it out in a way this does not
 * know (see `unsure`), so the caller leaves the file to prettier.
 */
export function literalLines(head: string, value: unknown, tail: string, indent = 0): Code[] | undefined {
  return literalText(head, value, tail, indent)?.map(codeLine);
}

/**
 * `literalLines` where it knows the layout (`final`); otherwise the literal on one line, which the
 * caller's file leaves to prettier (not final): a list of numbers prettier fills, a number it
 * rewrites.
 */
export function literalOrFlat(head: string, value: unknown, tail: string, indent = 0): { lines: Code[]; final: boolean } {
  const lines = literalLines(head, value, tail, indent);
  return lines ? { lines, final: true } : { lines: [codeLine(`${" ".repeat(indent)}${head}${flatLiteral(value)}${tail}`)], final: false };
}

/**
 * `literalLines` as plain text, for code that is not a line of a TypeScript file (a docs page's
 * fence): `codeLine` scans a line with a `/` or a backslash (an example's URL), which this text,
 * going into Markdown, does not need.
 */
export function literalText(head: string, value: unknown, tail: string, indent = 0): string[] | undefined {
  if (unsure(value)) return undefined;
  const out: string[] = [];
  try {
    new Layout().lay(head, value, tail, indent, out);
  } catch (error) {
    if (error === FILLED) return undefined;
    throw error;
  }
  return out;
}

/** Thrown by `Layout.lay` at a list of numbers too long for its line: prettier fills lines with them. */
const FILLED = new Error("a list of numbers prettier fills");

/**
 * One literal's layout. Each nested object's one-line text and whether it must break are kept: a
 * group asks them of everything inside it, so without them the work would grow with the depth.
 */
class Layout {
  private readonly flats = new Map<object, string>();
  private readonly breaks = new Map<object, boolean>();

  /** `key`: the property `head` names, when the value is an object's member. */
  lay(head: string, value: unknown, tail: string, indent: number, out: string[], key?: string): void {
    const pad = " ".repeat(indent);
    const flat = `${pad}${head}${this.flat(value)}${tail}`;
    const entries = brokenEntries(value);
    if (entries === undefined || (!this.mustBreak(value) && fits(flat))) {
      // A string, which cannot break, goes to the next line after a key as long as a tab and three.
      if (key !== undefined && typeof value === "string" && !fits(flat) && !isShortKey(key)) out.push(`${pad}${key}:`, `${pad}  ${this.flat(value)}${tail}`);
      else out.push(flat);
      return;
    }
    if (Array.isArray(value) && value.length > 1 && value.every((item) => typeof item === "number" || typeof item === "bigint")) throw FILLED;
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    out.push(`${pad}${head}${open}`);
    for (const entry of entries) this.lay(entry.head, entry.value, ",", indent + 2, out, entry.key);
    out.push(`${pad}${close}${tail}`);
  }

  private flat(value: unknown): string {
    if (value === null || typeof value !== "object") return flatText(value);
    let text = this.flats.get(value);
    if (text === undefined) this.flats.set(value, (text = flatText(value, false, (v) => this.flat(v))));
    return text;
  }

  /**
   * prettier breaks an array of two or more objects, or of two or more arrays, each of more than
   * one entry, and an object its source broke (`expanded`); a broken group breaks every group
   * around it.
   */
  private mustBreak(value: unknown): boolean {
    if (value === null || typeof value !== "object" || value instanceof Verbatim) return false;
    let verdict = this.breaks.get(value);
    if (verdict === undefined) this.breaks.set(value, (verdict = this.breaksItself(value) || children(value).some((v) => this.mustBreak(v))));
    return verdict;
  }

  private breaksItself(value: object): boolean {
    if (value instanceof ObjectLiteral) return value.expanded && value.entries.length > 0;
    return Array.isArray(value) && value.length > 1 && (value.every(isWideObject) || value.every(isWideArray));
  }
}

/** The values inside an array or object (spread objects included). */
function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return (objectEntries(value) ?? []).map((e) => ("spread" in e ? e.spread : e.value));
}

/**
 * The entries a broken object or array prints one a line (`key`: a member's key as printed);
 * undefined for a scalar or an empty one.
 */
function brokenEntries(value: unknown): { head: string; value: unknown; key?: string }[] | undefined {
  if (Array.isArray(value)) return value.length ? value.map((item) => ({ head: "", value: item })) : undefined;
  const entries = objectEntries(value);
  if (entries === undefined || entries.length === 0) return undefined;
  return entries.map((entry) => ("spread" in entry ? { head: "...", value: entry.spread } : { head: `${key(entry.key)}: `, value: entry.value, key: key(entry.key) }));
}

function fits(line: string): boolean {
  return textWidth(line) <= PRINT_WIDTH;
}

/** An object's entries; undefined for anything that is not an object (arrays included). */
function objectEntries(value: unknown): Entry[] | undefined {
  if (value instanceof ObjectLiteral) return value.entries.filter((e) => "spread" in e || e.value !== undefined);
  if (!isPlainObject(value)) return undefined;
  // As JSON: a member whose value is undefined is left out.
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ({ key: k, value: v }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The literal written for prettier to lay out: on one line, but for the objects marked `expanded`,
 * broken after their `{` so that prettier keeps them broken. What `literalLines` must equal once
 * prettier has formatted it (test/final-typescript.test.ts).
 */
export function flatLiteral(value: unknown): string {
  return flatText(value, true);
}

/** One line: `{ a: 1, b: [2] }` (with `keepExpanded`, see `flatLiteral`); `inner` prints what it holds. */
function flatText(value: unknown, keepExpanded = false, inner: (value: unknown) => string = (v) => flatText(v, keepExpanded)): string {
  // In the quotes prettier picks (the fewer to escape), so that it leaves the string as it is.
  if (typeof value === "string") return prettierString(jsonLiteral(value));
  if (value === null || typeof value === "boolean" || typeof value === "number") return jsonLiteral(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Verbatim) return value.code;
  if (Array.isArray(value)) return `[${value.map(inner).join(", ")}]`;
  const entries = objectEntries(value)!;
  if (entries.length === 0) return "{}";
  const members = entries.map((e) => ("spread" in e ? `...${inner(e.spread)}` : `${key(e.key)}: ${inner(e.value)}`));
  return keepExpanded && value instanceof ObjectLiteral && value.expanded ? `{\n${members.join(",\n")}\n}` : `{ ${members.join(", ")} }`;
}

/** A property key as prettier prints it (`quoteProps: "as-needed"`): bare when it is an ASCII identifier name (reserved words too), else quoted. */
function key(name: string): string {
  return IDENTIFIER_NAME.test(name) ? name : jsonLiteral(name);
}

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * What prettier prints by rules this module leaves to it: a key it may unquote or requote (beyond
 * ASCII, with a quote or backslash, `__proto__`), a number it would print otherwise (`1e+21`).
 * (A list of numbers too long for its line is found while laying out: FILLED.)
 */
function unsure(value: unknown): boolean {
  if (value === null || typeof value === "boolean" || typeof value === "string" || typeof value === "bigint" || value instanceof Verbatim) return false;
  if (typeof value === "number") return !Number.isFinite(value) || jsonLiteral(value).includes("e");
  if (Array.isArray(value)) return value.some((item) => item === undefined || unsure(item));
  const entries = objectEntries(value);
  return entries === undefined || entries.some((e) => ("spread" in e ? unsure(e.spread) : unsureKey(e.key) || unsure(e.value)));
}

function unsureKey(name: string): boolean {
  return name === "__proto__" || (!IDENTIFIER_NAME.test(name) && /[^\x20-\x7e]|["'\\]/.test(name));
}

function isWideObject(value: unknown): boolean {
  return !Array.isArray(value) && (objectEntries(value)?.length ?? 0) > 1;
}

function isWideArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 1;
}
