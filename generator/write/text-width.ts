import { createRequire } from "node:module";

/** Columns per line: prettier's `printWidth` (PRETTIER_OPTIONS) and the final-form printers' limit. */
export const PRINT_WIDTH = 100;

/**
 * prettier's width of text in columns (`util.getStringWidth`, which its printers use to align and
 * wrap), computed without its general path where that path's answer is known: printable ASCII
 * is one column a character (prettier's own shortcut), and the CJK ideographs and full-width
 * punctuation of Chinese prose are two, being East Asian Wide or Fullwidth and neither emoji nor
 * combining marks. Anything else goes to prettier. test/format-fast-path.test.ts holds every
 * character of those ranges to prettier's answer.
 */
export function textWidth(text: string): number {
  if (!NOT_ASCII.test(text)) return text.length;
  if (!NOT_ASCII_OR_WIDE.test(text)) return text.length + countWide(text);
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

// Not \x7F here: prettier counts DEL as one column only on its all-ASCII shortcut.
const NOT_ASCII_OR_WIDE = new RegExp(`[^\\x20-\\x7E${WIDE_RANGES}]`);
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
