// The spec format's page (/spec-format) belongs to neither language: no sidebar, no language menu.
// In its nav bar, a link back to the reference home of the language the reader came from; a
// reader who came from nowhere on the site (or before the page has mounted) gets both.
import { useData, useRoute } from "vitepress";
import { defineComponent, h, onMounted, ref, watch } from "vue";

type Lang = "en" | "zh";
const KEY = "tcgen-reference-lang";
// Each link's text, and a shorter one for a phone's nav bar (reference.css shows one of them).
const BACK: Record<Lang, { back: [string, string]; both: [string, string]; lang: string }> = {
  en: { back: ["← English reference", "← Reference"], both: ["English", "EN"], lang: "en" },
  zh: { back: ["← 中文参考", "← 参考"], both: ["中文", "中文"], lang: "zh-CN" },
};

function langOf(pathname: string): Lang | undefined {
  return pathname.startsWith("/en/") ? "en" : pathname.startsWith("/zh/") ? "zh" : undefined;
}

export const BackToReference = defineComponent({
  name: "BackToReference",
  setup() {
    const route = useRoute();
    const { localeIndex, page } = useData();
    // Set only after mounting: the server's HTML (both links) and the first client render agree.
    const came = ref<Lang | undefined>(undefined);
    onMounted(() => {
      const remember = (pathname: string) => {
        const lang = langOf(pathname);
        try {
          if (lang) sessionStorage.setItem(KEY, lang);
          const stored = sessionStorage.getItem(KEY);
          came.value = stored === "en" || stored === "zh" ? stored : undefined;
        } catch {
          came.value = lang ?? came.value;
        }
      };
      watch(() => route.path, remember, { immediate: true });
    });
    return () => {
      // Only on pages outside both languages, except the bilingual home (its hero has the doors).
      if (localeIndex.value !== "root" || page.value.relativePath === "index.md" || page.value.isNotFound) return null;
      const langs: Lang[] = came.value ? [came.value] : ["en", "zh"];
      return h(
        "nav",
        { class: ["tc-back", came.value ? "one" : "both"], "aria-label": "Reference / 参考" },
        langs.map((lang) => {
          const [long, short] = came.value ? BACK[lang].back : BACK[lang].both;
          return h("a", { href: `/${lang}/`, lang: BACK[lang].lang }, [h("span", { class: "long" }, long), h("span", { class: "short" }, short)]);
        }),
      );
    };
  },
});
