import path from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { aliasDeclaration, importDeclaration, itemList, unionDeclaration } from "../generator/emit/shared/final-layout.js";
import { flatLiteral, literalLines, ObjectLiteral, Verbatim } from "../generator/emit/shared/final-literal.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { emitFiles } from "../generator/pipeline/generate.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { codeLine, identifier, literal } from "../generator/render/escape-code.js";
import type { OutputFile } from "../generator/render/handlebars.js";
import { finalTypeScript } from "../generator/write/final-typescript.js";
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

/** Validator modules an ordinary spec leaves to prettier, and why (see the test below). */
const VALIDATORS_LEFT_TO_PRETTIER: Record<string, string[]> = {
  // The union discriminated by `bindType`; a rule message naming `"text"`.
  repo: ["src/bmlb/validate/structs/part-0.ts", "src/bmlb/validate/modify-bm-listener.ts"],
  // The golden spec's union; a rule message naming a quoted value.
  basic: ["src/demo/validate/structs/part-7.ts", "src/demo/validate/put-targets.ts"],
};

describe.each(SPECS)("%s spec", (name, specRoot) => {
  it(
    "every TypeScript file that skips prettier is prettier's output",
    async () => {
      const files = await emitted(await specRoot());
      const { flagged, declined, differing } = await audit(files);
      expect(differing).toEqual([]);
      expect(flagged).toBeGreaterThan(3);
      // An attacker's text may be declined to prettier (correct, only slower); ordinary specs may not.
      if (name !== "hostile") expect(declined).toEqual([]);
      // The validators are printed in final form (final-statements.ts), all but what that layout
      // leaves to prettier: a union's dispatcher (its `switch`), a message quoting a value in
      // double quotes (prettier would switch the string to single quotes).
      const validators = files.filter((f) => /\/validate\/(?!index\.ts$)/.test(f.path));
      expect(validators.length).toBeGreaterThan(2);
      if (name !== "hostile") expect(validators.filter((f) => !f.final).map((f) => f.path)).toEqual(VALIDATORS_LEFT_TO_PRETTIER[name] ?? []);
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
});

describe("the final check declines what prettier would still change", () => {
  const ok = "// header\n\nexport const a = 1;\n";
  it.each([
    ["a code line over the print width", `export const a = ${JSON.stringify("x".repeat(90))};\n`],
    ["a single-quoted string", "export const a = 'x';\n"],
    ["an escaped quote", 'export const a = "x\\"y";\n'],
    ["a needless escape", 'export const a = "\\d";\n'],
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
      fc.string({ maxLength: 50 }),
      fc.string({ unit: fc.constantFrom(..."ab 中文，'\"".split("")), maxLength: 30 }),
      { arbitrary: fc.integer({ min: -100000, max: 100000 }), weight: 3 },
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
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.dictionary(keys, value, { minKeys: 1, maxKeys: 8 }), value), name(0, 60), async (data, head) => {
        const start = `export const ${head}: T = `;
        const lines = literalLines(start, data, ";");
        if (lines === undefined) return;
        const text = lines.map((l) => l.text).join("\n") + "\n";
        if (finalTypeScript(text) === undefined) return;
        laidOut++;
        if (lines.length > 1) broken++;
        expect(text).toBe(await prettierTs(`${start}${flatLiteral(data)};\n`));
      }),
      { numRuns: 1000 },
    );
    // Not vacuous: many values are laid out, many of them over several lines.
    expect(laidOut).toBeGreaterThan(200);
    expect(broken).toBeGreaterThan(80);
  }, SLOW);
});
