import { prettierString } from "./prettier-string.js";
import { isShortKey, PRINT_WIDTH, textWidth } from "./text-width.js";

/**
 * The text of a TypeScript file an emitter printed in prettier's final form (`OutputFile.final`),
 * when nothing in it could make prettier print it differently; otherwise undefined, and the caller
 * runs prettier. The emitter owns the layout (where a construct breaks, which parentheses it
 * writes: test/final-typescript.test.ts holds its files to prettier's output); this check declines
 * what the layout cannot vouch for, because it comes from spec text or from widths: a code line
 * over the print width (prettier would break it; but see isLongString), a comment or string prettier would rewrite or
 * re-attach, a number it would normalise, blank lines it would drop. It walks lines, no parse.
 */
export function finalTypeScript(text: string): string | undefined {
  // Tabs are left to the lines: kept in comments, refused in code (not printable ASCII).
  if (text.includes("\r") || !text.endsWith("\n") || text.endsWith("\n\n") || text.startsWith("\n")) return undefined;
  const lines = text.slice(0, -1).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") {
      if (!isKeptBlankLine(lines, i)) return undefined;
    } else if (isDocCommentStart(line)) {
      const end = docCommentEnd(lines, i);
      if (end === undefined) return undefined;
      i = end;
    } else if (isLineComment(line) || isOneLineDocComment(line)) {
      if (!isLeadingComment(lines, i, indentOf(line))) return undefined;
    } else if (!isFinalCodeLine(line, textWidth(line) <= PRINT_WIDTH || WIDTH_FREE.test(line) || isLongString(lines, i))) return undefined;
  }
  return text;
}

/** prettier keeps one blank line between statements or members, none after `{` or before `}`. */
function isKeptBlankLine(lines: string[], i: number): boolean {
  const before = lines[i - 1];
  const after = lines[i + 1];
  if (before === undefined || after === undefined || before === "" || after === "") return false;
  return !/[{([]$/.test(before) && !/^\s*[})\]]/.test(after);
}

function isDocCommentStart(line: string): boolean {
  return /^ *\/\*\*$/.test(line);
}

/**
 * The last line of a doc comment opened at `start`, as `docComment` writes it: ` * text` lines at
 * the opening's indent, closed by ` *\/`, followed by the code it documents at the same indent.
 * prettier re-indents such a comment to its node and trims its lines' ends: then it is unchanged.
 */
function docCommentEnd(lines: string[], start: number): number | undefined {
  const indent = indentOf(lines[start]!);
  const pad = " ".repeat(indent);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === `${pad} */`) return isLeadingComment(lines, i, indent) ? i : undefined;
    if (line !== `${pad} *` && !(line.startsWith(`${pad} * `) && !/\s$/.test(line) && !line.includes("*/"))) return undefined;
  }
  return undefined;
}

/** `/** text *\/` alone on its line, closed once, at its end. */
function isOneLineDocComment(line: string): boolean {
  return /^ *\/\*\* \S.*\*\/$/.test(line) && line.indexOf("*/") === line.length - 2;
}

/** A whole-line `//` comment, no trailing space (prettier trims it). */
function isLineComment(line: string): boolean {
  return /^ *\/\/(?: .*)?$/.test(line) && !/\s$/.test(line);
}

/**
 * A comment line at `i` that prettier prints where it is: followed directly by code (or another
 * comment) at the same indent, which it leads. A comment before `}` or at the end of the file
 * would be a dangling or trailing comment, printed by other rules.
 */
function isLeadingComment(lines: string[], i: number, indent: number): boolean {
  const next = lines[i + 1];
  if (next === undefined || next === "") return indent === 0 && next === "" && lines[i + 2] !== undefined;
  return indentOf(next) === indent && !/^\s*[})\]]/.test(next);
}

/**
 * A line of code prettier leaves as it is, as far as the line alone can tell: even indentation,
 * no trailing space, a width prettier keeps (`widthKept`: within the print width, a line it never
 * breaks, or a string too long for any line, see isLongString), and nothing in it prettier
 * rewrites regardless of width (quotes, escapes, comments, templates, non-canonical numbers).
 */
function isFinalCodeLine(line: string, widthKept: boolean): boolean {
  const indent = indentOf(line);
  if (!widthKept || indent % 2 !== 0 || /\s$/.test(line)) return false;
  const code = withoutStrings(line.slice(indent));
  return code !== undefined && !/['`]|\/\/|\/\*|[^\x20-\x7e]/.test(code) && hasCanonicalNumbers(code);
}

/**
 * A line over the width in one of the shapes prettier gives a string too long for its line in an
 * object or array literal (final-literal.ts lays them out so; prettier never breaks a string):
 * `key: "…",` with a short key (`isShortKey`), or `"…",` alone, after a longer key's `key:` or
 * the `[` of its list at the indent before, or after another item at its own. Like every layout
 * here, where the line stands is the emitter's to get right (in a parameter list, a `require`
 * call, type arguments, prettier lays these shapes out otherwise): the line alone tells only that
 * nothing in it comes out differently.
 */
function isLongString(lines: string[], i: number): boolean {
  const match = LONG_STRING.exec(lines[i]!);
  if (match === null) return false;
  if (match[2] !== undefined) return isShortKey(match[2]);
  const indent = match[1]!.length;
  const before = lines[i - 1];
  if (before === undefined) return false;
  if (indentOf(before) === indent) return before.endsWith(",");
  if (indentOf(before) !== indent - 2) return false;
  const key = KEY_ALONE.exec(before);
  return before.endsWith("[") || (key !== null && !isShortKey(key[1]!));
}

const KEY = String.raw`[A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*"`;
const LONG_STRING = new RegExp(String.raw`^( *)(?:(${KEY}): )?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'),$`);
const KEY_ALONE = new RegExp(String.raw`^ *(${KEY}):$`);

/**
 * Lines prettier never breaks, however long: an import of one name (it breaks a specifier list
 * only when there are several) and a re-export of a whole module.
 */
const WIDTH_FREE = /^(?:import (?:type )?\{ [A-Za-z_$][\w$]* \}|export (?:type )?\*) from "[^"\\]*";$/;

/**
 * The line with each string replaced by `""`, or undefined when a string is not as prettier prints
 * it (`prettierString`: its quotes, its escapes) or holds a raw U+2028/U+2029.
 */
function withoutStrings(code: string): string | undefined {
  let out = "";
  let at = 0;
  while (at < code.length) {
    QUOTE.lastIndex = at;
    const open = QUOTE.exec(code)?.index;
    if (open === undefined) return out + code.slice(at);
    out += code.slice(at, open) + '""';
    STRING.lastIndex = open;
    const string = STRING.exec(code)?.[0];
    if (string === undefined || /[\u2028\u2029]/.test(string) || prettierString(string) !== string) return undefined;
    at = open + string.length;
  }
  return out;
}

const QUOTE = /["']/g;
/** A string literal where `lastIndex` points (sticky). */
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/y;

/** prettier prints numbers in a canonical form (no `+` in exponents, no trailing zeros, lowercase). */
function hasCanonicalNumbers(code: string): boolean {
  for (const match of code.matchAll(/(?<![\w$])\.?\d[\w.+-]*/g)) {
    if (!/^(?:0|[1-9]\d*)(?:\.\d*[1-9])?n?(?![\w.])/.test(match[0])) return false;
  }
  return true;
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}
