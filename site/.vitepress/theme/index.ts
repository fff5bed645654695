// The default theme, with a layout for parameter tables and error codes (reference.css) and, on
// the spec format's page, a way back to the reference in the reader's language (back-to-reference.ts).
import type { Theme } from "vitepress";
import DefaultTheme from "vitepress/theme";
import { h } from "vue";
import { BackToReference } from "./back-to-reference.js";
import "./reference.css";

export default {
  extends: DefaultTheme,
  Layout: () => h(DefaultTheme.Layout, null, { "nav-bar-content-before": () => h(BackToReference) }),
} satisfies Theme;
