import path from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { clientSnippet } from "../generator/emit/docs/action-page.js";
import { aliasDeclaration, importDeclaration, itemList, unionDeclaration } from "../generator/emit/shared/final-layout.js";
import { flatLiteral, literalLines, ObjectLiteral, Verbatim } from "../generator/emit/shared/final-literal.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { emitFiles } from "../generator/pipeline/generate.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { codeLine, identifier, jsonLiteral, literal } from "../generator/render/escape-code.js";
import type { Action, Example, Service } from "../generator/ir/types.js";
import type { OutputFile } from "../generator/render/handlebars.js";
import { finalTypeScript } from "../generator/write/final-typescript.js";
import { prettierString } from "../generator/write/prettier-string.js";
import { PRETTIER_OPTIONS } from "../generator/write/format.js";
import { CATALOGUE } from "./support/catalogue.js";
import { REPO, removeDir, tempDir } from "./support/run.js";

/**
 * The emitters print some TypeScript in prettier's final form (`OutputFile.final`), and the
 * Formatter skips prettier for those files when final-typescript.ts accepts them. Every file it
 * accepts must be exactly prettier's output for it: on this repo's spec, the golden cases and the
 * real catalogue services test/catalogue-services.test.ts uses. And the path must be taken: on
 * ordinary specs every file flagged final is accepted.
 */
const prettierTs = (text: string) => prettier.format(text, { ...PRETTIER_OPTIONS, parser: "typescript" });

async function emitted(specRoot: string): Promise<OutputFile[]> {
  const compiled = await compileSpec(specRoot, "spec");
  if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
  return emitFiles(compiled.ir, await readTemplates(TEMPLATES_DIR));
}

/** For each file flagged final: whether the check accepted it and, if so, whether it is prettier's output. */
async function audit(files: OutputFile[]) {
  const flagged = files.filter((f) => f.final);
  const declined: string[] = [];
  const differing: string[] = [];
  for (const file of flagged) {
    const accepted = finalTypeScript(file.contents);
    if (accepted === undefined) declined.push(file.path);
    else if (accepted !== (await prettierTs(file.contents))) differing.push(file.path);
  }
  return { flagged: flagged.length, declined, differing };
}

let catalogueSpec = "";
afterAll(() => removeDir(catalogueSpec));

const SLOW = 600_000;
const SPECS: [string, () => Promise<string>][] = [
  ["repo", async () => path.join(REPO, "spec")],
  ["basic", async () => path.join(REPO, "test/golden/basic/spec")],
  ["hostile", async () => path.join(REPO, "test/golden/hostile/spec")],
  [
    "catalogue irp, trp, ga2",
    async () => {
      catalogueSpec = await tempDir("final-typescript");
      const code = await runCli(["import", "--from", CATALOGUE, "--service", "irp,trp,ga2", "--spec", catalogueSpec], { out: () => {}, err: () => {} });
      if (code !== 0) throw new Error("catalogue import failed");
      return catalogueSpec;
    },
  ],
];


/** Each spec's emitted files, emitted once for the tests that read them (the catalogue is imported once). */
const emittedSpecs = new Map<string, Promise<OutputFile[]>>();
function emittedSpec(name: string, specRoot: () => Promise<string>): Promise<OutputFile[]> {
  if (!emittedSpecs.has(name)) emittedSpecs.set(name, specRoot().then(emitted));
  return emittedSpecs.get(name)!;
}

/** The code of each `ts` fence in a docs page. */
function tsFences(page: string): string[] {
  return [...page.matchAll(/^```ts\n([^]*?)\n```$/gm)].map((m) => m[1]!);
}

describe.each(SPECS)("%s spec", (name, specRoot) => {
  it(
    "every TypeScript file that skips prettier is prettier's output",
    async () => {
      const files = await emittedSpec(name, specRoot);
      const { flagged, declined, differing } = await audit(files);
      expect(differing).toEqual([]);
      expect(flagged).toBeGreaterThan(3);
      // An attacker's text may be declined to prettier (correct, only slower); ordinary specs may not.
      if (name !== "hostile") expect(declined).toEqual([]);
      // The validators are printed in final form (emit/validate/final/), unions' dispatchers and
      // messages quoting a value in double quotes (prettier's single quotes) included.
      const validators = files.filter((f) => /\/validate\/(?!index\.ts$)/.test(f.path));
      expect(validators.length).toBeGreaterThan(2);
      if (name !== "hostile") expect(validators.filter((f) => !f.final).map((f) => f.path)).toEqual([]);
      // The rest of the code is final too (or copied from the runtime, or laid out when formatted).
      const otherCode = files.filter((f) => /^src\/.*\.ts$/.test(f.path) && !f.path.startsWith("src/runtime/") && !/\/validate\//.test(f.path) && !f.final && !f.layOut);
      if (name !== "hostile") expect(otherCode.map((f) => f.path)).toEqual([]);
      // The mock's tables are laid out when formatted (`layOut`, final-literal.ts): as prettier
      // formats what they are written as, and on ordinary specs never declined.
      const tables = files.filter((f) => f.layOut);
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.map((f) => f.path.replace(/^src\/[^/]+\//, ""))).toEqual(tables.map(() => "mock/tables.ts"));
      for (const file of tables) {
        const laid = file.layOut!();
        const accepted = laid === undefined ? undefined : finalTypeScript(laid);
        if (name !== "hostile") expect(accepted, file.path).toBeDefined();
        if (accepted !== undefined) expect(accepted).toBe(await prettierTs(file.contents));
      }
    },
    SLOW,
  );

  it(
    "every docs client snippet that skips prettier is prettier's output",
    async () => {
      const pages = (await emittedSpec(name, specRoot)).filter((f) => /^docs\/.*\.md$/.test(f.path));
      const snippets = pages.flatMap((page) => tsFences(page.contents).map((code) => ({ path: page.path, code, vouched: page.finalFences?.has(code) ?? false })));
      expect(snippets.length).toBeGreaterThan(3);
      const declined: string[] = [];
      for (const { path: page, code, vouched } of snippets) {
        // What the Formatter takes as it is (format.ts `formatCode`): vouched, and accepted by the check.
        const accepted = vouched ? finalTypeScript(code + "\n") : undefined;
        if (accepted === undefined) declined.push(page);
        else expect(accepted, page).toBe(await prettierTs(code));
      }
      // An attacker's text may be declined to prettier (correct, only slower); ordinary specs' snippets may not.
      if (name !== "hostile") expect(declined).toEqual([]);
    },
    SLOW,
  );
});

describe("a literal the layout does not know leaves its file to prettier", () => {
  it("a waiter whose task states prettier fills onto lines", async () => {
    const compiled = await compileSpec(path.join(REPO, "test/golden/basic/spec"), "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const ir = structuredClone(compiled.ir);
    const poller = ir.services.flatMap((s) => s.actions).find((a) => a.taskStatus)!;
    // Forty numbers: prettier fills them onto lines, which final-literal.ts does not lay out.
    poller.taskStatus!.succeeded = Array.from({ length: 40 }, (_, i) => i + 100);
    const files = emitFiles(ir, await readTemplates(TEMPLATES_DIR));
    const waiters = files.filter((f) => /\/client\/[^/]+\.ts$/.test(f.path) && f.contents.includes("waitForTask(") && f.contents.includes("139"));
    expect(waiters.length).toBeGreaterThan(0);
    for (const file of waiters) {
      expect(file.final, file.path).toBeFalsy();
      expect(await prettierTs(file.contents)).toContain("139");
    }
  });
});

describe("the final check declines what prettier would still change", () => {
  const ok = "// header\n\nexport const a = 1;\n";
  it.each([
    ["a code line over the print width", `export const a = ${JSON.stringify("x".repeat(90))};\n`],
    ["a single-quoted string", "export const a = 'x';\n"],
    ["an escaped quote", 'export const a = "x\\"y";\n'],
    ["a template literal", "export const a = `x`;\n"],
    ["a trailing comment", "export const a = 1; // one\n"],
    ["a number prettier rewrites", "export const a = 1e+21;\n"],
    ["a trailing zero", "export const a = 1.50;\n"],
    ["a tab in code", "export const a =\t1;\n"],
    ["two blank lines", "export const a = 1;\n\n\nexport const b = 2;\n"],
    ["a blank line after `{`", "export interface A {\n\n  a: string;\n}\n"],
    ["a blank line before `}`", "export interface A {\n  a: string;\n\n}\n"],
    ["odd indentation", "export interface A {\n   a: string;\n}\n"],
    ["trailing spaces", "export const a = 1; \n"],
    ["a doc comment line with trailing space", "/**\n * text \n */\nexport const a = 1;\n"],
    ["a doc comment at the end", "export const a = 1;\n/**\n * text\n */\n"],
    ["a doc comment indented unlike its code", "/**\n * text\n */\n  export const a = 1;\n"],
    ["no final newline", "export const a = 1;"],
    ["blank lines at the end", "export const a = 1;\n\n"],
    ["CRLF", "export const a = 1;\r\n"],
  ])("%s", (_what, text) => {
    expect(finalTypeScript(text)).toBeUndefined();
  });

  it("accepts what prettier prints as it is", async () => {
    expect(finalTypeScript(ok)).toBe(ok);
    expect(await prettierTs(ok)).toBe(ok);
  });

  /** A request object whose members are `lines`, as a docs snippet holds one. */
  const request = (...lines: string[]) => ["const r = f({", ...lines, "});", ""].join("\n");
  const long = "x".repeat(100);

  it.each([
    ["a short key beside its string", request(`  Data: "${long}",`)],
    ["a quoted short key beside its string", request(`  "a-": "${long}",`)],
    ["a longer key's string on the next line", request("  ApiKey:", `    "${long}",`)],
    ["a string in single quotes, as prettier picks them", request("  ApiKey:", `    '${long}"',`)],
    ["strings as items of a broken list", request("  Tags: [", `    "${long}",`, `    "${long}",`, "  ],")],
  ])("accepts a line over the width that only a string makes long: %s", async (_what, text) => {
    expect(finalTypeScript(text)).toBe(text);
    expect(await prettierTs(text)).toBe(text);
  });

  it.each([
    ["a longer key beside its string", request(`  ApiKey: "${long}",`)],
    ["a short key's string on the next line", request("  Data:", `    "${long}",`)],
    ["a string with no comma after it", request("  ApiKey:", `    "${long}"`)],
    ["a string at the wrong indent", request("  ApiKey:", `      "${long}",`)],
    ["a string in the quotes prettier swaps", request(`  Data: '${long}',`)],
    ["two strings on the line", request(`  Data: "${long}", B: "x",`)],
  ])("declines a line over the width prettier would print otherwise: %s", async (_what, text) => {
    expect(finalTypeScript(text)).toBeUndefined();
    expect(await prettierTs(text)).not.toBe(text);
  });

  it("takes a string exactly when it is in the quotes and escapes prettier prints it in", async () => {
    // Letters, quotes of both kinds and escapes: the final check must agree with prettier on each.
    const unit = fc.constantFrom("a", " ", '"', "'", '\\"', "\\'", "\\\\", "\\n", "\\d", "\\u0041");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('"', "'"), fc.array(unit, { maxLength: 10 }), async (quote, parts) => {
        const body = parts.map((p) => (p === quote ? `\\${p}` : p)).join("");
        const text = `export const a = ${quote}${body}${quote};\n`;
        const formatted = await prettierTs(text);
        expect({ text, taken: finalTypeScript(text) !== undefined }).toEqual({ text, taken: formatted === text });
        expect(prettierString(`${quote}${body}${quote}`)).toBe(formatted.slice("export const a = ".length, -2));
      }),
      { numRuns: 300 },
    );
  });
});

describe("layouts agree with prettier at every width", () => {
  /** An identifier of some length, so the layouts meet the print width on both sides. */
  const name = (min: number, max: number) => fc.integer({ min, max }).map((n) => identifier(`N${"a".repeat(n)}`));
  const check = async (lines: { text: string }[]) => {
    const text = lines.map((l) => l.text).join("\n") + "\n";
    if (finalTypeScript(text) !== undefined) expect(text).toBe(await prettierTs(text));
    return finalTypeScript(text) !== undefined;
  };

  it("imports, unions, aliases, signatures and calls", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(name(0, 40), { minLength: 1, maxLength: 5 }),
        fc.array(fc.oneof(name(0, 30).map(String), fc.string({ maxLength: 30 }).map((s) => literal(s).text), fc.integer({ min: -30000, max: 30000 }).map(String)), { minLength: 0, maxLength: 8 }),
        name(0, 60),
        async (names, members, head) => {
          const results = await Promise.all([
            check(importDeclaration("import type", names, "../types/some-file.js")),
            check(unionDeclaration(head, members.map(codeLine))),
            check(aliasDeclaration(head, `TencentCloudError<${names[0]}>`)),
            check([...itemList("", `export function ${head}`, names.map((n, i) => `p${i}: ${n}`), `: Promise<${names[0]}> {`), ...itemList("  ", `return core.call<${names[0]}>`, names.map(String), ";"), codeLine("}")]),
          ]);
          accepted += results.filter(Boolean).length;
        },
      ),
      { numRuns: 150 },
    );
    // Not vacuous: most layouts are accepted, the rest (a line still too long) declined.
    expect(accepted).toBeGreaterThan(300);
  }, SLOW);

  /**
   * Data as the mock's tables hold it: keys prettier unquotes or keeps quoted, strings (some wide,
   * some with quotes), numbers, bigints, nesting, lists of objects, code values, spreads and
   * objects kept broken. The reference is prettier given the same value on one line (`flatLiteral`,
   * what the emitter writes when the layout declines).
   */
  it("data literals: as prettier lays out the same value written on one line", async () => {
    // Keys and strings prettier might quote otherwise are rare: one makes the whole value declined.
    const keys = fc.oneof(
      { arbitrary: name(0, 30).map(String), weight: 18 },
      { arbitrary: fc.constantFrom("a", "in", "constructor", "toString", "a-b", "1", "", "x y"), weight: 9 },
      fc.constantFrom("名称", "__proto__", "it's"),
    );
    const scalars = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,40}$/), weight: 24 },
      // Strings too long for a line: after their key or on the next line, in either quotes.
      { arbitrary: fc.tuple(fc.stringMatching(/^[a-z"']{0,6}$/), fc.stringMatching(/^[a-zA-Z0-9]{60,110}$/)).map(([a, b]) => a + b), weight: 3 },
      fc.string({ maxLength: 50 }),
      fc.string({ unit: fc.constantFrom(..."ab 中文，'\"".split("")), maxLength: 30 }),
      { arbitrary: fc.integer({ min: -100000, max: 100000 }), weight: 6 },
      fc.integer({ min: -4000, max: 4000 }).map((n) => n / 8),
      fc.constantFrom(0.1, -0, 1e21, 5e-324, -1.5, 2 ** 60),
      fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
      fc.boolean(),
      fc.constant(null),
      name(0, 20).map((n) => new Verbatim(n.text)),
      fc.constantFrom("string", "int64").map((t) => new Verbatim(`${JSON.stringify(t)} as const`)),
    );
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        scalars,
        fc.array(tie("value"), { maxLength: 5 }),
        fc.array(fc.dictionary(keys, tie("value"), { maxKeys: 3 }), { minLength: 2, maxLength: 3 }),
        fc.dictionary(keys, tie("value"), { maxKeys: 6 }),
        fc.tuple(fc.array(fc.tuple(keys, tie("value")), { maxLength: 4 }), fc.boolean(), fc.option(fc.dictionary(keys, scalars, { maxKeys: 3 }))).map(
          ([entries, expanded, spread]) => new ObjectLiteral([...(spread ? [{ spread }] : []), ...entries.map(([key, v]) => ({ key, value: v }))], expanded),
        ),
      ),
    }));
    let laidOut = 0;
    let broken = 0;
    let overWidth = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.dictionary(keys, value, { minKeys: 1, maxKeys: 8 }), value), name(0, 60), async (data, head) => {
        const start = `export const ${head}: T = `;
        const lines = literalLines(start, data, ";");
        if (lines === undefined) return;
        const text = lines.map((l) => l.text).join("\n") + "\n";
        if (finalTypeScript(text) === undefined) return;
        laidOut++;
        if (lines.length > 1) broken++;
        if (lines.some((l) => l.text.length > 100)) overWidth++;
        expect(text).toBe(await prettierTs(`${start}${flatLiteral(data)};\n`));
      }),
      { numRuns: 1000 },
    );
    // Not vacuous: many values are laid out, many of them over several lines, some with a string longer than a line.
    expect(laidOut).toBeGreaterThan(200);
    expect(broken).toBeGreaterThan(80);
    expect(overWidth).toBeGreaterThan(20);
  }, SLOW);

  /**
   * The docs' client snippets (`clientSnippet`): a request as examples hold it (JSON, integers past
   * 2^53 as bigints), through names and hosts of any length. The reference is prettier given the
   * snippet as it was written before it was laid out, the request by `jsonLiteral(request, 2)`
   * (every key quoted, every object broken). A snippet the Formatter still sends to prettier must
   * give the same text as that too.
   */
  it("docs client snippets: as prettier formats the request written as indented JSON", async () => {
    const keys = fc.oneof(
      { arbitrary: name(0, 30).map(String), weight: 30 },
      { arbitrary: fc.constantFrom("a", "in", "constructor", "toString", "$ref", "a-b", "1", "1.5", "", "x y", "Filters.1"), weight: 8 },
      fc.constantFrom("名称", "__proto__", "it's", 'a"b'),
    );
    const scalars = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-zA-Z0-9 ._:/-]{0,40}$/), weight: 30 },
      { arbitrary: fc.stringMatching(/^[a-zA-Z0-9]{60,110}$/), weight: 3 },
      fc.string({ maxLength: 50 }),
      fc.string({ unit: fc.constantFrom(..."ab 中文，'\"\\".split("")), maxLength: 50 }),
      { arbitrary: fc.integer({ min: -100000, max: 100000 }), weight: 6 },
      fc.integer({ min: -4000, max: 4000 }).map((n) => n / 8),
      fc.constantFrom(0.1, -0, 1e21, 5e-324, -1.5),
      fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }),
      fc.boolean(),
      fc.constant(null),
    );
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", maxDepth: 3 },
        { arbitrary: scalars, weight: 3 },
        fc.array(tie("value"), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 99999 }), { maxLength: 10 }),
        fc.array(fc.dictionary(keys, tie("value"), { maxKeys: 3 }), { minLength: 1, maxLength: 3 }),
        fc.dictionary(keys, tie("value"), { maxKeys: 4 }),
      ),
    }));
    const names = fc.record({ fn: name(0, 75), product: name(0, 20), client: name(0, 30), region: fc.option(fc.stringMatching(/^[a-z0-9-]{1,40}$/)), international: fc.boolean() });
    let accepted = 0;
    let broken = 0;
    let overWidth = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, value, { maxKeys: 6 }), names, async (request, n) => {
        const action = { names: { fn: n.fn.text }, endpoints: { domestic: "clb.tencentcloudapi.com", international: "clb.intl.tencentcloudapi.com" } } as unknown as Action;
        const service = { product: n.product.text, names: { client: n.client.text } } as unknown as Service;
        const example = { host: n.international ? "clb.intl.tencentcloudapi.com" : "clb.tencentcloudapi.com", request } as unknown as Example;
        const snippet = clientSnippet(action, service, example, n.region ?? undefined, "@tcgen/some-package");
        const head = snippet.code.split("\n").slice(0, 3);
        const written = [...head, `const response = await client.${n.fn}(${jsonLiteral(request, 2)});`, "console.log(response);"].join("\n");
        const want = await prettierTs(written);
        const final = snippet.final ? finalTypeScript(snippet.code + "\n") : undefined;
        if (final !== undefined) {
          accepted++;
          if (snippet.code.split("\n").length > 6) broken++;
          if (snippet.code.split("\n").some((line) => line.length > 100)) overWidth++;
          expect(final).toBe(want);
        } else expect(await prettierTs(snippet.code)).toBe(want);
      }),
      { numRuns: 400 },
    );
    // Not vacuous: most snippets are taken as they are, many with the request over several lines.
    expect(accepted).toBeGreaterThan(150);
    expect(broken).toBeGreaterThan(100);
    expect(overWidth).toBeGreaterThan(5);
  }, SLOW);
});
