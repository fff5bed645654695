import { execFile } from "node:child_process";
import { mkdir, mkdtemp, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, removeDir } from "../support/run.js";
import { serveStatic, type StaticSite } from "./static-server.js";

/**
 * The docs site as a reader sees it: built with `npm run docs:build`, served on 127.0.0.1 and
 * driven in Debian's Chromium (nothing downloads a browser). Screenshots land in SCREENSHOTS.
 */
const CHROMIUM = process.env.TCGEN_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(REPO, "test-output", "screenshots");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const WIDTHS = [1400, 390] as const;
const LANGS = ["en", "zh"] as const;
const MODIFY_BM_LISTENER = "bmlb/modify-bm-listener.html";
const BATCH_REGISTER_TARGETS = "clb/batch-register-targets.html";
const SPEC_FORMAT = "/spec-format.html";

let outDir: string;
let profile: string;
let site: StaticSite;
let browser: BrowserContext;

beforeAll(async () => {
  await mkdir(path.join(REPO, ".test-sites"), { recursive: true });
  // Inside the repository, so the build resolves vue and vitepress from its node_modules.
  outDir = await mkdtemp(path.join(REPO, ".test-sites", "browser-"));
  await promisify(execFile)("npm", ["run", "-s", "docs:build"], { cwd: REPO, env: { ...process.env, TCGEN_SITE_OUT: outDir }, maxBuffer: 64 * 1024 * 1024 });
  site = await serveStatic(outDir);
  profile = await mkdtemp(path.join(os.tmpdir(), "tcgen-chromium-"));
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (outDir) await removeDir(outDir);
  if (profile) await removeDir(profile);
});

interface Visit {
  page: Page;
  status: number | undefined;
  /** Console errors, uncaught exceptions and failed requests while the page loaded. */
  errors: string[];
}

async function visit(pathname: string, width: number): Promise<Visit> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`exception: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(site.origin + pathname, { waitUntil: "load" });
  // VitePress mounts (hydrates) after load; mismatches and errors are reported by the time it has.
  await page.waitForFunction(() => "__vue_app__" in (document.getElementById("app") ?? {}));
  return { page, status: response?.status(), errors };
}

async function withPage<T>(pathname: string, width: number, use: (visit: Visit) => Promise<T>): Promise<T> {
  const opened = await visit(pathname, width);
  try {
    return await use(opened);
  } finally {
    await opened.page.close();
  }
}

/** Nav bar items that overlap another or leave the window (the site title, the way back, the buttons). */
async function navBarOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const items = [".VPNavBarTitle .title span", ".tc-back", ".VPNavBarSearch", ".VPNavBarHamburger", ".VPNavBarMenu", ".VPNavBarAppearance"]
      .map((selector) => ({ selector, box: document.querySelector(selector)?.getBoundingClientRect() }))
      .filter((item): item is { selector: string; box: DOMRect } => item.box !== undefined && item.box.width > 0);
    // The site title and the way back are on every width: if their classes change, say so instead of finding nothing.
    const found = [".VPNavBarTitle .title span", ".tc-back"].filter((s) => !items.some((item) => item.selector === s)).map((s) => `${s} not found`);
    for (const [i, a] of items.entries()) {
      if (a.box.left < 0 || a.box.right > window.innerWidth) found.push(`${a.selector} leaves the window`);
      for (const b of items.slice(i + 1)) if (a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom) found.push(`${a.selector} overlaps ${b.selector}`);
    }
    return found;
  });
}

/** Every link in the sidebar of a language's pages, the home pages themselves and the spec format. */
async function sitePages(): Promise<string[]> {
  const pages = new Set<string>(["/", "/en/", "/zh/", SPEC_FORMAT]);
  for (const lang of LANGS)
    await withPage(`/${lang}/${MODIFY_BM_LISTENER}`, 1400, async ({ page }) => {
      const links = await page.$$eval(".VPSidebar a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(links.length, `${lang} sidebar`).toBeGreaterThanOrEqual(10);
      for (const link of links) pages.add(link);
    });
  return [...pages].sort();
}

describe("the docs site in Chromium", () => {
  it.each(WIDTHS)("at %i px every page reachable from the sidebar answers with no console error, no table is wider than its column, nor the page wider than the window", async (width) => {
    const answers: string[] = [];
    const overflow: string[] = [];
    for (const pathname of await sitePages())
      await withPage(pathname, width, async ({ page, status, errors }) => {
        if (status !== 200) answers.push(`${pathname}: HTTP ${status}`);
        const found = await page.evaluate(() => {
          const found: string[] = [];
          document.querySelectorAll(".vp-doc table").forEach((table, i) => {
            const column = table.closest(".vp-doc")!.getBoundingClientRect();
            const box = table.getBoundingClientRect();
            if (table.scrollWidth > table.clientWidth + 1 || box.right > column.right + 1 || box.left < column.left - 1)
              found.push(`table ${i + 1} (${table.querySelector("th")?.textContent ?? ""}): ${table.scrollWidth}px of content in ${Math.round(box.width)}px, column ${Math.round(column.left)}..${Math.round(column.right)}`);
          });
          // A code block may scroll inside itself, but stays inside the window.
          document.querySelectorAll(".vp-doc div[class*='language-']").forEach((block, i) => {
            const box = block.getBoundingClientRect();
            if (box.right > window.innerWidth + 1 || box.left < -1) found.push(`code block ${i + 1}: ${Math.round(box.left)}..${Math.round(box.right)} in a ${window.innerWidth}px window`);
          });
          if (document.documentElement.scrollWidth > window.innerWidth) found.push(`page ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
          return found;
        });
        for (const problem of found) overflow.push(`${pathname}: ${problem}`);
        // Read last: errors reported while the page was measured count too.
        for (const error of errors) answers.push(`${pathname}: ${error}`);
      });
    expect({ answers, overflow }).toEqual({ answers: [], overflow: [] });
  });

  it("on a phone (390 px) code blocks wrap their long lines instead of scrolling sideways", async () => {
    const scrolling: string[] = [];
    let blocks = 0;
    for (const pathname of await sitePages())
      await withPage(pathname, 390, async ({ page }) => {
        const found = await page.$$eval(".vp-doc div[class*='language-'] pre", (pres) => pres.map((pre) => ({ scroll: pre.scrollWidth, width: pre.clientWidth, text: pre.textContent!.slice(0, 40) })));
        blocks += found.length;
        for (const pre of found) if (pre.scroll > pre.width + 1) scrolling.push(`${pathname}: ${pre.scroll}px of code in ${pre.width}px: ${pre.text}`);
      });
    expect(blocks).toBeGreaterThan(20);
    expect(scrolling).toEqual([]);
  });

  it.each(LANGS)("the %s home links the spec format, and the page answers", async (lang) => {
    const href = await withPage(`/${lang}/`, 1400, async ({ page }) => {
      const links = await page.$$eval("#reading ~ p a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(links).toEqual([SPEC_FORMAT]);
      // Followed in the page, as a reader would (VitePress routes it without a reload).
      await page.click(`#reading ~ p a[href]`);
      await page.waitForFunction(() => location.pathname === "/spec-format.html");
      // The router changes the address before it renders the new page, so wait for the page, not the address.
      await page.waitForFunction(() => document.querySelector(".vp-doc h1")?.textContent?.includes("The tcgen spec format"), undefined, { timeout: 10_000 }).catch(() => undefined);
      expect(await page.textContent(".vp-doc h1")).toContain("The tcgen spec format");
      return links[0]!;
    });
    await withPage(href, 1400, async ({ page, status, errors }) => {
      expect(status).toBe(200);
      expect(errors).toEqual([]);
      expect(await page.textContent(".vp-doc h1")).toContain("The tcgen spec format");
      // Code as written: the YAML fragments keep their indentation and aligned comments.
      expect(await page.$$eval(".vp-doc div.language-yaml pre", (pres) => pres.map((p) => p.textContent).join("\n"))).toContain("protocol: tc3                 # tc3");
      const back = await page.$$eval(".vp-doc a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect([back.some((p) => p.startsWith("/en/")), back.some((p) => p.startsWith("/zh/"))]).toEqual([true, true]);
    });
  });

  it.each(WIDTHS)("a link to #timeOut shows that parameter's row, at %i px", async (width) => {
    for (const lang of LANGS)
      await withPage(`/${lang}/${MODIFY_BM_LISTENER}#timeOut`, width, async ({ page }) => {
        await page.waitForFunction(() => window.scrollY > 0);
        const place = await page.evaluate(() => {
          const target = document.getElementById("timeOut");
          const nav = document.querySelector(".VPNav")?.getBoundingClientRect().bottom ?? 0;
          return target && { top: target.getBoundingClientRect().top, nav, height: window.innerHeight, text: target.textContent };
        });
        expect(place?.text).toBe("timeOut");
        expect(place!.top).toBeGreaterThanOrEqual(place!.nav - 1);
        expect(place!.top).toBeLessThan(place!.height / 2);
      });
  });

  it.each([
    ["en", "timeOut"],
    ["zh", "超时"],
    ["zh", "响应超时"],
  ] as const)("the %s search finds %s on ModifyBmListener", async (lang, query) => {
    await withPage(`/${lang}/`, 1400, async ({ page, errors }) => {
      await page.click(".DocSearch-Button");
      await page.fill(".VPLocalSearchBox .search-input", query);
      await page.waitForSelector(".VPLocalSearchBox a.result");
      const hits = await page.$$eval(".VPLocalSearchBox a.result", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(hits).toContain(`/${lang}/${MODIFY_BM_LISTENER}`);
      expect(hits.every((hit) => hit.startsWith(`/${lang}/`))).toBe(true);
      expect(errors).toEqual([]);
    });
  });

  it("the Chinese pages show the interface in Chinese", async () => {
    await withPage(`/zh/${MODIFY_BM_LISTENER}`, 1400, async ({ page }) => {
      expect(await page.textContent(".DocSearch-Button-Placeholder")).toBe("搜索");
      expect(await page.getAttribute(".DocSearch-Button", "aria-label")).toBe("搜索文档");
      expect((await page.textContent(".VPDocAsideOutline .outline-title"))?.trim()).toBe("本页目录");
      expect(await page.textContent(".VPSkipLink")).toContain("跳到正文");
      expect(await page.$$eval(".tc-params th", (ths) => ths.map((th) => th.textContent))).toEqual(expect.arrayContaining(["参数名称", "类型", "必选", "描述"]));
      expect(new Set(await page.$$eval(".vp-doc button.copy", (bs) => bs.map((b) => b.getAttribute("title"))))).toEqual(new Set(["复制代码"]));
      expect(await page.$eval(".vp-doc button.copy", (b) => getComputedStyle(b).getPropertyValue("--vp-code-copy-copied-text-content").trim())).toBe('"已复制"');
      await page.click(".DocSearch-Button");
      expect(await page.getAttribute(".VPLocalSearchBox .search-input", "placeholder")).toBe("搜索");
    });
    await withPage(`/zh/${MODIFY_BM_LISTENER}`, 390, async ({ page }) => {
      expect((await page.textContent(".VPLocalNav .menu-text"))?.trim()).toBe("目录");
    });
  });

  it.each(LANGS)("the %s home says how to install and call the package, lists every product's actions and the protocols", async (lang) => {
    await withPage(`/${lang}/`, 1400, async ({ page }) => {
      const ids = await page.$$eval(".vp-doc h2[id]", (hs) => hs.map((h) => h.id));
      expect(ids).toEqual(["install", "call", "products", "protocols", "reading"]);
      expect(await page.isVisible(".VPNavBarSearch")).toBe(true);
      expect(await page.textContent(".vp-doc #install + div pre")).toContain("npm install");
      const actions = await page.$$eval(".vp-doc table a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      const sidebarActions = await page.$$eval(".VPSidebar .VPSidebarItem.level-1 a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(sidebarActions.length).toBeGreaterThanOrEqual(7);
      expect(actions.sort()).toEqual(sidebarActions.sort());
    });
    await withPage("/", 1400, async ({ page, errors }) => {
      const doors = await page.$$eval(".VPHero .actions a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(doors).toEqual(["/en/", "/zh/"]);
      // It belongs to no language and has no search index of its own.
      expect(await page.isVisible(".VPNavBarSearch")).toBe(false);
      // Every product card: a door per language, to the product's home.
      const cards = await page.$$eval(".VPFeature", (cards) => cards.map((card) => [...card.querySelectorAll("a[href]")].map((a) => new URL((a as HTMLAnchorElement).href).pathname)));
      expect(cards.length).toBeGreaterThanOrEqual(3);
      for (const card of cards) expect(card).toEqual([expect.stringMatching(/^\/en\/[a-z0-9-]+\/$/), card[0]!.replace("/en/", "/zh/")]);
      await page.click(`.VPFeature a[href="${cards[0]![1]}"]`);
      await page.waitForFunction((want) => location.pathname === want && document.documentElement.lang === "zh-CN", cards[0]![1]);
      expect(errors).toEqual([]);
    });
  });

  it("draws Chinese text with a CJK font, not boxes", async () => {
    await withPage(`/zh/${MODIFY_BM_LISTENER}`, 1400, async ({ page }) => {
      // The fonts Chromium actually used for the page title's subtitle (Chinese text), per glyph run.
      const cdp = await browser.newCDPSession(page);
      await cdp.send("DOM.enable");
      await cdp.send("CSS.enable");
      const { root } = await cdp.send("DOM.getDocument");
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: ".vp-doc h1 + p strong" });
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      expect(await page.textContent(".vp-doc h1 + p strong")).toMatch(/\p{Script=Han}/u);
      expect(fonts.map((f) => f.familyName).join(", ")).toMatch(/CJK/);
    });
  });

  const SWITCHED = ["", "clb/", "clb/index.html", BATCH_REGISTER_TARGETS, MODIFY_BM_LISTENER].flatMap((rest) => LANGS.map((lang) => [`/${lang}/${rest}`] as const));
  it.each(SWITCHED)("the language switch on %s offers the same page in the other language, and lands there", async (pathname) => {
    const lang = pathname.startsWith("/en/") ? "en" : "zh";
    const other = lang === "en" ? "zh" : "en";
    const target = pathname.replace(`/${lang}/`, `/${other}/`);
    // VitePress writes a product's home as <product>/index.html; its menu drops the index.html.
    const expected = target.replace(/index\.html$/, "");
    await withPage(pathname, 1400, async ({ page, errors }) => {
      const links = await page.$$eval(".VPNavBarTranslations a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(links).toEqual([expected]);
      const heading = await page.textContent(".vp-doc h1");
      const section = await page.textContent(".vp-doc h2");
      // Followed as a reader would: open the menu, pick the language.
      await page.hover(".VPNavBarTranslations");
      await page.click(".VPNavBarTranslations a[href]");
      await page.waitForFunction((want) => location.pathname === want, expected);
      await page.waitForFunction((want) => document.documentElement.lang === want, other === "zh" ? "zh-CN" : "en");
      // The same page: the sidebar marks the same entry, and the page has the same heading (an
      // action's name; a home's package name) or, for a product, its title in the other language.
      if (expected !== `/${other}/`) {
        const stem = (p: string) => p.replace(/\.html$/, "");
        await page.waitForFunction((want) => [...document.querySelectorAll(".VPSidebarItem.is-active > .item a[href]")].some((a) => new URL((a as HTMLAnchorElement).href).pathname.replace(/\.html$/, "") === want), stem(expected));
      }
      // The page's own text is in the other language now (its first section heading is a label).
      await page.waitForFunction((before) => { const h2 = document.querySelector(".vp-doc h2")?.textContent; return Boolean(h2) && h2 !== before; }, section);
      expect(await page.textContent(".vp-doc h2")).toMatch(other === "zh" ? /\p{Script=Han}/u : /^[^\p{Script=Han}]*$/u);
      if (!pathname.endsWith("/") && !pathname.endsWith("index.html")) expect(await page.textContent(".vp-doc h1")).toBe(heading);
      if (expected === `/${other}/`) expect(await page.textContent(".vp-doc h1")).toBe(heading);
      expect(await page.$$eval(".VPNavBarTranslations a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))).toEqual([expected.replace(`/${other}/`, `/${lang}/`)]);
      expect(errors).toEqual([]);
    });
  });

  it.each(LANGS)("the %s pages' nav links the spec format, and its page links back to that language's reference", async (lang) => {
    await withPage(`/${lang}/${BATCH_REGISTER_TARGETS}`, 1400, async ({ page, errors }) => {
      const nav = await page.$$eval(".VPNavBarMenu a[href]", (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(nav).toEqual([`/${lang}/`, SPEC_FORMAT]);
      await page.click(`.VPNavBarMenu a[href="${SPEC_FORMAT}"]`);
      await page.waitForFunction(() => document.querySelector(".vp-doc h1")?.textContent?.includes("The tcgen spec format"));
      // Back to the reader's language only.
      await page.waitForFunction(() => document.querySelectorAll(".tc-back a").length === 1);
      const backLinks = () => page.$$eval(".tc-back a[href]", (as) => as.map((a) => [new URL((a as HTMLAnchorElement).href).pathname, (a as HTMLElement).innerText]));
      expect(await backLinks()).toEqual([[`/${lang}/`, lang === "en" ? "← English reference" : "← 中文参考"]]);
      // On a phone: a shorter text, in the nav bar beside the site title, not over it.
      await page.setViewportSize({ width: 390, height: 900 });
      expect(await backLinks()).toEqual([[`/${lang}/`, lang === "en" ? "← Reference" : "← 参考"]]);
      expect(await navBarOverlaps(page)).toEqual([]);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `spec-format-from-${lang}-390.png`) });
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.click(".tc-back a");
      await page.waitForFunction((want) => location.pathname === want, `/${lang}/`);
      // The router changes the address before it renders the new page: wait for the home's own section.
      await page.waitForSelector(".vp-doc h2#install", { timeout: 10_000 });
      expect(await page.getAttribute("html", "lang")).toBe(lang === "zh" ? "zh-CN" : "en");
      expect(errors).toEqual([]);
    });
  });

  it.each(WIDTHS)("the spec format opened directly offers both references, at %i px", async (width) => {
    await withPage(SPEC_FORMAT, width, async ({ page, errors }) => {
      expect(await page.$$eval(".tc-back a[href]", (as) => as.map((a) => [new URL((a as HTMLAnchorElement).href).pathname, (a as HTMLElement).innerText]))).toEqual([
        ["/en/", width < 768 ? "EN" : "English"],
        ["/zh/", "中文"],
      ]);
      expect(await navBarOverlaps(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  it("writes screenshots of the home pages, the spec format and two action pages, in both languages, at both widths", async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const shots: [string, string][] = [["/", "home"], [SPEC_FORMAT, "spec-format"]];
    for (const lang of LANGS) shots.push([`/${lang}/`, `home-${lang}`], [`/${lang}/${MODIFY_BM_LISTENER}`, `modify-bm-listener-${lang}`], [`/${lang}/${BATCH_REGISTER_TARGETS}`, `batch-register-targets-${lang}`]);
    for (const width of WIDTHS)
      for (const [pathname, name] of shots)
        await withPage(pathname, width, async ({ page }) => {
          const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect((await stat(file)).size, file).toBeGreaterThan(10_000);
        });
  });
});
