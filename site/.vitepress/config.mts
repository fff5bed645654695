// The docs site: VitePress over the Markdown tcgen generates into generated/docs.
// `npm run docs:build` writes the static site to site-dist/; `npm run docs:dev` serves it.
import { readFileSync } from "node:fs";
import { defineConfig } from "vitepress";

const sidebar = JSON.parse(readFileSync(new URL("../../generated/docs/sidebar.json", import.meta.url), "utf8"));
const pkg = JSON.parse(readFileSync(new URL("../../generated/package.json", import.meta.url), "utf8"));

export default defineConfig({
  title: pkg.name,
  description: pkg.description,
  srcDir: "../generated/docs",
  outDir: "../site-dist",
  cacheDir: "./.vitepress/cache",
  lastUpdated: false,
  locales: {
    root: { label: "Languages", lang: "en" },
    en: { label: "English", lang: "en", link: "/en/", themeConfig: { nav: [{ text: "Reference", link: "/en/" }] } },
    zh: { label: "中文", lang: "zh-CN", link: "/zh/", themeConfig: { nav: [{ text: "参考", link: "/zh/" }] } },
  },
  themeConfig: {
    sidebar,
    search: { provider: "local" },
    outline: [2, 3],
  },
});
