/**
 * Spec text as Markdown that renders as text: in table cells, paragraphs and headings, whatever it
 * contains (pipes, backticks, HTML, Vue's `{{`, newlines). Everything special becomes an entity.
 */
export function mdText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[|`*_[\]{}\\#~$!]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r?\n/g, "<br>");
}

/** Inline code whose content is spec text: `<code>` with escaped content (backticks cannot break it). */
export function mdCode(text: string): string {
  return `<code>${mdText(text)}</code>`;
}

/** A fenced block longer than any backtick run inside, so content cannot close it. */
export function fence(lang: string, content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}${lang}\n${content.replace(/\n+$/, "")}\n${marks}`;
}

/** The explicit heading anchor VitePress honours (`## Title {#id}`), so links never depend on slug rules. */
export function anchor(id: string): string {
  return `{#${id}}`;
}

export function structAnchor(name: string): string {
  return `struct-${name.toLowerCase()}`;
}
