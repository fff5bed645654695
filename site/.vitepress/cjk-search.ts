// Search terms for VitePress's local search (MiniSearch), used both when the site is built (the
// index) and in the browser (the query): the two must cut text the same way.
// MiniSearch splits on spaces and punctuation only, so a Chinese phrase is one long term and a word
// inside it ("超时" in "健康检查的响应超时时间") is never found. Runs of CJK text also give their
// words (Intl.Segmenter) and every pair of neighbouring characters: the segmenter alone cuts
// "超时时间" as 超/时/时间, the pairs catch what it cuts differently. Other text keeps MiniSearch's
// own terms, so English search does not change.

/** MiniSearch's default tokenizer (SPACE_OR_PUNCTUATION in minisearch). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

let segmenter: Intl.Segmenter | undefined;

export function tokenizeWithCjk(text: string): string[] {
  const terms = text.split(SPACE_OR_PUNCTUATION);
  for (const [run] of text.matchAll(CJK_RUN)) terms.push(...cjkWords(run), ...characterPairs(run));
  return terms;
}

function cjkWords(run: string): string[] {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  return [...segmenter.segment(run)].filter((s) => s.isWordLike).map((s) => s.segment);
}

function characterPairs(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return [];
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/**
 * Puts the tokenizer into the site's search options in the browser: VitePress hands the theme
 * configuration over as JSON, where the function the build used is lost.
 */
export function installCjkTokenizer(themeConfig: { search?: { provider?: string; options?: { miniSearch?: { options?: Record<string, unknown> } } } }): void {
  const search = themeConfig.search;
  if (search?.provider !== "local") return;
  search.options ??= {};
  search.options.miniSearch ??= {};
  search.options.miniSearch.options = { ...search.options.miniSearch.options, tokenize: tokenizeWithCjk };
}
