// The default theme, with a layout for parameter tables (reference.css) and Chinese-aware search.
import DefaultTheme from "vitepress/theme";
import type { Theme } from "vitepress";
import { installCjkTokenizer } from "../cjk-search.js";
import "./reference.css";

export default {
  extends: DefaultTheme,
  enhanceApp({ siteData }) {
    installCjkTokenizer(siteData.value.themeConfig);
  },
} satisfies Theme;
