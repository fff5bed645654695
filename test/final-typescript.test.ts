import path from "node:path";
import fc from "fast-check";
import * as prettier from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { aliasDeclaration, importDeclaration, itemList, unionDeclaration } from "../generator/emit/shared/final-layout.js";
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

describe.each(SPECS)("%s spec", (name, specRoot) => {
  it(
    "every TypeScript file that skips prettier is prettier's output",
    async () => {
      const { flagged, declined, differing } = await audit(await emitted(await specRoot()));
      expect(differing).toEqual([]);
      expect(flagged).toBeGreaterThan(3);
      // An attacker's text may be declined to prettier (correct, only slower); ordinary specs may not.
      if (name !== "hostile") expect(declined).toEqual([]);
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
});
