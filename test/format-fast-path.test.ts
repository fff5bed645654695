import { availableParallelism } from "node:os";
import path from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { fence, mdCode, mdText } from "../generator/emit/docs/markdown.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { emitFiles } from "../generator/pipeline/generate.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import type { OutputFile } from "../generator/render/handlebars.js";
import { finalJson } from "../generator/write/final-json.js";
import { finalMarkdown, padTables } from "../generator/write/final-markdown.js";
import { finalTypeScript } from "../generator/write/final-typescript.js";
import { NARROW_RANGES, textWidth, WIDE_RANGES } from "../generator/write/text-width.js";
import { Formatter, formatWithPrettier, PRETTIER_OPTIONS } from "../generator/write/format.js";
import { REPO } from "./support/run.js";

/**
 * The formatter prints JSON and Markdown itself and sends only the rest to prettier (in worker
 * threads). Its output must be prettier's, byte for byte, on every file of this repo's package
 * and of the golden cases; and the direct printers must actually apply to them (a printer that
 * quietly declined everything would pass the first check and lose the speed).
 */
const SPECS = { repo: path.join(REPO, "spec"), basic: path.join(REPO, "test/golden/basic/spec"), hostile: path.join(REPO, "test/golden/hostile/spec") };

async function emitted(specRoot: string): Promise<OutputFile[]> {
  const compiled = await compileSpec(specRoot, "spec");
  if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
  return emitFiles(compiled.ir, await readTemplates(TEMPLATES_DIR));
}

const prettierCode = (code: string, parser: string) => prettier.format(code, { ...PRETTIER_OPTIONS, parser });
const withPrettier = (text: string, parser: string) => prettier.format(text, { ...PRETTIER_OPTIONS, parser });

/** Emitted files of a spec and prettier's output for each, computed once for both tests. */
const cases = new Map<string, Promise<{ files: OutputFile[]; reference: OutputFile[] }>>();
function emittedAndReference(specRoot: string) {
  if (!cases.has(specRoot)) cases.set(specRoot, emitted(specRoot).then(async (files) => ({ files, reference: await formatWithPrettier(files) })));
  return cases.get(specRoot)!;
}

// prettier over a whole package is slow on a busy 2-core machine: these get 10 minutes.
const SLOW = 600_000;

describe.each(Object.entries(SPECS))("%s spec", (_name, specRoot) => {
  it(
    "the formatter's output equals prettier's on every file",
    async () => {
      const { files, reference } = await emittedAndReference(specRoot);
      const formatter = new Formatter();
      try {
        const fast = await formatter.format(files);
        expect(fast.map((f) => f.path)).toEqual(reference.map((f) => f.path));
        const differing = fast.filter((f, i) => f.contents !== reference[i]!.contents).map((f) => f.path);
        expect(differing).toEqual([]);
      } finally {
        await formatter.close();
      }
    },
    SLOW,
  );

  it(
    "prints every JSON file and docs page directly, as prettier would",
    async () => {
      const { files, reference } = await emittedAndReference(specRoot);
      // Not docs/spec-format.md: tcgen's own hand-written doc, passed through as written (test/spec-format-page.test.ts).
      const direct = files.map((file, i) => ({ file, want: reference[i]!.contents })).filter(({ file }) => /\.json$|^README\.md$|^docs\/(?!spec-format\.md$).*\.md$/.test(file.path));
      expect(direct.length).toBeGreaterThan(5);
      for (const { file, want } of direct) {
        const printed = file.path.endsWith(".json") ? finalJson(file.contents) : await finalMarkdown(file.contents, prettierCode);
        // An attacker's corpus may be declined to prettier (correct, only slower); ordinary specs may not.
        if (_name === "hostile" && printed === undefined) continue;
        expect({ path: file.path, declined: printed === undefined }).toEqual({ path: file.path, declined: false });
        expect(printed).toBe(want);
      }
    },
    SLOW,
  );
});

describe("TypeScript through babel's parser", () => {
  it("code babel refuses is formatted by the reference parser, to prettier's bytes", async () => {
    // Top-level `yield`: typescript-estree parses it (TypeScript reports it later), babel does not.
    const files: OutputFile[] = [
      { path: "src/refused.ts", contents: "yield   1\n" },
      { path: "src/plain.ts", contents: "export const a = {b:1}\n" },
    ];
    await expect(prettier.format(files[0]!.contents, { ...PRETTIER_OPTIONS, parser: "babel-ts" })).rejects.toThrow();
    const formatter = new Formatter();
    try {
      expect(await formatter.format(files)).toEqual(await formatWithPrettier(files));
    } finally {
      await formatter.close();
    }
  });
});

describe("prettier's workers", () => {
  it("start one for a few files and another only while files wait for it", async () => {
    const unformatted = (n: number): OutputFile[] => Array.from({ length: n }, (_, i) => ({ path: `src/f${i}.ts`, contents: `export const a${i} = {b:${i}}\n` }));
    const formatter = new Formatter(2);
    try {
      expect(formatter.threads).toBe(0);
      await formatter.format(unformatted(5));
      expect(formatter.threads).toBe(1);
      // Many files at once: the backlog behind the one worker calls for the second.
      expect(await formatter.format(unformatted(60))).toEqual(await formatWithPrettier(unformatted(60)));
      expect(formatter.threads).toBe(Math.min(2, availableParallelism()));
    } finally {
      await formatter.close();
    }
  });
});

describe("fenced TypeScript the emitter laid out", () => {
  // Final as far as each line can tell, but prettier joins the array: only the emitter's word
  // (`OutputFile.finalFences`) can tell the Formatter it is laid out as prettier lays it out.
  const code = "const a = [\n  1,\n];";
  const page = (text: string, finalFences?: Set<string>): OutputFile => ({ path: "docs/en/p/a.md", contents: `# A\n\n${fence("ts", text).text}\n`, finalFences });

  it("is taken as it is when vouched for and accepted by the final check, else formatted by prettier", async () => {
    expect(finalTypeScript(code + "\n")).toBeDefined();
    expect(await prettierCode(code, "typescript")).toBe("const a = [1];\n");
    // Vouched for, but the check sees a quote prettier swaps.
    const quoted = "const a = [\n  'x',\n];";
    const formatter = new Formatter();
    try {
      const [vouched, unvouched, other, declined] = await formatter.format([page(code, new Set([code])), page(code), page(code, new Set(["const b = 1;"])), page(quoted, new Set([quoted]))]);
      expect(vouched!.contents).toBe(page(code).contents);
      expect(unvouched!.contents).toBe("# A\n\n```ts\nconst a = [1];\n```\n");
      expect(other!.contents).toBe(unvouched!.contents);
      expect(declined!.contents).toBe('# A\n\n```ts\nconst a = ["x"];\n```\n');
    } finally {
      await formatter.close();
    }
  });
});

/** Spec text of any kind, as the doc emitter makes it safe (hostile characters included). */
const specText = fc.string({ unit: fc.constantFrom(..."ab Z09-+*_#|`<>&[]{}()!.:~\\\t\n中文（）、，。　€é😀 \u00a0\u2003".split("")), maxLength: 24 });

describe("direct printers agree with prettier on arbitrary content", () => {
  it("Markdown tables, paragraphs, lists and fences", async () => {
    let printed = 0;
    let blanks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(specText, specText), { minLength: 1, maxLength: 4 }), specText, specText, async (rows, paragraph, item) => {
        const text = [
          "# Title {#top}",
          "",
          `**${(mdText(paragraph).text || "x")}**`,
          "",
          (mdText(paragraph).text || "x"),
          "",
          "| Name | Description |",
          "| --- | --- |",
          ...rows.map(([a, b]) => `| ${mdCode(a)} | ${mdText(b)} |`),
          "",
          `- ${(mdText(item).text || "x")}`,
          "",
          fence("json", JSON.stringify({ Name: paragraph, Values: rows.map(([a]) => a) })),
          "",
          fence("http", item),
          "",
        ].join("\n");
        const direct = await finalMarkdown(text, prettierCode);
        if (direct !== undefined) printed++;
        // Runs of blanks and tabs inside spec text are written as one space: printed directly too.
        if (direct !== undefined && [paragraph, item, ...rows.flat()].some((t) => /[^\s](?:\t[ \t]*| [ \t]+)[^\s]/.test(t))) blanks++;
        if (direct !== undefined) expect(direct).toBe(await withPrettier(text, "markdown"));
      }),
      { numRuns: 150 },
    );
    // Not vacuous: most inputs are printed directly, the rest declined to prettier.
    expect(printed).toBeGreaterThan(20);
    expect(blanks).toBeGreaterThan(3);
  });

  it("paragraphs over several lines, code spans in prose and cells, and JavaScript fences, written raw", async () => {
    // Raw Markdown, not made safe by mdText: the printer must decline whatever prettier would change.
    const hostile = fc.constantFrom(..."ab Z09-+*_#|<>&[](){}.:~!\\\t中文、 ".split(""), "`x`", "`a b`", "` c`", "`d `", "``", "`a  b`", "<code>", "</code>", "<div>", "1. ", "- ", "> ", "===", "  ", "3D", "0 ", "2) ", "10.", "\u00a0", "\u2003\u2003 ", "\u3000");
    const plain = fc.constantFrom("word ", "and ", "`code` ", "`a.b()` ", "<code>x</code> ", "中文 ", "(see) ", "x, ");
    const piece = fc.oneof({ weight: 5, arbitrary: plain }, { weight: 1, arbitrary: hostile });
    const raw = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join("").trimEnd());
    const code = fc.constantFrom('const { a, b } = require("x");', "const x = {a:1}", "let   y = 2;", "const s = 'q';", "oops(");
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(raw, { minLength: 1, maxLength: 4 }), raw, code, async (lines, cell, js) => {
        const paragraph = lines.map((l) => l || "w").join("\n");
        const text = [paragraph, "", "| a | b |", "| --- | --- |", `| ${cell || "c"} | x |`, "", fence("js", js), ""].join("\n");
        const direct = await finalMarkdown(text, prettierCode);
        if (direct === undefined) return;
        printed++;
        expect(direct).toBe(await withPrettier(text, "markdown"));
      }),
      { numRuns: 400 },
    );
    // Not vacuous: a share of the inputs is printed directly.
    expect(printed).toBeGreaterThan(20);
  });

  it("JSON of any shape, compact or indented", async () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(value, fc.boolean(), async (v, indented) => {
        const text = indented ? JSON.stringify(v, null, 2) : JSON.stringify(v);
        const direct = finalJson(text);
        if (direct !== undefined) printed++;
        if (direct !== undefined) expect(direct).toBe(await withPrettier(text, "json"));
      }),
      { numRuns: 300 },
    );
    expect(printed).toBeGreaterThan(100);
  });

  it("numbers of any kind, as prettier normalises them", async () => {
    expect(finalJson("[1e+21]")).toBe("[1e21]\n"); // prettier drops the exponent's `+`
    const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0.1, 1.5e-7, 1e21, 123e-20, -5e-324));
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(number, { maxLength: 3 }), number, async (values, single) => {
        const text = JSON.stringify({ values, single });
        const direct = finalJson(text);
        if (direct !== undefined) printed++;
        if (direct !== undefined) expect(direct).toBe(await withPrettier(text, "json"));
      }),
      { numRuns: 300 },
    );
    // Not vacuous: every one of these fits on a line, so none needs prettier's fill.
    expect(printed).toBe(300);
  });

  it("text widths, as prettier measures them for alignment and line fitting", () => {
    // Every character the width shortcut claims as wide or as narrow, alone and between ASCII.
    const claimed = (ranges: string) => [...ranges.matchAll(/(.)-(.)/gu)].map(([, from, to]) => [from!.codePointAt(0)!, to!.codePointAt(0)!]);
    const ranges = [...claimed(WIDE_RANGES), ...claimed(NARROW_RANGES)];
    expect(claimed(WIDE_RANGES).length * claimed(NARROW_RANGES).length).toBeGreaterThan(0);
    for (const [from, to] of ranges)
      for (let c = from!; c <= to!; c++) {
        const char = String.fromCodePoint(c);
        expect([c, textWidth(char), textWidth(`a ${char}"`)]).toEqual([c, prettier.util.getStringWidth(char), prettier.util.getStringWidth(`a ${char}"`)]);
      }
    // Mixed with what the shortcut leaves to prettier: DEL, controls, emoji, combining marks, kana, €.
    const unit = fc.constantFrom(..."a Z9#*\"中文（）、，。【】《》！～“”—…→①●×€é\u007f\u0001\u0301\u20e3\ufe0f😀👍🏽カｶ".split(""), "\u{1F1E8}\u{1F1F3}");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        expect({ text, width: textWidth(text) }).toEqual({ text, width: prettier.util.getStringWidth(text) });
      }),
      { numRuns: 2000 },
    );
  });

  it("prints Markdown prettier reads as another construct as prettier does, or declines it", async () => {
    // Found by review: tables and math or footnotes after a paragraph line, definitions, raw HTML
    // and autolinks holding backticks, spaces inside a tag, unparseable code in a fence.
    const cases = [
      "a\n:-:\n", "a | b\n:-- | --\n", "a\n$$x\n", "a\n[^1]: b\n", "[x]: y\na\n", "[x]:\ny\n", "[^1]: a\nb\n", "$$x\nb\n",
      "<a b='`'>*x*`\n", "<http://a`>*b*`\n", "a <?`?>*x*`\n", "| <a b='`'>*x*` | y |\n| --- | --- |\n",
      "a <!--\nb  c -->\n", "a <span\ntitle='x  y'>\n", '## A <sup title="see  the doc">x</sup>\n', '| <sup title="a  b">x</sup> | y |\n| --- | --- |\n',
      "```js\noops(  \nx\n```\n", "```js\noops(\n\n\n```\n", "```ts\nlet = ;\n```\n", "|a\n|b\n",
      // Lines opened by digits, and Unicode's spaces beside emphasis, in code spans, at either end.
      "3. x\n", "3)\n", "a\n1. b\n", "a\n2) b\n", "- 1. a\n", "123456789. x\n", "1234567890. x\n", "**a\u00a0**\n", "**\u2003a**\n",
      "`\u00a0a`\n", "` a\u00a0`\n", "\u00a0a\n", "a\u3000\n", "| \u2003a | b |\n| --- | --- |\n", "a\n\u2003b\n", "## \u00a0x\n",
      // Found by review: link destinations prettier rewrites, a one-line math block, a definition,
      // an item's second paragraph.
      "x [a](<b\u00a0c>)\n", "x [a](<b>)\n", "x [a](b\u00a0(t))\n", "x [a](b(t))\n", "x [a]()\n", "x [a](\n)\n", "$$x\n", "[a]: <b>\n", "[a]:b\n",
      "- a\n\n  word\n", "- a\n\n word\n",
    ];
    const rejecting = (code: string, parser: string) => prettierCode(code, parser);
    for (const text of cases) {
      const direct = await finalMarkdown(text, rejecting);
      if (direct !== undefined) expect({ text, direct }).toEqual({ text, direct: await withPrettier(text, "markdown") });
    }
  });

  it("prints Tencent's prose itself: lines opened by digits, no-break spaces, em spaces after a line break", async () => {
    // What sent 234 of the catalogue's pages to prettier (about 45 s of a cold run's threads).
    const text = ["3D文件", "", "0 待扫描，", "1 扫描中", "", "| a | b |", "| --- | --- |", "| 过期时间,yyyy-MM-dd\u00a0HH:mm:ss | x<br>\u2003\u2003 支持运算符：equal |", ""].join("\n");
    expect(await finalMarkdown(text, prettierCode)).toBe(await withPrettier(text, "markdown"));
  });

  it("pads tables outside fences (indented ones too), whatever the line endings, and leaves what is not a table", () => {
    expect(padTables("text\n\n|a\n|b")).toBe("text\n\n|a\n|b");
    expect(padTables("  ```\n\n| a | b |\n| --- | --- |\n  ```")).toBe("  ```\n\n| a | b |\n| --- | --- |\n  ```");
    expect(padTables("| a | b |\r\n| --- | --- |\r\n| long | x |")).toBe("| a    | b   |\n| ---- | --- |\n| long | x   |");
  });

  it("declines what it does not reproduce instead of guessing", () => {
    expect(finalJson('{"a": 1}')).toBeUndefined(); // hand-written spacing
    expect(finalJson("[-0]")).toBeUndefined(); // JSON.parse loses the sign JSON.stringify would print
    expect(finalJson(JSON.stringify({ n: Array.from({ length: 40 }, (_, i) => i * 1000) }))).toBeUndefined(); // fill
  });
});
