import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, removeDir, runTcgen } from "./support/run.js";
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
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [target, hash] = link.split("#");
      const targetFile = target ? path.resolve(path.dirname(file), target) : file;
      expect(existsSync(targetFile), `${rel}: ${link}`).toBe(true);
      if (hash) expect(anchorsOf(readFileSync(targetFile, "utf8")).has(hash), `${rel}: ${link}`).toBe(true);
    }
  });

  it("every TypeScript snippet type-checks against the generated package", () => {
    const snippets = files.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/(`{3,})ts\n([\s\S]*?)\n\1/g)].map((m) => m[2]!));
    expect(snippets).toHaveLength(2 * 10);
    const problems = typecheckSnippets(snippets, "docs-snippet");
    expect(problems).toEqual([]);
  });
});

describe("VitePress build", () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await removeDir(dir);
  });

  it("npm run docs:build builds every action page in both languages", async () => {
    await promisify(execFile)("npm", ["run", "-s", "docs:build"], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
    for (const lang of ["en", "zh"]) {
      const html = await readFile(path.join(REPO, "site-dist", lang, "clb", "batch-register-targets.html"), "utf8");
      expect(html).toContain("LoadBalancerId");
      expect(html).toContain("InvalidParameterValue.Length");
    }
    expect(readdirSync(path.join(REPO, "site-dist", "zh", "bmlb"))).toEqual(expect.arrayContaining(["modify-bm-listener.html", "describe-bm-l4-listener-backends.html", "describe-bm-load-balancers-task-result.html"]));
  });

  it("renders hostile spec text as text", async () => {
    // Inside the repository, so the site resolves vue and vitepress from its node_modules.
    await mkdir(path.join(REPO, ".test-sites"), { recursive: true });
    const root = await mkdtemp(path.join(REPO, ".test-sites", "hostile-"));
    cleanup.push(root);
    const out = path.join(root, "pkg");
    expect((await runTcgen(["generate", "--spec", path.join(REPO, "test/golden/hostile/spec"), "--out", out])).code).toBe(0);
    await mkdir(path.join(root, "site", ".vitepress"), { recursive: true });
    await writeFile(path.join(root, "site", ".vitepress", "config.mts"), `export default { srcDir: ${JSON.stringify(path.join(out, "docs"))}, outDir: ${JSON.stringify(path.join(root, "dist"))} };\n`);
    await promisify(execFile)(path.join(REPO, "node_modules", ".bin", "vitepress"), ["build", path.join(root, "site")], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
    const html = await readFile(path.join(root, "dist", "en", "evil", "do-evil.html"), "utf8");
    const body = html.slice(html.indexOf("<body"));
    expect(body).not.toMatch(/<script>alert/);
    expect(body).not.toMatch(/<img src=x/);
    expect(body).toContain("Do &lt;script&gt;evil&lt;/script&gt; | things");
    expect(body).toContain("Mode with | pipe");
    expect(body).toContain("Line one<br>Line two | with pipe<br># not a heading<br>- not a list");
  });
});
