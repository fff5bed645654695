import { createRequire } from "node:module";

/** Columns per line: prettier's `printWidth` (PRETTIER_OPTIONS) and the final-form printers' limit. */
export const PRINT_WIDTH = 100;

/**
 * prettier's width of text in columns (`util.getStringWidth`, which its printers use to align and
 * wrap), computed without its general path where that path's answer is known: printable ASCII
 * is one column a character (prettier's own shortcut), and the CJK ideographs and full-width
 * punctuation of Chinese prose are two, being East Asian Wide or Fullwidth and neither emoji nor
 * combining marks; Latin letters and signs, and the typographic marks Chinese prose mixes in (curly
 * quotes, dashes, arrows, circled numbers) are one, being East Asian Neutral or Ambiguous, which
 * prettier counts as narrow. Anything else goes to prettier. test/format-fast-path.test.ts holds
 * every character of those ranges to prettier's answer.
 */
export function textWidth(text: string): number {
  if (!NOT_ASCII.test(text)) return text.length;
  if (!NOT_KNOWN.test(text)) return text.length + countWide(text);
  return prettierUtil().getStringWidth(text);
}

type PrettierUtil = typeof import("prettier").util;
let loadedUtil: PrettierUtil | undefined;

/** prettier's utilities, loaded when first needed: most text is ASCII or CJK, and loading prettier cost 30 ms of every start. */
function prettierUtil(): PrettierUtil {
  return (loadedUtil ??= (createRequire(import.meta.url)("prettier") as typeof import("prettier")).util);
}

const NOT_ASCII = /[^\x20-\x7F]/;

/** The wide characters this module measures itself (outside it: ASCII, or prettier decides). */
export const WIDE_RANGES = "\u3001-\u3002\u3008-\u3011\u4e00-\u9fff\uff01-\uff5e";

/**
 * Characters of one column besides ASCII: Latin-1 and Latin Extended-A (± ° × é å), and what
 * Chinese prose mixes in (– — ‘ ’ “ ” • … ← ↑ → ↓ ①-⑳ ●). Without them, one pair of curly quotes
 * in a spec loaded prettier into the main thread (about 30 ms).
 */
export const NARROW_RANGES = "\u00a0-\u017f\u2013-\u2014\u2018-\u2019\u201c-\u201d\u2022-\u2022\u2026-\u2026\u2190-\u2193\u2460-\u2473\u25cf-\u25cf";

// Not \x7F here: prettier counts DEL as one column only on its all-ASCII shortcut.
const NOT_KNOWN = new RegExp(`[^\\x20-\\x7E${WIDE_RANGES}${NARROW_RANGES}]`);
const WIDE = new RegExp(`[${WIDE_RANGES}]`, "g");

function countWide(text: string): number {
  return text.match(WIDE)?.length ?? 0;
}

/**
 * A property key prettier keeps a too-long value beside (`key: "…"`) rather than moving the value
 * to the next line: narrower than its tab width and three (`isObjectPropertyWithShortKey`), so
 * the break would not gain the value room. `key` as printed, quotes included.
 */
export function isShortKey(key: string): boolean {
  // PRETTIER_OPTIONS.tabWidth (2) and prettier's MIN_OVERLAP_FOR_BREAK (3).
  return textWidth(key) < 2 + 3;
}
