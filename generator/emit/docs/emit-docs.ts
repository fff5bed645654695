import type { Action, Ir, LocalizedText, Service } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { jsonLiteral } from "../../render/escape-code.js";
import { siteData } from "../../render/escape-html.js";
import { actionPageView, finalFences, type StructViews } from "./action-page.js";
import { packageHomeView, productHomeView, siteHomeView } from "./home-pages.js";
import { LANGS, type Lang } from "./labels.js";
import { SPEC_FORMAT_PAGE, specFormatPageView } from "./spec-format-page.js";

/*
 * Markdown pages for a VitePress site, in English and Chinese: a page per action, an index per
 * product and for the package, tcgen's spec format (one page, as written), and the site data (title, description, sidebar) the site
 * configuration reads.
 */

/** The pages about the whole package: homes, the spec format, and the site's data. */
export function emitPackageDocs(ir: Ir, render: Render): OutputFile[] {
  const files: OutputFile[] = [{ path: "docs/index.md", contents: render("docs/home.md", siteHomeView(ir)) }];
  for (const lang of LANGS) {
    const view = packageHomeView(ir, lang);
    files.push({ path: `docs/${lang}/index.md`, contents: render("docs/package.md", view), finalFences: finalFences(view.snippets) });
  }
  files.push({ path: `docs/${SPEC_FORMAT_PAGE}`, contents: render("docs/spec-format.md", specFormatPageView()), formatted: true });
  files.push({ path: "docs/site.json", contents: jsonLiteral(siteData(site(ir))) + "\n" });
  return files;
}

/** One product's pages, in every language: its home and a page per action. */
export function emitServiceDocs(ir: Ir, service: Service, render: Render): OutputFile[] {
  return LANGS.map((lang) => ({ path: `docs/${lang}/${service.product}/index.md`, contents: render("docs/product.md", productHomeView(ir, service.product, lang)) }));
}

/** One action's page in each language. */
export function emitActionDocs(ir: Ir, service: Service, action: Action, render: Render): OutputFile[] {
  const protocol = ir.protocols.find((p) => p.name === service.protocol)!;
  const views = structViewsOf(service);
  return LANGS.map((lang) => {
    const view = actionPageView(action, service, protocol, ir, lang, views);
    return { path: `docs/${lang}/${service.product}/${action.fileName}.md`, contents: render("docs/action.md", view), finalFences: finalFences(view.examples.map((e) => e.snippet)) };
  });
}

/**
 * The struct sections of action pages, kept per product's struct list while it lives: a view
 * depends on the struct and the language alone, and most structs appear on several pages.
 */
function structViewsOf(service: Service): StructViews {
  let views = structViewsByStructs.get(service.structs);
  if (!views) structViewsByStructs.set(service.structs, (views = new Map()));
  return views;
}

const structViewsByStructs = new WeakMap<Service["structs"], StructViews>();

/**
 * What site/.vitepress/config.mts hands to VitePress: the site title and description and a sidebar
 * per language (products, each with its actions). Plain text here; `siteData` HTML-escapes it all.
 */
function site(ir: Ir) {
  return {
    title: ir.package.name,
    // `/` and the spec format (English) take the English text; each language's pages their own.
    description: textIn(ir.package.description, "en"),
    locales: Object.fromEntries(LANGS.map((lang) => [lang, { description: textIn(ir.package.description, lang) }])),
    sidebar: Object.fromEntries(
      LANGS.map((lang) => [
        `/${lang}/`,
        ir.services.map((s) => ({
          text: textIn(s.title, lang) || s.product,
          link: `/${lang}/${s.product}/`,
          items: s.actions.map((a) => ({ text: a.name, link: `/${lang}/${s.product}/${a.fileName}` })),
        })),
      ]),
    ),
  };
}

/** Plain text in a language, else in the other one, else empty. */
function textIn(text: LocalizedText | undefined, lang: Lang): string {
  return text?.[lang] ?? text?.[lang === "en" ? "zh" : "en"] ?? "";
}
