import type { Action, Ir, Protocol, Service } from "../../ir/types.js";
import { htmlText } from "../../render/escape-html.js";
import { clientSnippet, type Snippet } from "./action-page.js";
import { LABELS, say, sayParagraphs, type Lang } from "./labels.js";
import { anchor, fence, md, mdCode, mdJoin, mdText } from "./markdown.js";

/**
 * The site's entry pages: `/` (a bilingual hero with a door per language and a card per product),
 * `/<lang>/` (what the package is, how to install and call it, every product with its actions,
 * the protocols, how to read the reference) and `/<lang>/<product>/`.
 */

/**
 * The front matter of `/`. VitePress's home layout shows hero and feature texts as HTML
 * (`v-html`), so each is HTML-escaped here and YAML-quoted by the template.
 */
export function siteHomeView(ir: Ir) {
  return {
    frontTitle: ir.package.name,
    name: htmlText(ir.package.name),
    // Both languages when they differ, each on its own line.
    tagline: [...new Set([ir.package.description?.en, ir.package.description?.zh].filter((t): t is string => Boolean(t)))].map(htmlText).join("<br>"),
    features: ir.services.map((s) => ({
      title: htmlText(bilingual(s.title, s.product)),
      // No card-wide link (that would pick one language): a door per language inside the card.
      details:
        htmlText(`${protocolName(s, "en")} · ${s.actions.length} actions / ${protocolName(s, "zh")} · ${s.actions.length} 个接口`) +
        // Single-quoted attributes: the value stays a plain double-quoted YAML string, which the
        // Markdown printer writes in prettier's form itself (an escaped `"` would send the page to prettier).
        `<br><span class='tc-doors'><a href='/en/${htmlText(s.product)}/'>English</a> · <a href='/zh/${htmlText(s.product)}/' lang='zh-CN'>中文</a></span>`,
    })),
  };
}

function bilingual(text: { en?: string; zh?: string }, fallback: string): string {
  const parts = [text.en, text.zh].filter((t): t is string => Boolean(t));
  return parts.length ? [...new Set(parts)].join(" / ") : fallback;
}

function protocolName(service: Service, lang: Lang): string {
  if (service.protocol === "tc3") return `API 3.0 (${service.version ?? ""})`;
  return LABELS[lang].legacyApi;
}

/** `/<lang>/`: the package's home in one language. */
export function packageHomeView(ir: Ir, lang: Lang) {
  const l = LABELS[lang];
  const sample = firstExample(ir);
  return {
    l,
    frontTitle: ir.package.name,
    packageName: mdText(ir.package.name),
    description: sayParagraphs(ir.package.description, lang),
    install: fence("sh", `npm install ${ir.package.name}`),
    call: sample ? { intro: md`${l.callIntro} ${mdCode(sample.action.name)} (${say(sample.action.title, lang)}):`, code: fence("ts", sample.snippet.code) } : null,
    snippets: sample ? [sample.snippet] : [],
    products: ir.services.map((s) => productSummary(s, lang)),
    protocols: ir.protocols.map((p) => protocolSummary(p, ir, lang)),
  };
}

function productSummary(service: Service, lang: Lang) {
  return {
    product: service.product,
    heading: md`${say(service.title, lang)} (${mdCode(service.product)}) ${anchor(service.product)}`,
    protocol: mdText(protocolName(service, lang)),
    endpoint: mdCode(service.endpoints.domestic),
    actions: service.actions.map((a) => actionSummary(a, lang)),
  };
}

function actionSummary(action: Action, lang: Lang) {
  return { name: action.name, file: action.fileName, title: say(action.title, lang) };
}

function protocolSummary(protocol: Protocol, ir: Ir, lang: Lang) {
  const products = ir.services.filter((s) => s.protocol === protocol.name).map((s) => mdCode(s.product));
  const name = protocol.name === "tc3" ? md`API 3.0 (TC3-HMAC-SHA256)` : md`${LABELS[lang].legacyApi} (HmacSHA1 / HmacSHA256)`;
  return { name, description: say(protocol.description, lang), products: products.length ? md`${LABELS[lang].products}: ${mdJoin(products, md`, `)}` : null };
}

/** The first example of the first action that has one: the home page's sample call. */
function firstExample(ir: Ir): { action: Action; snippet: Snippet } | undefined {
  for (const service of ir.services)
    for (const action of service.actions) {
      const example = action.examples[0];
      if (!example) continue;
      const region = example.region ?? (service.regionRequired ? "ap-guangzhou" : undefined);
      return { action, snippet: clientSnippet(action, service, example, region, ir.package.name) };
    }
  return undefined;
}

/** `/<lang>/<product>/`: the product's description and its actions. */
export function productHomeView(ir: Ir, product: string, lang: Lang) {
  const service = ir.services.find((s) => s.product === product)!;
  const l = LABELS[lang];
  return {
    l,
    frontTitle: product,
    product,
    title: say(service.title, lang),
    description: sayParagraphs(service.description, lang),
    facts: [
      [mdText(l.product), mdCode(service.product)],
      [mdText(l.protocol), mdText(protocolName(service, lang))],
      [mdText(l.endpoint), mdCode(service.endpoints.domestic)],
    ],
    actions: service.actions.map((a) => ({ ...actionSummary(a, lang), rateLimit: a.rateLimit === undefined ? mdText(l.notDocumented) : md`${a.rateLimit} ${l.perSecond}` })),
  };
}
