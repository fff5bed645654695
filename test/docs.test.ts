import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { runInNewContext } from "node:vm";
import { parse as parseHtml } from "parse5";
import { afterAll, describe, expect, it } from "vitest";
import { ownDocMarkdown } from "../generator/render/escape-markdown.js";
import { REPO, removeDir } from "./support/run.js";
import { typecheckSnippets } from "./support/snippets.js";

/** The generated Markdown: links, anchors, TypeScript snippets, and a real VitePress build. */
const DOCS = path.join(REPO, "generated", "docs");

function markdownFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => path.join(e.parentPath, e.name));
}

const anchorsOf = (text: string) => new Set([...text.matchAll(/\{#([a-z0-9-]+)\}/g)].map((m) => m[1]!));

describe("generated docs", () => {
  const files = markdownFiles(DOCS);

  it("has a page per action in English and Chinese", () => {
    const pages = files.map((f) => path.relative(DOCS, f).split(path.sep).join("/"));
    for (const lang of ["en", "zh"])
      for (const page of ["gaap/bind-listener-real-servers", "gaap/describe-listener-real-servers", "clb/batch-register-targets", "clb/describe-targets", "bmlb/describe-bm-l4-listener-backends", "bmlb/modify-bm-listener", "bmlb/describe-bm-load-balancers-task-result"])
        expect(pages).toContain(`${lang}/${page}.md`);
  });

  it.each(markdownFiles(DOCS).map((f) => [path.relative(DOCS, f)]))("every relative link and anchor in %s resolves", (rel) => {
    const file = path.join(DOCS, rel);
    const text = readFileSync(file, "utf8");
    const markdownLinks = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    // The home page's hero and feature cards link from the front matter, by site path.
    const frontMatterLinks = [...text.matchAll(/^\s*link: "([^"]+)"$/gm)].map((m) => m[1]!);
    // ...and the feature cards have a door per language in their (HTML) details.
    const frontMatter = text.startsWith("---\n") ? text.slice(0, text.indexOf("\n---\n", 4)) : "";
    frontMatterLinks.push(...[...frontMatter.matchAll(/<a href=['"](\/[^'"]*)['"]/g)].map((m) => m[1]!));
    const links = [...markdownLinks, ...frontMatterLinks].filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [target, hash] = link.split("#");
      const targetFile = !target ? file : target.startsWith("/") ? path.join(DOCS, target.endsWith("/") ? `${target}index.md` : `${target}.md`) : path.resolve(path.dirname(file), target);
      expect(existsSync(targetFile), `${rel}: ${link}`).toBe(true);
      if (hash) expect(anchorsOf(readFileSync(targetFile, "utf8")).has(hash), `${rel}: ${link}`).toBe(true);
    }
  });

  it("every TypeScript snippet type-checks against the generated package", () => {
    const snippets = files.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const found = [...text.matchAll(/(`{3,})ts\n([\s\S]*?)\n\1/g)].map((m) => m[2]!);
      // One client snippet per example, whatever the spec holds, and one on the package's home page.
      expect(found, path.relative(DOCS, file)).toHaveLength([...text.matchAll(/\{#(?:example-\d+|call)\}/g)].length);
      return found;
    });
    expect(snippets.length).toBeGreaterThan(0);
    const problems = typecheckSnippets(snippets, "docs-snippet");
    expect(problems).toEqual([]);
  });
});

describe("the home pages", () => {
  const spec = readFileSync(path.join(REPO, "spec", "tcgen.yaml"), "utf8");
  const site = JSON.parse(readFileSync(path.join(DOCS, "site.json"), "utf8")) as { description: string; locales: Record<"en" | "zh", { description: string }> };

  it("each language's home and meta description carry the package description in that language", () => {
    const zh = /^ {4}zh: (.+)$/m.exec(spec)![1]!;
    const en = /^ {4}en: (.+)$/m.exec(spec)![1]!;
    expect(zh).toMatch(/\p{Script=Han}/u);
    expect(readFileSync(path.join(DOCS, "zh", "index.md"), "utf8")).toContain(`\n${zh}\n`);
    expect(readFileSync(path.join(DOCS, "en", "index.md"), "utf8")).toContain(`\n${en}\n`);
    expect(readFileSync(path.join(DOCS, "en", "index.md"), "utf8")).not.toMatch(/\p{Script=Han}{4}/u);
    expect(site.locales).toEqual({ en: { description: en }, zh: { description: zh } });
    expect(site.description).toBe(en);
  });

  it("/ shows both descriptions and gives every product card a door per language", () => {
    const home = readFileSync(path.join(DOCS, "index.md"), "utf8");
    expect(home).toContain(`${site.locales.en.description}<br>${site.locales.zh.description}`);
    const products = Object.values(JSON.parse(readFileSync(path.join(DOCS, "site.json"), "utf8")).sidebar["/en/"] as { link: string }[]).map((p) => p.link.split("/")[2]);
    const cards = [...home.matchAll(/^ {4}details: (.*)$/gm)].map((m) => [...m[1]!.matchAll(/<a href='([^']+)'/g)].map((a) => a[1]));
    expect(cards).toEqual(products.map((p) => [`/en/${p}/`, `/zh/${p}/`]));
    expect(home).not.toMatch(/^ {4}link:/m);
  });
});

describe("the spec format on the site", () => {
  const page = readFileSync(path.join(DOCS, "spec-format.md"), "utf8");
  const source = readFileSync(path.join(REPO, "docs", "spec-format.md"), "utf8");
  const fences = (text: string) => [...text.matchAll(/^```[a-z]*(?::no-line-numbers)?\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

  it("is tcgen's docs/spec-format.md, its code as written, inside a v-pre container", () => {
    expect(fences(source).length).toBeGreaterThan(5);
    expect(fences(page)).toEqual(fences(source));
    const body = page.slice(page.indexOf("::: v-pre\n"), page.lastIndexOf("\n:::"));
    for (const heading of source.match(/^#+ .*$/gm)!) expect(body).toContain(heading);
  });

  it.each(["en", "zh"])("the %s home links it", (lang) => {
    expect(readFileSync(path.join(DOCS, lang, "index.md"), "utf8")).toMatch(/\]\(\.\.\/spec-format\.md\)/);
  });

  it.each([
    ["raw HTML", "# T\n\ntext <img src=x onerror=alert(1)>\n", "x.md:3: raw HTML"],
    ["a relative link", "# T\n\nsee [validation](validation.md)\n", "x.md:3: a relative link"],
    ["a container", "# T\n\n::: danger\n", "x.md:3: a ::: container"],
    ["front matter", "---\ntitle: x\n---\n", "x.md:1: front matter"],
    ["an unclosed fence", "# T\n\n```yaml\na: 1\n", "x.md: a code fence is never closed"],
  ])("refuses %s in the copied file, naming the line", (_what, text, message) => {
    expect(() => ownDocMarkdown(text, "x.md")).toThrow(message);
  });

  it("keeps HTML and braces inside code, and links to the web", () => {
    const text = "# T\n\n`<Struct>Base` and `{{x}}`, [site](https://example.com)\n\n```yaml\nhost: <service>.x  # c\n```\n";
    expect(String(ownDocMarkdown(text, "x.md"))).toBe(text.replace("```yaml", "```yaml:no-line-numbers"));
  });
});

describe("VitePress build", () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await removeDir(dir);
  });

  /** The real site, built once: the reference for which elements and attributes the templates make. */
  let realSite: Promise<void> | undefined;
  const buildRealSite = () => (realSite ??= run("npm", ["run", "-s", "docs:build"], {}));

  it("npm run docs:build builds every action page in both languages", async () => {
    await buildRealSite();
    for (const lang of ["en", "zh"]) {
      const html = await readFile(path.join(REPO, "site-dist", lang, "clb", "batch-register-targets.html"), "utf8");
      expect(html).toContain("LoadBalancerId");
      expect(html).toContain("InvalidParameterValue.Length");
    }
    expect(readdirSync(path.join(REPO, "site-dist", "zh", "bmlb"))).toEqual(expect.arrayContaining(["modify-bm-listener.html", "describe-bm-l4-listener-backends.html", "describe-bm-load-balancers-task-result.html"]));
  });

  it("each language's pages have its meta description and code copy button title", async () => {
    await buildRealSite();
    const site = JSON.parse(readFileSync(path.join(DOCS, "site.json"), "utf8")) as { locales: Record<"en" | "zh", { description: string }> };
    const found = (file: string) => {
      let description: string | undefined;
      const copy: string[] = [];
      walk(parseHtml(readFileSync(path.join(REPO, "site-dist", file), "utf8")) as unknown as El, (el) => {
        const attr = (name: string) => el.attrs?.find((a) => a.name === name)?.value;
        if (el.tagName === "meta" && attr("name") === "description") description = attr("content");
        if (el.tagName === "button" && attr("class") === "copy") copy.push(attr("title")!);
      });
      return { description, copy: [...new Set(copy)] };
    };
    for (const page of ["index.html", "bmlb/modify-bm-listener.html"]) {
      expect(found(`en/${page}`)).toEqual({ description: site.locales.en.description, copy: ["Copy code"] });
      expect(found(`zh/${page}`)).toEqual({ description: site.locales.zh.description, copy: ["复制代码"] });
    }
  });

  it("the hostile case's site holds no element or attribute the templates did not make", async () => {
    await buildRealSite();
    // Inside the repository, so the site resolves vue and vitepress from its node_modules.
    await mkdir(path.join(REPO, ".test-sites"), { recursive: true });
    const out = await mkdtemp(path.join(REPO, ".test-sites", "hostile-"));
    cleanup.push(out);
    // The real site configuration, over the hostile golden output (golden.test.ts keeps it current).
    await run("npm", ["run", "-s", "docs:build"], { TCGEN_DOCS: HOSTILE_DOCS, TCGEN_SITE_OUT: out });
    const reference = markupOf(htmlFiles(path.join(REPO, "site-dist")));
    const hostile = htmlFiles(out);
    expect(hostile.length).toBeGreaterThan(4);
    const found = markupOf(hostile);
    expect([...found.tags].filter((t) => !reference.tags.has(t))).toEqual([]);
    expect([...found.attributes].filter((a) => !reference.attributes.has(a))).toEqual([]);
    for (const file of hostile) checkHostilePage(file);
  });
});

const HOSTILE_DOCS = path.join(REPO, "test", "golden", "hostile", "expected", "docs");
const HOSTILE_PACKAGE = JSON.parse(readFileSync(path.join(REPO, "test", "golden", "hostile", "expected", "package.json"), "utf8")) as { description: string };
const HOSTILE_SITE = JSON.parse(readFileSync(path.join(HOSTILE_DOCS, "site.json"), "utf8")) as { description: string; sidebar: Record<string, { text: string }[]> };

async function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  await promisify(execFile)(command, args, { cwd: REPO, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

function htmlFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name));
}

interface El {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: El[];
  content?: El;
  value?: string;
}

function walk(node: El, visit: (el: El) => void): void {
  if (node.tagName) visit(node);
  for (const child of [...(node.childNodes ?? []), ...(node.content?.childNodes ?? [])]) walk(child, visit);
}

function textOf(node: El): string {
  return node.nodeName === "#text" ? (node.value ?? "") : (node.childNodes ?? []).map(textOf).join("");
}

/** Tag names and tag/attribute pairs, as a browser's parser (parse5) sees them. */
function markupOf(files: string[]): { tags: Set<string>; attributes: Set<string> } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const file of files)
    walk(parseHtml(readFileSync(file, "utf8")) as unknown as El, (el) => {
      tags.add(el.tagName!);
      // Scoped-style markers (data-v-<hash>) differ between builds; their kind is what counts.
      for (const a of el.attrs ?? []) attributes.add(`${el.tagName}[${a.name.replace(/^data-v-.*/, "data-v-*")}]`);
    });
  return { tags, attributes };
}

/** What an injection would leave: foreign tags, handlers, script content, a cut description. */
function checkHostilePage(file: string): void {
  const where = path.basename(file);
  const scripts: El[] = [];
  let description: string | undefined;
  walk(parseHtml(readFileSync(file, "utf8")) as unknown as El, (el) => {
    expect(["img", "iframe", "object", "embed"].includes(el.tagName!), `${where}: <${el.tagName}>`).toBe(false);
    for (const a of el.attrs ?? []) {
      expect(a.name.startsWith("on"), `${where}: <${el.tagName} ${a.name}>`).toBe(false);
      if (["href", "src", "action", "formaction"].includes(a.name)) expect(/javascript:|evil\.example/i.test(a.value), `${where}: <${el.tagName} ${a.name}="${a.value}">`).toBe(false);
    }
    if (el.tagName === "script") scripts.push(el);
    if (el.tagName === "meta" && el.attrs?.some((a) => a.name === "name" && a.value === "description")) description = el.attrs.find((a) => a.name === "content")?.value;
  });
  // Every page has the site description, whole; VitePress's own 404 page has its own.
  // (An HTML parser reads CR and CRLF as LF, in attributes too.)
  if (where !== "404.html") expect(description, where).toBe(HOSTILE_PACKAGE.description.replace(/\r\n?/g, "\n"));
  // VitePress's own scripts only: its bundles, its two theme checks, and one site-data script.
  const attr = (el: El, name: string) => el.attrs?.find((a) => a.name === name)?.value;
  expect(scripts.filter((s) => attr(s, "src") !== undefined && !attr(s, "src")!.startsWith("/assets/")), where).toEqual([]);
  expect(scripts.filter((s) => attr(s, "src") === undefined && attr(s, "id") !== undefined).map((s) => attr(s, "id")).sort(), where).toEqual(["check-dark-mode", "check-mac-os"]);
  const inline = scripts.filter((s) => attr(s, "src") === undefined && attr(s, "id") === undefined);
  expect(inline.length, where).toBe(1);
  for (const script of inline) {
    // VitePress's site data, still whole: it runs, and carries the escaped texts unchanged.
    const window: { __VP_SITE_DATA__?: { description: string; themeConfig: { sidebar: unknown } } } = {};
    runInNewContext(textOf(script), { window });
    expect(window.__VP_SITE_DATA__?.description).toBe(HOSTILE_SITE.description);
    expect(window.__VP_SITE_DATA__?.themeConfig.sidebar).toEqual(HOSTILE_SITE.sidebar);
  }
}

