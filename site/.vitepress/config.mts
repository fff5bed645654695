// The docs site: VitePress over the Markdown tcgen generates into generated/docs.
// `npm run docs:build` writes the static site to site-dist/; `npm run docs:dev` serves it.
// TCGEN_DOCS and TCGEN_SITE_OUT point it at another generated package's docs (the tests build the
// hostile golden case's site with this same configuration).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type MarkdownRenderer as MarkdownIt } from "vitepress";
import { tokenizeWithCjk } from "./cjk-search.js";
import { COPY_CODE, EN_THEME, ZH_SEARCH, ZH_THEME } from "./locales.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = process.env.TCGEN_DOCS ?? path.join(here, "../../generated/docs");
// Title, description and sidebar texts come HTML-escaped from tcgen (generator/render/escape-html.ts):
// VitePress writes the description into a <meta> attribute and the theme shows sidebar labels as HTML.
const site = JSON.parse(readFileSync(path.join(docs, "site.json"), "utf8"));

/** The spec format's page: English only, outside both languages (the home pages link it). */
const SPEC_FORMAT = "/spec-format";

/** On the Chinese pages, the code blocks' copy button says so in Chinese. */
function copyButtonPerLocale(md: MarkdownIt): void {
  const fence = md.renderer.rules.fence!;
  const english = `<button title="${COPY_CODE.en}" class="copy">`;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const html = fence(tokens, idx, options, env, self);
    // VitePress passes the page's locale in the render environment.
    const title = COPY_CODE[(env as { localeIndex?: string }).localeIndex as keyof typeof COPY_CODE];
    return title && title !== COPY_CODE.en ? html.replace(english, `<button title="${title}" class="copy">`) : html;
  };
}

export default defineConfig({
  title: site.title,
  description: site.description,
  srcDir: docs,
  outDir: process.env.TCGEN_SITE_OUT ?? path.join(here, "../../site-dist"),
  cacheDir: "./.vitepress/cache",
  lastUpdated: false,
  // No icon of its own: an empty one, so browsers do not ask for a /favicon.ico that is not there.
  head: [["link", { rel: "icon", href: "data:," }]],
  markdown: {
    // Spec text in the pages is text: it never turns into links either.
    linkify: false,
    // VitePress 1.x has one copy-button title for the whole site (`markdown.codeCopyButtonTitle`,
    // written into each code block's HTML when the Markdown is rendered; locales cannot set it).
    // The English one is set here and the Chinese pages get theirs from `copyButtonPerLocale`.
    codeCopyButtonTitle: COPY_CODE.en,
    config: (md) => copyButtonPerLocale(md),
  },
  // No root locale: the language menu then offers only the other language, on the same page
  // (VitePress swaps the /en/ or /zh/ prefix); the bilingual home at / links to both.
  locales: {
    en: {
      label: "English",
      lang: "en",
      link: "/en/",
      description: site.locales.en.description,
      themeConfig: { ...EN_THEME, nav: [{ text: "Reference", link: "/en/" }, { text: "Spec format", link: SPEC_FORMAT }] },
    },
    zh: {
      label: "中文",
      lang: "zh-CN",
      link: "/zh/",
      description: site.locales.zh.description,
      themeConfig: { ...ZH_THEME, nav: [{ text: "参考", link: "/zh/" }, { text: "规格格式（英文）", link: SPEC_FORMAT }] },
    },
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
