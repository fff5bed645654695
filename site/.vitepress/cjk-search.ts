// Search terms for VitePress's local search (MiniSearch), used both when the site is built (the
// index) and in the browser (the query): the two must cut text the same way.
// MiniSearch splits on spaces and punctuation only, so a Chinese phrase is one long term and a word
// inside it ("超时" in "健康检查的响应超时时间") is never found. Runs of CJK text also give their
// words (Intl.Segmenter) and every pair of neighbouring characters: the segmenter alone cuts
// "超时时间" as 超/时/时间, the pairs catch what it cuts differently. Other text keeps MiniSearch's
// own terms, so English search does not change.
//
// VitePress hands functions in the configuration to the browser as their source text and revives
// each with `new Function`, outside this module: so this function is self-contained, with no
// reference to anything around it (test/cjk-search.test.ts revives it the same way).

export function tokenizeWithCjk(text: string): string[] {
  // MiniSearch's default tokenizer (SPACE_OR_PUNCTUATION in minisearch).
  const terms = text.split(/[\n\r\p{Z}\p{P}]+/u);
  const runs = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu) ?? [];
  if (runs.length === 0) return terms;
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  for (const run of runs) {
    for (const segment of segmenter.segment(run)) if (segment.isWordLike) terms.push(segment.segment);
    const chars = Array.from(run);
    for (let i = 1; i < chars.length; i++) terms.push(chars[i - 1]! + chars[i]!);
  }
  return terms;
}
