import type { Ir } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { jsonLiteral } from "../../render/escape-code.js";
import { siteData } from "../../render/escape-html.js";
import { actionPageView } from "./action-page.js";
import { LABELS, LANGS, say, sayParagraphs, type Lang } from "./labels.js";
import { md, mdParagraphs, mdText } from "./markdown.js";

/**
 * Markdown pages for a VitePress site, in English and Chinese: a page per action, an index per
 * product and for the package, and the site data (title, description, sidebar) the site
 * configuration reads.
 */
export function emitDocs(ir: Ir, render: Render): OutputFile[] {
  const files: OutputFile[] = [{ path: "docs/index.md", contents: render("docs/home.md", { packageName: mdText(ir.package.name), frontTitle: ir.package.name }) }];
  for (const lang of LANGS) {
    files.push({ path: `docs/${lang}/index.md`, contents: render("docs/package.md", packageView(ir, lang)) });
    for (const service of ir.services) {
      const protocol = ir.protocols.find((p) => p.name === service.protocol)!;
      files.push({ path: `docs/${lang}/${service.product}/index.md`, contents: render("docs/product.md", productView(ir, service.product, lang)) });
      for (const action of service.actions)
        files.push({ path: `docs/${lang}/${service.product}/${action.fileName}.md`, contents: render("docs/action.md", actionPageView(action, service, protocol, ir, lang)) });
    }
  }
  files.push({ path: "docs/site.json", contents: jsonLiteral(siteData(site(ir))) + "\n" });
  return files;
}

function packageView(ir: Ir, lang: Lang) {
  return {
    l: LABELS[lang],
    frontTitle: ir.package.name,
    packageName: mdText(ir.package.name),
    description: mdParagraphs(ir.package.description ?? ""),
    products: ir.services.map((s) => ({
      product: s.product,
      title: say(s.title, lang),
      protocol: s.protocol === "tc3" ? md`API 3.0 (${s.version ?? ""})` : md`legacy v2`,
      actions: mdText(s.actions.length),
    })),
  };
}

function productView(ir: Ir, product: string, lang: Lang) {
  const service = ir.services.find((s) => s.product === product)!;
  return {
    l: LABELS[lang],
    frontTitle: product,
    product,
    title: say(service.title, lang),
    description: sayParagraphs(service.description, lang),
    actions: service.actions.map((a) => ({ name: a.name, file: a.fileName, title: say(a.title, lang), rateLimit: a.rateLimit === undefined ? mdText(LABELS[lang].notDocumented) : md`${a.rateLimit} ${LABELS[lang].perSecond}` })),
  };
}

/**
 * What site/.vitepress/config.mts hands to VitePress: the site title and description and a sidebar
 * per language (products, each with its actions). Plain text here; `siteData` HTML-escapes it all.
 */
function site(ir: Ir) {
  return {
    title: ir.package.name,
    description: ir.package.description ?? "",
    sidebar: Object.fromEntries(
      LANGS.map((lang) => [
        `/${lang}/`,
        ir.services.map((s) => ({
          text: s.title[lang] ?? s.title.en ?? s.title.zh ?? s.product,
          link: `/${lang}/${s.product}/`,
          items: s.actions.map((a) => ({ text: a.name, link: `/${lang}/${s.product}/${a.fileName}` })),
        })),
      ]),
    ),
  };
}
