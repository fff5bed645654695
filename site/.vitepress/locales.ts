// The interface strings of each language: the theme's own labels and the search box's. English is
// VitePress's default wording; Chinese replaces every label the default theme shows.
import type { DefaultTheme } from "vitepress";

export const EN_THEME: DefaultTheme.Config = {
  outline: { level: [2, 3], label: "On this page" },
};

export const ZH_THEME: DefaultTheme.Config = {
  outline: { level: [2, 3], label: "本页目录" },
  docFooter: { prev: "上一页", next: "下一页" },
  darkModeSwitchLabel: "外观",
  lightModeSwitchTitle: "切换到浅色模式",
  darkModeSwitchTitle: "切换到深色模式",
  sidebarMenuLabel: "目录",
  returnToTopLabel: "返回顶部",
  langMenuLabel: "切换语言",
  skipToContentLabel: "跳到正文",
  notFound: { title: "页面未找到", quote: "此地址没有页面。", linkLabel: "返回首页", linkText: "返回首页", code: "404" },
};

export const ZH_SEARCH = {
  translations: {
    button: { buttonText: "搜索", buttonAriaLabel: "搜索文档" },
    modal: {
      displayDetails: "显示详细列表",
      resetButtonTitle: "清除查询",
      backButtonTitle: "关闭搜索",
      noResultsText: "没有找到结果",
      footer: {
        selectText: "选择",
        selectKeyAriaLabel: "回车",
        navigateText: "切换",
        navigateUpKeyAriaLabel: "上方向键",
        navigateDownKeyAriaLabel: "下方向键",
        closeText: "关闭",
        closeKeyAriaLabel: "Esc",
      },
    },
  },
};

/** The title of the copy button on code blocks (site/.vitepress/config.mts sets it per language). */
export const COPY_CODE = { en: "Copy code", zh: "复制代码" } as const;
