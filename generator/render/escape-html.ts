/**
 * Escapers for text the VitePress theme shows as HTML. Why: the default theme renders sidebar and
 * nav labels with `v-html`, VitePress writes the site description into `<meta content="...">`
 * without escaping, and puts all site data into an inline `<script>`, where `</script>` or `<!--`
 * would end or derail it. Escaping `& < > " '` covers all three: no tag, no attribute end, no
 * script end can survive.
 */

/** Text for HTML element content or a quoted attribute value. */
export function htmlText(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The data the site configuration reads (site/.vitepress/config.mts): every string in it, at any
 * depth, HTML-escaped here, so the configuration can hand it to VitePress as it is.
 */
export function siteData(value: unknown): unknown {
  if (typeof value === "string") return htmlText(value);
  if (Array.isArray(value)) return value.map(siteData);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, siteData(v)]));
  return value;
}
