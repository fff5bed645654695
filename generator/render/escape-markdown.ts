import { Safe } from "./safe.js";

/**
 * Escapers for the generated Markdown, which VitePress renders with markdown-it and then compiles
 * as a Vue template. Why: inline syntax (`|`, backticks, `*`, `[`, ...) works anywhere, HTML and
 * Vue's `{{` too, and block syntax (`#`, `>`, `-`, `1.`, `===`, `:::`, indented code, HTML blocks)
 * at the start of a line. So spec text has every special character as an entity, every line
 * terminator (CR alone too: markdown-it reads it as a line break) as `<br>`, and its first
 * character neutralised: it can never start a block, end a table row or open a tag.
 */
const seal = Safe.claimSealer("markdown");

export type Md = Safe;

const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029\u0085]/g;

/** Spec text (or a number) as inline Markdown that renders as exactly that text, anywhere. */
export function mdText(text: string | number): Md {
  return seal(escapeInline(String(text)));
}

/** Spec text as paragraphs, one per line of the text, each safe at the start of a line. */
export function mdParagraphs(text: string): Md[] {
  return text
    .split(LINE_TERMINATORS)
    .filter((line) => line.trim() !== "")
    .map((line) => mdText(line));
}

/** Inline code whose content is spec text: `<code>` with escaped content (backticks cannot break it). */
export function mdCode(text: string | number): Md {
  // After `<code>` the text is never first on a line: no block guard needed (`-21001` stays as is).
  return seal(`<code>${escapeSpecial(String(text))}</code>`);
}

/** A fenced block longer than any backtick run inside, so content cannot close it. */
export function fence(lang: string, content: string): Md {
  if (!/^[a-z]+$/.test(lang)) throw new Error(`internal: fence language ${JSON.stringify(lang)}`);
  const body = content.replace(LINE_TERMINATORS, "\n").replace(/\n+$/, "");
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return seal(`${marks}${lang}\n${body}\n${marks}`);
}

/** A relative link target made of plain path characters (generated file names); anything else is refused. */
export function mdPath(path: string): Md {
  if (!/^[A-Za-z0-9._/-]+$/.test(path) || path.includes("..")) throw new Error(`internal: link path ${JSON.stringify(path)}`);
  return seal(path);
}

/** An HTML id or URL fragment made of identifier characters (a field name, a heading id); anything else is refused. */
export function mdId(id: string): Md {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id)) throw new Error(`internal: element id ${JSON.stringify(id)}`);
  return seal(id);
}

/** A YAML front-matter scalar: double-quoted, every control and line-terminator character escaped. */
export function frontMatterString(text: string): Md {
  const json = JSON.stringify(String(text));
  return seal(json.replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** Spec text as the value of a double-quoted HTML attribute in Markdown (a tooltip's `title`). */
export function mdAttribute(text: string): Md {
  return seal(`"${String(text).replace(/[&<>|`*_[\]{}\\#~$!"']/g, entity).replace(LINE_TERMINATORS, "&#10;")}"`);
}

/**
 * Markdown the generator writes, with spec values in it: the literal parts are the generator's own
 * source text; a string or number value is escaped with `mdText`; an `Md` value is kept.
 */
export function md(strings: TemplateStringsArray, ...values: (Md | string | number)[]): Md {
  if (!Object.isFrozen(strings) || !Array.isArray(strings.raw)) throw new Error("internal: md`` is a template tag only");
  return seal(strings.reduce((out, literal, i) => out + literal + (i < values.length ? piece(values[i]!) : ""), ""));
}

/** `Md` parts joined by a separator the generator writes. */
export function mdJoin(parts: Md[], separator: Md): Md {
  return seal(parts.map(piece).join(piece(separator)));
}

function piece(value: Md | string | number): string {
  if (Safe.is(value, "markdown")) return value.text;
  if (typeof value === "string" || typeof value === "number") return escapeInline(String(value));
  throw new Error(`internal: not Markdown: ${String(value)}`);
}

/** Markdown that is special anywhere in a line (`$` is math, `~` strike and fences), plus what Vue and HTML read. */
const INLINE_SPECIAL = /[&<>|`*_[\]{}\\#~$!]/g;
/**
 * What starts a block when first on a line and is not special elsewhere: list and thematic-break
 * markers, setext underlines, `:::` containers, ordered-list numbers, indentation (code blocks).
 */
const BLOCK_START = /^(?:[-+=:]|\d+(?=[.)])|[ \t]+)/;

function escapeInline(text: string): string {
  return escapeSpecial(text).replace(BLOCK_START, (start) => [...start].map(entity).join(""));
}

function escapeSpecial(text: string): string {
  // Most spec text has nothing to escape: one scan answers that, instead of three replace passes.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(INLINE_SPECIAL, entity).replace(LINE_TERMINATORS, "<br>").replace(BLANKS_INSIDE, " ");
}

/** Any character INLINE_SPECIAL or LINE_TERMINATORS would replace, or blanks BLANKS_INSIDE would (not global: `test` keeps no state). */
const NEEDS_ESCAPE = /[&<>|`*_[\]{}\\#~$!\n\r\u2028\u2029\u0085\t]| {2}/;

/**
 * Blanks inside a line that are not one space: a browser shows each run as one space, and prettier
 * prints it so. Written so, the text needs no prettier (final-markdown.ts leaves runs and tabs to
 * it). Blanks that start or end a line of the text are kept, as the text has them: the first
 * line's start as entities (BLOCK_START), the others beside their `<br>` (its `<` and `>` are the
 * only ones left unescaped), where prettier still prints them as one space.
 */
const BLANKS_INSIDE = /(?<=[^ \t>])(?:\t[ \t]*| [ \t]+)(?=[^ \t<])/g;

function entity(c: string): string {
  return `&#${c.charCodeAt(0)};`;
}

/**
 * Markdown tcgen's own documentation holds (not spec text), kept as written: the site shows it
 * inside a `v-pre` container, so Vue reads no `{{`. What could still run or break there is
 * refused with its line: raw HTML outside code (markdown-it passes it through), front matter, a
 * `:::` container of its own (it would close the v-pre one), and relative links (they point into
 * tcgen's repository, not the site). Code fences with a language get VitePress's no-op
 * `:no-line-numbers` suffix: prettier then leaves their content as written (it would re-indent
 * the YAML fragments, which are indented to show where they nest, and unalign their comments).
 */
/** The run of backticks or tildes a line opens a code fence with (indented up to 3 spaces); undefined for other lines. */
export function fenceMarks(line: string): string | undefined {
  return /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
}

/** Whether `line` closes the fence opened with `open`: the same character, at least as many, nothing else. */
export function closesFence(open: string, line: string): boolean {
  const marks = fenceMarks(line);
  return marks !== undefined && marks[0] === open[0] && marks.length >= open.length && line.trim() === marks;
}

export function ownDocMarkdown(text: string, file: string): Md {
  const lines = text.replace(LINE_TERMINATORS, "\n").split("\n");
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const marks = fenceMarks(line);
    if (fence) {
      if (closesFence(fence, line)) fence = null;
      return;
    }
    if (marks) {
      fence = marks;
      if (/^\s*[`~]+[A-Za-z]+$/.test(line)) lines[i] = `${line}:no-line-numbers`;
      return;
    }
    const problem = ownDocProblem(line.replace(/(`+)[^`]*?\1/g, ""), i === 0);
    if (problem) throw new Error(`${file}:${i + 1}: ${problem}; the docs site shows this file as its own page`);
  });
  if (fence) throw new Error(`${file}: a code fence is never closed; the docs site shows this file as its own page`);
  return seal(lines.join("\n"));
}

function ownDocProblem(prose: string, first: boolean): string | undefined {
  if (first && prose === "---") return "front matter is not allowed";
  if (/^\s*:::/.test(prose)) return "a ::: container is not allowed";
  if (/<[A-Za-z/!?]/.test(prose)) return "raw HTML outside code is not allowed (write it in backticks)";
  if (/\]\((?!https?:|#)/.test(prose) || /^\s*\[[^\]]+\]:\s*(?!https?:|#)/.test(prose)) return "a relative link is not allowed (it would not resolve on the site)";
  return undefined;
}
