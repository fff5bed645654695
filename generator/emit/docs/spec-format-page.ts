import { readFileSync } from "node:fs";
import path from "node:path";
import { TCGEN_ROOT } from "../../paths.js";
import { ownDocMarkdown } from "../../render/escape-markdown.js";
import { padTables } from "../../write/final-markdown.js";

/** Where the site serves tcgen's spec format, which every page's reference is written from. */
export const SPEC_FORMAT_PAGE = "spec-format.md";
const SOURCE = "docs/spec-format.md";

/**
 * `/spec-format`: tcgen's docs/spec-format.md as a page of the site (English only, as written),
 * so the home pages can link the format rather than name a file in another repository. Read
 * whole on every run: the page is the file's text, so the output stays a function of tcgen's
 * sources (the build cache keys on the rendered text).
 */
export function specFormatPageView() {
  const text = readFileSync(path.join(TCGEN_ROOT, SOURCE), "utf8");
  // In prettier's final form (tables padded, no trailing blank line before the template's `:::`),
  // so the Formatter passes the page through (`formatted`; test/spec-format-page.test.ts).
  return { title: "tcgen spec format", body: ownDocMarkdown(padTables(text.replace(/\s+$/, "")), SOURCE) };
}
