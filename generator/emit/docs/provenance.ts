import { isDeepStrictEqual } from "node:util";
import type { Provenance, Traced } from "../../ir/types.js";
import { mdAttribute } from "../../render/escape-markdown.js";
import type { Lang } from "./labels.js";
import { md, type Md } from "./markdown.js";

/** Short words for where a fact came from; the marker shows these, the tooltip the reference. */
const ORIGIN = {
  en: { seed: "page", catalogue: "api.json", sdk: "SDK", hand: "author", assumed: "assumed" },
  zh: { seed: "文档页", catalogue: "api.json", sdk: "SDK", hand: "作者", assumed: "推定" },
} as const;

const SOURCE = { en: "Source", zh: "来源" } as const;

/**
 * A quiet marker saying where a node's facts come from: a superscript word (`page`, `api.json`,
 * `SDK`, `assumed`) with the reference and reason, and each overridden key, in its tooltip.
 * Empty for a node whose spec records no source.
 */
export function provenanceMarker(node: Traced, lang: Lang): Md {
  if (!node.provenance) return md``;
  const lines = [`${SOURCE[lang]}: ${describe(node.provenance, lang)}`];
  for (const [key, note] of Object.entries(node.facts ?? {})) lines.push(`${key}: ${describe(note, lang)}`);
  return md` <sup class="tcgen-source" title=${mdAttribute(lines.join("\n"))}>${ORIGIN[lang][node.provenance.from]}</sup>`;
}

/** The marker of one key of a node (`rateLimit` of an action): its override, else the node's. */
export function factMarker(node: Traced, key: string, lang: Lang): Md {
  const note = node.facts?.[key];
  return note ? provenanceMarker({ provenance: note }, lang) : provenanceMarker({ ...(node.provenance ? { provenance: node.provenance } : {}) }, lang);
}

/** The marker where a node's sources differ from its parent's (the page says the parent's once). */
export function ownMarker(node: Traced, parent: Traced | undefined, lang: Lang): Md {
  if (parent && !node.facts && isDeepStrictEqual(node.provenance, parent.provenance)) return md``;
  return provenanceMarker(node, lang);
}

function describe(note: Provenance, lang: Lang): string {
  return [ORIGIN[lang][note.from], note.ref, note.reason].filter(Boolean).join(" — ");
}
