import { closesFence, fenceMarks } from "../render/escape-markdown.js";
import { finalJson } from "./final-json.js";
import { textWidth } from "./text-width.js";

/** Formats a fenced code block's content with prettier's parser for it (what Markdown's embed does). */
export type FormatCode = (code: string, parser: string) => Promise<string>;

/**
 * The Markdown tcgen's doc templates produce, printed as prettier would print it: blank-line runs
 * collapsed, tables aligned, fenced code formatted by its language. Parsing Markdown is most of
 * prettier's cost on docs; this printer only walks lines. It knows the few block shapes the
 * templates write (front matter, headings, an HTML comment, paragraphs, `- ` lists, tables,
 * fences), with spec text in them made inert by `mdText`. Anything else, or anything whose
 * printing it is unsure of (double spaces, escapes, lines that could start another block), makes
 * it return undefined, and the caller runs prettier on the whole file.
 */
export async function finalMarkdown(text: string, formatCode: FormatCode): Promise<string | undefined> {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const blocks: string[] = [];
  let i = 0;
  if (lines[0] === "---") {
    const end = lines.indexOf("---", 1);
    if (end < 0 || !isPlainFrontMatterBlock(lines.slice(1, end))) return undefined;
    blocks.push(lines.slice(0, end + 1).join("\n"));
    i = end + 1;
  }
  let previous: Block | undefined;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === "") {
      i++;
      continue;
    }
    // An indented line after a list may be its item's second paragraph, which prettier indents.
    if (previous?.kind === "list" && /^\s/.test(line)) return undefined;
    const block = readBlock(lines, i);
    if (!block) return undefined;
    previous = block;
    const printed = await printBlock(block, formatCode);
    if (printed === undefined) return undefined;
    blocks.push(printed);
    i = block.end;
  }
  return blocks.length ? blocks.join("\n\n") + "\n" : undefined;
}

interface Block {
  kind: "fence" | "table" | "list" | "single" | "paragraph";
  lines: string[];
  /** Index of the first line after the block. */
  end: number;
}

/** The block starting at line `start`; a block must end at a blank line or the end of the file. */
function readBlock(lines: string[], start: number): Block | undefined {
  const first = lines[start]!;
  if (/^`{3,}/.test(first)) {
    const fence = /^`+/.exec(first)![0];
    const close = lines.indexOf(fence, start + 1);
    if (close < 0) return undefined;
    return endsCleanly(lines, { kind: "fence", lines: lines.slice(start, close + 1), end: close + 1 });
  }
  const kind = first.startsWith("|") ? "table" : first.startsWith("- ") ? "list" : "single";
  let end = start + 1;
  if (kind !== "single") while (end < lines.length && lines[end]!.startsWith(kind === "table" ? "|" : "- ")) end++;
  else if (isParagraphStart(first)) while (end < lines.length && isContinuation(lines[end]!)) end++;
  return endsCleanly(lines, { kind: kind === "single" && end - start > 1 ? "paragraph" : kind, lines: lines.slice(start, end), end });
}

/**
 * A line that opens a paragraph of several lines: not a heading or an HTML comment (one line each),
 * nor what could be a definition or a math block taking the next lines (`[x]:`, `[^1]:`, `$$`).
 */
function isParagraphStart(line: string): boolean {
  return !/^(#{1,6} |<!--|\[|\$)/.test(line);
}

/**
 * A line that continues the paragraph before it, as prettier keeps it with proseWrap "preserve":
 * nothing that could open another block there (a heading, list, quote, fence, thematic break or
 * setext underline, an HTML block; `<code>` cannot), no indentation, no trailing space (two would
 * be a hard break).
 */
function isContinuation(line: string): boolean {
  if (line === "" || /^\s|\s$/.test(line) || /\s\s/.test(asLetters(line))) return false;
  // `:` (a table's delimiter row without its leading pipe), `$` (math), `[` (a footnote definition);
  // digits as BLOCK_START has them.
  return !/^(?:[>#=+\-*_~|:$[]|\d+[.)]|`{3}|<(?!code>))/.test(line);
}

/** A block followed by anything but a blank line would merge with it (lazy continuation). */
function endsCleanly(lines: string[], block: Block): Block | undefined {
  return block.end >= lines.length || lines[block.end] === "" ? block : undefined;
}

async function printBlock(block: Block, formatCode: FormatCode): Promise<string | undefined> {
  if (block.kind === "fence") return printFence(block.lines, formatCode);
  if (block.kind === "table") return printTable(block.lines);
  if (block.kind === "list") {
    const items = block.lines.map((l) => collapseSpaces(l.slice(2)));
    return items.every((item) => isInertText(item)) ? items.map((item) => `- ${item}`).join("\n") : undefined;
  }
  // Raw HTML opening a block (`<div class="x">`) is printed as written, with the lines that follow
  // it and their spaces: taken alone and with nothing to collapse or trim, else left to prettier.
  if (/^ {0,3}<(?!code>\S|!--)/.test(block.lines[0]!) && (block.kind === "paragraph" || /^\s|\s$|\s\s/.test(block.lines[0]!))) return undefined;
  if (block.kind === "paragraph") {
    const printed = block.lines.map((l) => collapseSpaces(l));
    return printed.every((l) => isInertText(l)) ? printed.join("\n") : undefined;
  }
  const line = block.lines[0]!;
  if (/^<!--[^]*-->$/.test(line) && !line.slice(4, -3).includes("--")) return line;
  const heading = /^(#{1,6}) (.*)$/.exec(line);
  if (heading) {
    const content = collapseSpaces(heading[2]!);
    // ` ##` at the end would be a closing sequence, which prettier drops.
    return isInertText(content, "heading") && !/\s#+$/.test(content) ? `${heading[1]} ${content}` : undefined;
  }
  // A paragraph may be indented by up to 3 spaces; prettier drops those and trailing spaces.
  const paragraph = collapseSpaces(line.replace(/^ {1,3}(?=[^ ])/, "").replace(/ +$/, ""));
  return isInertText(paragraph) ? paragraph : undefined;
}

/**
 * prettier prints each run of spaces between words of Markdown text as one space; a code span's, or
 * a tag's (an attribute's value), as written: those stay, for the inert check to refuse.
 */
function collapseSpaces(text: string): string {
  return text.replace(/(`[^`]*`|<[^<>]*>)| {2,}/g, (run, kept: string | undefined) => kept ?? " ");
}

/**
 * What may not open inline text there: at a line start, most of these would start another block.
 * Digits only before `.` or `)`: an ordered list's marker, or (`10.<code>`) a word prettier would
 * not leave at the start of a line, joining it to the line before. Tencent's prose opens lines
 * with `3D文件` and `0 待扫描`, which prettier prints as written. `$$` opens a math block, `[a]:`
 * a link definition (prettier rewrites `[a]: <b>` as `[a]: b`).
 */
const BLOCK_START = { line: /^(?:[\s>#=+\-*_`~|]|\d+[.)]|\$\$|\[[^\]]*\]:)/, heading: /^[\s#]/, cell: /^\s/ };

/**
 * Inline text prettier prints as written: no character that starts a block at a line start, no
 * whitespace it would collapse or trim, no backslash escapes or emphasis markers it would rewrite
 * (tcgen's `**title**` is the one emphasis its templates write).
 */
function isInertText(text: string, where: "line" | "heading" | "cell" = "line"): boolean {
  // A bold lead (`**name**` alone, or followed by `: text`) prints as written.
  const bold = /^\*\*([^*]+)\*\*(?:(: .*))?$/.exec(text);
  if (bold) return !/^\s/.test(bold[1]!) && isInertPart(bold[1]!, where) && (bold[2] === undefined || isInertPart(bold[2], "line"));
  return isInertPart(text, where);
}

function isInertPart(inner: string, where: "line" | "heading" | "cell"): boolean {
  if (inner === "" || /\s$/.test(inner) || inner.startsWith("``")) return false;
  // A code span prettier prints as written stands for one plain character; any other backtick stays and is refused.
  const prose = inner.includes("`") ? inner.replace(/`[^`]+`/g, (span) => (/^`[^\s](?:.*[^\s])?`$/.test(span) && !/\s\s|\t/.test(span) ? "x" : "`")) : inner;
  // Raw HTML and autolinks outside the spans take precedence over them: whose backtick is whose is unsure.
  if (inner.includes("`") && /<(?!\/?code>)/.test(prose)) return false;
  if (BLOCK_START[where].test(prose)) return false;
  // A link's destination prettier prints as written: no angle brackets, parentheses or spaces
  // (`[a](<b>)` becomes `[a](b)`, `[a]()` becomes `[a](<>)`); tcgen's own links are anchors and paths.
  if (/\]\((?![^\s()<>]+\))/.test(prose)) return false;
  return !/\s\s|\t|\\|`|[*_~]/.test(asLetters(prose));
}

/**
 * Unicode's spaces but the ASCII one (no-break, em, ideographic...), which prettier prints where
 * they are, as letters: it splits words only at blanks, tabs and line breaks. Tencent's prose
 * writes no-break spaces and indents lines after `<br>` with em spaces. Only the check for runs
 * of whitespace reads them so; at either end of text, in a code span or a link's destination they
 * are still refused, which is only cautious (emphasis is where CommonMark counts them as whitespace).
 */
function asLetters(text: string): string {
  return text.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, "x");
}

/**
 * A front-matter line prettier's YAML printer leaves as it is: a key (nested by two spaces, maybe a
 * list item) with nothing, a lowercase word, a double-quoted string without escapes or quotes, or
 * a list of numbers. Indentation is checked against the line before, in `isPlainFrontMatterBlock`.
 */
function isPlainFrontMatter(line: string): boolean {
  return /^(?: {2})*(?:- )?[A-Za-z]+:(?: ("[^"\\]*"|[a-z]+|\[\d+(, \d+)*\]))?$/.test(line);
}

/** Each line nests at most one level deeper than the line before, as the YAML printer writes it. */
function isPlainFrontMatterBlock(lines: string[]): boolean {
  let depth = 0;
  for (const line of lines) {
    if (!isPlainFrontMatter(line)) return false;
    const indent = /^ */.exec(line)![0].length / 2;
    if (indent > depth) return false;
    depth = indent + (line.endsWith(":") ? 1 : 0) + (/^ *- /.test(line) ? 1 : 0);
  }
  return true;
}

/** A fence prints its content as is, or formatted when prettier knows the language. */
async function printFence(lines: string[], formatCode: FormatCode): Promise<string | undefined> {
  const open = lines[0]!;
  const lang = open.replace(/^`+/, "");
  const code = lines.slice(1, -1).join("\n");
  if (code.trim() === "") return undefined;
  let printed: string;
  // prettier joins a fence's lines with hard line breaks, which drop trailing spaces and tabs.
  if (lang === "" || lang === "http" || lang === "sh") printed = code.replace(/[ \t]+$/gm, "");
  else if (lang === "json") {
    const formatted = finalJson(code) ?? (await formatCode(code, "json").catch(() => undefined));
    if (formatted === undefined) return undefined;
    printed = formatted.replace(/\n+$/, "");
  }
  // Code prettier cannot parse it leaves as written inside Markdown; that is prettier's call.
  else if (lang === "ts" || lang === "js") {
    const formatted = await formatCode(code, lang === "ts" ? "typescript" : "babel").catch(() => undefined);
    if (formatted === undefined) return undefined;
    printed = formatted.replace(/\n+$/, "");
  }
  else return undefined;
  // prettier's fence is one backtick longer than any run in the source content, and at least 3.
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return [fence + lang, printed, fence].join("\n");
}

/**
 * `markdown` with each table outside code fences padded as prettier pads it (`printTable`); a table
 * it is unsure of stays as written.
 */
export function padTables(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marks = fenceMarks(line);
    if (fence !== undefined) {
      if (closesFence(fence, line)) fence = undefined;
    } else if (marks !== undefined) fence = marks;
    else if (line.startsWith("|") && (i === 0 || lines[i - 1] === "")) {
      let end = i;
      while (end < lines.length && lines[end]!.startsWith("|")) end++;
      const table = lines.slice(i, end);
      out.push(...(printTable(table)?.split("\n") ?? table));
      i = end - 1;
      continue;
    }
    out.push(line);
  }
  return out.join("\n");
}

/** A GFM table padded to the widest cell of each column (prettier's minimum is 3). */
function printTable(lines: string[]): string | undefined {
  const rows = lines.map(splitRow);
  const columns = rows[0]!.length;
  if (columns === 0 || rows.length < 2 || rows.some((r) => r.length !== columns)) return undefined;
  if (!rows[1]!.every((c) => /^-+$/.test(c))) return undefined;
  const body = [rows[0]!, ...rows.slice(2)];
  if (!body.every((row) => row.every((cell) => cell === "" || isInertText(cell, "cell")))) return undefined;
  // Each cell is measured once: measuring is most of the cost on Chinese pages.
  const cellWidths = body.map((row) => row.map(textWidth));
  const widths = columnWidths(cellWidths, columns);
  const print = (row: string[], r: number) => `| ${row.map((cell, c) => cell + " ".repeat(widths[c]! - cellWidths[r]![c]!)).join(" | ")} |`;
  const [head, ...rest] = body.map(print);
  return [head, `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rest].join("\n");
}

function columnWidths(cellWidths: number[][], columns: number): number[] {
  const widths = new Array<number>(columns).fill(3);
  for (const row of cellWidths) for (let c = 0; c < columns; c++) widths[c] = Math.max(widths[c]!, row[c]!);
  return widths;
}

function splitRow(line: string): string[] {
  if (!line.endsWith("|") || line.length < 2) return [];
  return line
    .slice(1, -1)
    .split("|")
    .map((c) => collapseSpaces(c.replace(/^ +| +$/g, "")));
}
