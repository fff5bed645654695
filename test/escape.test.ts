import { parseFragment } from "parse5";
import { createMarkdownRenderer } from "vitepress";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";
import { ts } from "ts-morph";
import { blockComment, codeLine, commentText, docComment, identifier, jsonLiteral, lineComment, literal, propertyName, stringContent } from "../generator/render/escape-code.js";
import { htmlText, siteData } from "../generator/render/escape-html.js";
import { fence, frontMatterString, md, mdAttribute, mdCode, mdJoin, mdParagraphs, mdPath, mdText } from "../generator/render/escape-markdown.js";
import { exactJson } from "../generator/render/exact-json.js";
import { Safe } from "../generator/render/safe.js";
import { parse as parseYaml } from "yaml";
import fc from "fast-check";

/**
 * Every escaper against every line terminator JavaScript and Markdown know, comment and script
 * terminators, template syntax and HTML. Code escapers are checked by running the result through
 * JavaScript itself: whatever the text, it stays inside the comment or literal it was written into.
 */
const TERMINATORS: [string, string][] = [
  ["LF", "\n"],
  ["CR", "\r"],
  ["CRLF", "\r\n"],
  ["LS", "\u2028"],
  ["PS", "\u2029"],
  ["NEL", "\u0085"],
];
const INJECTIONS: [string, string][] = [
  ["block comment end", "*/ globalThis.__escapeHit = 1; /*"],
  ["script end", "</script><script>globalThis.__escapeHit = 1</script>"],
  ["html comment", "<!-- globalThis.__escapeHit = 1 -->"],
  ["vue interpolation", "{{ globalThis.__escapeHit = 1 }}"],
  ["template substitution", "${globalThis.__escapeHit = 1}"],
  ["backticks", "`globalThis.__escapeHit = 1`"],
  ["html", '<img src=x onerror="globalThis.__escapeHit = 1">'],
  ["quotes", `"' globalThis.__escapeHit = 1 '"`],
];
/** Each terminator followed by a statement, and each injection: what an attacker writes. */
const HOSTILE: [string, string][] = [
  ...TERMINATORS.map(([name, t]): [string, string] => [name, `before${t}globalThis.__escapeHit = 1;//${t}after`]),
  ...INJECTIONS,
];

/** Runs generated code; true when it ran an injected statement. */
function runs(code: string): boolean {
  const g = globalThis as { __escapeHit?: number };
  delete g.__escapeHit;
  new Function(code)();
  const hit = g.__escapeHit === 1;
  delete g.__escapeHit;
  return hit;
}

/** TypeScript's own syntax errors for a source text. */
function syntaxErrors(code: string): string[] {
  const file = ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true);
  return (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("code escapers", () => {
  it.each(HOSTILE)("a string literal keeps %s as data", (_, text) => {
    const code = `globalThis.__escapeValue = ${literal(text).text};`;
    expect(syntaxErrors(code)).toEqual([]);
    expect(runs(code)).toBe(false);
    expect((globalThis as { __escapeValue?: unknown }).__escapeValue).toBe(text);
    expect(jsonLiteral(text)).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it.each(HOSTILE)("a JSON file's string reads back as %s, and as a JS expression too", (_, text) => {
    // Generated .json files (schemas, OpenAPI, site data) are written by exactJson.
    const file = exactJson({ description: text, nested: [{ title: text }] }, { indent: 2 });
    expect(JSON.parse(file)).toEqual({ description: text, nested: [{ title: text }] });
    expect(runs(`globalThis.__escapeValue = ${jsonLiteral({ description: text })};`)).toBe(false);
    expect((globalThis as { __escapeValue?: { description: string } }).__escapeValue!.description).toBe(text);
  });

  it.each(HOSTILE)("string content between template quotes keeps %s as data", (_, text) => {
    const code = `globalThis.__escapeValue = "${stringContent(text).text}";`;
    expect(runs(code)).toBe(false);
    expect((globalThis as { __escapeValue?: unknown }).__escapeValue).toBe(text);
  });

  it.each(HOSTILE)("a line comment holds %s", (_, text) => {
    const code = `${lineComment(text).text}\nglobalThis.__escapeValue = "after";`;
    expect(syntaxErrors(code)).toEqual([]);
    expect(runs(code)).toBe(false);
    expect(code.split("\n")).toHaveLength(2);
  });

  it.each(HOSTILE)("a block comment and comment text hold %s", (_, text) => {
    for (const code of [`${blockComment(text).text} globalThis.__escapeValue = 0;`, `// ${commentText(text).text}\n/** ${commentText(text).text} */ 0;`]) {
      expect(syntaxErrors(code)).toEqual([]);
      expect(runs(code)).toBe(false);
    }
  });

  it.each(HOSTILE)("a doc comment holds %s, one comment line per line of text", (_, text) => {
    const code = `${docComment(["first", text, "last"], "  ").text}\nconst x = 1;`;
    expect(syntaxErrors(code)).toEqual([]);
    expect(runs(code)).toBe(false);
    expect(code).not.toMatch(/[\r\u2028\u2029\u0085]/);
    expect(code.split("\n").slice(1, -2).every((line) => line.startsWith("   *"))).toBe(true);
  });

  it.each(HOSTILE)("identifier refuses %s; a property key quotes it", (_, text) => {
    expect(() => identifier(text)).toThrow(/not a usable identifier/);
    const code = `globalThis.__escapeValue = { ${propertyName(text).text}: 1 };`;
    expect(runs(code)).toBe(false);
    expect(Object.keys((globalThis as { __escapeValue?: object }).__escapeValue!)).toEqual([text]);
  });

  it("identifier takes identifiers and refuses reserved words", () => {
    expect(identifier("DoEvil").text).toBe("DoEvil");
    expect(() => identifier("delete")).toThrow();
  });

  it.each([
    ["a line break", "a;\nb;"],
    ["a lone CR", "a; // x\rb;"],
    ["U+2028", "a; // x\u2028b;"],
    ["an open block comment", "a; /* b;"],
    ["an open string", 'const s = "abc;'],
    ["an open template", "const s = `abc ${x} def;"],
  ])("codeLine refuses %s", (_, line) => {
    expect(() => codeLine(line)).toThrow(/internal: generated code line/);
  });

  it.each([
    ["a template literal", "const m = `a ${String(left)} b ${right} c`;"],
    ["nested braces in a substitution", "const m = `a ${ {x: 1}.x } b`;"],
    ["a trailing comment", "if (x) return false; // fine"],
    ["escaped line terminators in a string", `const s = ${jsonLiteral("a\u2028b\nc")};`],
  ])("codeLine takes %s", (_, line) => {
    expect(codeLine(line).text).toBe(line);
  });

  it.each([
    ["a bad hexadecimal escape", String.raw`const s = "\x4";`],
    ["a bad Unicode escape", String.raw`const s = '\u12';`],
    ["an escape past U+10FFFF", String.raw`const s = "\u{110000}";`],
    ["an octal escape", String.raw`const s = "\01";`],
    ["a numbered escape", String.raw`const s = '\8';`],
    ["a backslash outside a string", String.raw`const s = a \ b;`],
    ["an open template in a substitution", "const s = `a ${`b} c`;"],
    ["a substitution a line comment leaves open", "const s = `a ${b // c"],
    ["a regular expression holding a quote (a `/` is scanned as an operator)", "const ok = /'/.test(s);"],
    ["a lone #", "const s = a # b;"],
  ])("codeLine refuses %s", (_, line) => {
    expect(() => codeLine(line)).toThrow(/internal: generated code line does not scan/);
  });

  it.each([
    ["escapes TypeScript takes", String.raw`const s = "\x41\u0041\u{1F600}\0\n\'\q";`],
    ["a template in a substitution", "const s = `a ${`b ${c} d`} e`;"],
    ["a division and a block comment", "const r = a / b /* half */ + c;"],
    ["CJK identifiers and Unicode spaces", "const 名前 = a\u00a0+\u3000b;".replace(/\\u(\w{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))],
    ["a private name", "this.#count += 1;"],
  ])("codeLine takes %s", (_, line) => {
    expect(codeLine(line).text).toBe(line);
  });

  it("codeLine never takes a line TypeScript's scanner refuses, escapes and numbers included", () => {
    // TypeScript's complaints about numbers (`1a`, `08`, `0x`) do not matter to what codeLine
    // guarantees (nothing reaches the next line), and codeLine need not repeat them.
    const unit = fc.constantFrom('"', "'", "`", "\\", "\\", "x", "u", "{", "}", "$", "0", "1", "8", "F", "/", "*", "#", "a", " ", "\u00a0", "中", "😀");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 14 }), (line) => {
        if (takes(line)) expect({ line, complaints: scan(line, { numbers: false }).complaints }).toEqual({ line, complaints: [] });
      }),
      { numRuns: 20000 },
    );
  });

  it("codeLine's pattern for plain lines never takes a line TypeScript's scanner refuses", () => {
    // Characters that open or close strings, templates, comments and escapes, CJK, and no runs that
    // the scanner refuses for reasons of its own (merge-conflict markers, numbers run into names).
    // Quotes and backslashes weigh more: they are what the pattern must get right.
    const unit = fc.constantFrom('"', '"', '"', "\\", "\\", "a", " ", "(", ";", "{", "}", "$", "*", "/", "'", "`", "\t", "中");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 16 }), (line) => {
        // Stricter in one way: a template substitution still open at the end of the line.
        const { complaints, openSubstitution } = scan(line);
        expect({ line, taken: takes(line) }).toEqual({ line, taken: complaints.length === 0 && !openSubstitution });
      }),
      { numRuns: 5000 },
    );
  });

  function takes(line: string): boolean {
    try {
      codeLine(line);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * What TypeScript's scanner says about a line (the check codeLine made before it had a scanner
   * of its own), and whether a template substitution is still open at its end. `numbers: false`
   * drops what it says while scanning a numeric literal.
   */
  function scan(line: string, { numbers = true } = {}): { complaints: string[]; openSubstitution: boolean } {
    let said: string[] = [];
    const complaints: string[] = [];
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, line, (m) => said.push(m.message));
    const braces: boolean[] = [];
    for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
      if (kind === ts.SyntaxKind.NewLineTrivia) said.push("line break");
      if (kind === ts.SyntaxKind.TemplateHead) braces.push(true);
      else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
      else if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === true && scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateMiddle) braces.push(true);
      const number = kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral;
      if (numbers || !number) complaints.push(...said);
      said = [];
    }
    return { complaints: [...complaints, ...said], openSubstitution: braces.includes(true) };
  }
});

describe("markdown escapers", () => {
  /** Block syntax a line of spec text could start with. */
  const BLOCK_STARTS = ["---", "***", "___", "# h", "> q", "- i", "+ i", "* i", "1. o", "2) t", "===", "    code", "\tcode", "<div>", "::: danger", "| a | b |", "```js", "~~~", "<!--", "[x]: http://e.example", "$$"];
  const CASES: [string, string][] = [...HOSTILE, ...BLOCK_STARTS.map((s): [string, string] => [JSON.stringify(s), `${s}\n${s} after`])];
  let render: (markdown: string) => DocumentFragment;
  beforeAll(async () => {
    // The renderer the docs site uses, with its configuration (no linkify: see site/.vitepress/config.mts).
    const markdown = await createMarkdownRenderer(REPO, { linkify: false });
    render = (text) => parseFragment(markdown.render(text)) as unknown as DocumentFragment;
  });

  it.each(CASES)("mdText in a table cell renders %s as text in one cell", (_, text) => {
    const html = render(`| h |\n| --- |\n| ${mdText(text).text} |\n`);
    const cells = elements(html).filter((e) => e.nodeName === "td");
    expect(cells).toHaveLength(1);
    expect(elements(cells[0]!).map((e) => e.nodeName).filter((n) => n !== "br")).toEqual([]);
    expect(textOf(cells[0]!)).toBe(lines(text).join("\n"));
  });

  it.each(CASES)("mdParagraphs renders %s as plain paragraphs", (_, text) => {
    const html = render(mdParagraphs(text).map((p) => p.text).join("\n\n"));
    const tags = elements(html).map((e) => e.nodeName);
    expect(tags.every((t) => t === "p")).toBe(true);
    expect(elements(html).map(textOf)).toEqual(lines(text).filter((l) => l.trim() !== "").map((l) => l));
  });

  it.each(CASES)("mdCode renders %s inside one <code>", (_, text) => {
    const html = render(`x ${mdCode(text).text}`);
    expect(elements(html).map((e) => e.nodeName).filter((n) => n !== "br")).toEqual(["p", "code"]);
  });

  it.each(CASES)("a fence cannot be closed by %s", (_, text) => {
    const body = `${text}\n\`\`\`\`\`\n${text}`;
    const html = render(`${fence("ts", body).text}\n\nafter`);
    const top = (html.childNodes as unknown as Node[]).filter((n) => n.nodeName !== "#text");
    expect(top.map((n) => n.nodeName)).toEqual(["div", "p"]);
  });

  it.each(CASES)("a front-matter string reads back as %s", (_, text) => {
    const scalar = frontMatterString(text).text;
    expect(scalar).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    expect(parseYaml(`title: ${scalar}`)).toEqual({ title: text });
  });

  it.each(CASES)("an HTML attribute holds %s as its value, one element, no other attribute", (_, text) => {
    // The provenance tooltip: <sup title="...">.
    const html = render(`x <sup class="s" title=${mdAttribute(text).text}>api</sup> y`);
    const found = elements(html).filter((e) => e.nodeName !== "br");
    expect(found.map((e) => e.nodeName)).toEqual(["p", "sup"]);
    const sup = found[1] as Node & { attrs: { name: string; value: string }[] };
    expect(sup.attrs.map((a) => a.name)).toEqual(["class", "title"]);
    expect(sup.attrs[1]!.value).toBe(lines(text).join("\n"));
    expect(textOf(sup)).toBe("api");
  });

  it("md`` keeps its literal parts and escapes every value", () => {
    expect(md`<em>${"<b>x</b>"}</em> ${mdCode("y")} ${3}`.text).toBe("<em>&#60;b&#62;x&#60;/b&#62;</em> <code>y</code> 3");
    expect(mdJoin([mdText("a|b"), mdText("c")], md`<br>`).text).toBe("a&#124;b<br>c");
  });

  it("mdCode leaves no special character or line terminator in any text, plain or not", () => {
    // Each character alone and in plain text: the shortcut for text with nothing to escape must
    // know every character the replacements would take.
    const specials = [..."&<>|`*_[]{}\\#~$!\n\r\u2028\u2029\u0085"];
    for (const c of specials) expect(mdCode(`plain ${c} text 中`).text).toBe(`<code>plain ${/[\n\r\u2028\u2029\u0085]/.test(c) ? "<br>" : `&#${c.charCodeAt(0)};`} text 中</code>`);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "\t", "中", "-", "1", ...specials), maxLength: 12 }), (text) => {
        const inner = mdCode(text).text.slice("<code>".length, -"</code>".length);
        expect(inner.replace(/&#\d+;|<br>/g, "")).not.toMatch(/[&<>|`*_[\]{}\\#~$!\n\r\u2028\u2029\u0085]/);
        // Inside a line, a run of blanks is one space, as a browser shows it (and prettier prints it).
        const shown = lines(text).map((line) => line.replace(/(?<=[^ \t])[ \t]+(?=[^ \t])/g, " ")).join("\n");
        const decoded = (markdown: string) => markdown.replace(/<br>/g, "\n").replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
        expect(decoded(inner)).toBe(shown);
        // mdText too, whose first blanks are entities (BLOCK_START).
        expect(decoded(mdText(text).text)).toBe(shown);
      }),
    );
  });

  it("mdPath takes generated file names only", () => {
    expect(mdPath("gaap/bind-listener.md").text).toBe("gaap/bind-listener.md");
    for (const bad of ["../x", "a b", "javascript:x", "a)b"]) expect(() => mdPath(bad)).toThrow();
  });
});

/** The text as the page shows it: each line terminator a line break. */
function lines(text: string): string[] {
  return text.split(/\r\n|[\n\r\u2028\u2029\u0085]/);
}

type Node = { nodeName: string; childNodes?: Node[]; value?: string };

function elements(node: unknown): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const child of n.childNodes ?? []) {
      if (!child.nodeName.startsWith("#")) out.push(child);
      visit(child);
    }
  };
  visit(node as Node);
  return out;
}

function textOf(node: unknown): string {
  const n = node as Node;
  if (n.nodeName === "#text") return n.value ?? "";
  if (n.nodeName === "br") return "\n";
  return (n.childNodes ?? []).map(textOf).join("");
}

describe("html escapers", () => {
  it.each(HOSTILE)("htmlText leaves no tag, attribute end or script end in %s", (_, text) => {
    const out = htmlText(text);
    expect(out).not.toMatch(/[<>"']/);
    expect(out.replace(/&#\d+;/g, "")).not.toContain("&");
  });

  it("siteData escapes every string at any depth, keys and other values as they are", () => {
    expect(siteData({ title: "<b>", sidebar: { "/en/": [{ text: "a\"b", items: [{ text: "</script>" }], n: 1 }] } })).toEqual({
      title: "&#60;b&#62;",
      sidebar: { "/en/": [{ text: "a&#34;b", items: [{ text: "&#60;/script&#62;" }], n: 1 }] },
    });
  });
});

describe("Safe", () => {
  it("no module can claim a family's sealer twice (the escaper modules hold them)", () => {
    expect(() => Safe.claimSealer("code")).toThrow(/already claimed/);
    expect(() => Safe.claimSealer("markdown")).toThrow(/already claimed/);
  });

  it("a look-alike object is not Safe", () => {
    const fake = Object.assign(Object.create(Safe.prototype), { family: "code", text: "x" });
    expect(Safe.is(fake, "code")).toBe(false);
    expect(Safe.is(literal("x"), "code")).toBe(true);
    expect(Safe.is(literal("x"), "markdown")).toBe(false);
  });
});
