import { md, type Md } from "../../render/escape-markdown.js";

export { fence, md, mdCode, mdId, mdJoin, mdParagraphs, mdText, type Md } from "../../render/escape-markdown.js";

/** The explicit heading anchor VitePress honours (`## Title {#id}`), so links never depend on slug rules. */
export function anchor(id: string): Md {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`internal: anchor ${JSON.stringify(id)}`);
  return md`{#${id}}`;
}

export function structAnchor(name: string): string {
  return `struct-${name.toLowerCase().replace(/[^a-z0-9]/g, "-")}`;
}
