// The docs site: VitePress over the Markdown tcgen generates into generated/docs.
// `npm run docs:build` writes the static site to site-dist/; `npm run docs:dev` serves it.
// TCGEN_DOCS and TCGEN_SITE_OUT point it at another generated package's docs (the tests build the
// hostile golden case's site with this same configuration).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitepress";
import { tokenizeWithCjk } from "./cjk-search.js";
import { EN_THEME, ZH_SEARCH, ZH_THEME } from "./locales.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = process.env.TCGEN_DOCS ?? path.join(here, "../../generated/docs");
// Title, description and sidebar texts come HTML-escaped from tcgen (generator/render/escape-html.ts):
// VitePress writes the description into a <meta> attribute and the theme shows sidebar labels as HTML.
const site = JSON.parse(readFileSync(path.join(docs, "site.json"), "utf8"));

export default defineConfig({
  title: site.title,
  description: site.description,
  srcDir: docs,
  outDir: process.env.TCGEN_SITE_OUT ?? path.join(here, "../../site-dist"),
  cacheDir: "./.vitepress/cache",
  lastUpdated: false,
  // No icon of its own: an empty one, so browsers do not ask for a /favicon.ico that is not there.
  head: [["link", { rel: "icon", href: "data:," }]],
  // Spec text in the pages is text: it never turns into links either.
  markdown: { linkify: false, codeCopyButtonTitle: "Copy code / 复制代码" },
  // No root locale: the language menu then offers only the other language, on the same page
  // (VitePress swaps the /en/ or /zh/ prefix); the bilingual home at / links to both.
  locales: {
    en: { label: "English", lang: "en", link: "/en/", themeConfig: { ...EN_THEME, nav: [{ text: "Reference", link: "/en/" }] } },
    zh: { label: "中文", lang: "zh-CN", link: "/zh/", themeConfig: { ...ZH_THEME, nav: [{ text: "参考", link: "/zh/" }] } },
  },
  themeConfig: {
    sidebar: site.sidebar,
    search: {
      provider: "local",
      options: {
        // VitePress passes the function on to the browser, which cuts queries the same way.
        miniSearch: { options: { tokenize: tokenizeWithCjk } },
        locales: { zh: ZH_SEARCH },
      },
    },
    outline: [2, 3],
  },
});
