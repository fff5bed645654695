/**
 * A JavaScript string literal as prettier 3 prints it (PRETTIER_OPTIONS: `singleQuote` off): in
 * double quotes unless its text holds more double quotes than single ones, then in single quotes.
 * A literal already in those quotes is kept as written; one that changes quotes has the new quote
 * escaped and the old one unescaped, its other escapes kept (test/final-typescript.test.ts holds
 * this to prettier). `raw` is the literal with its quotes, as written in the source.
 */
export function prettierString(raw: string): string {
  const content = raw.slice(1, -1);
  let doubles = 0;
  let singles = 0;
  for (const c of content) {
    if (c === '"') doubles++;
    else if (c === "'") singles++;
  }
  const quote = doubles > singles ? "'" : '"';
  if (raw[0] === quote) return raw;
  const other = quote === '"' ? "'" : '"';
  const body = content.replace(/\\([^])|(["'])/g, (match, escaped: string | undefined, bare: string | undefined) => {
    if (escaped === other) return escaped;
    if (bare === quote) return `\\${bare}`;
    return match;
  });
  return quote + body + quote;
}
