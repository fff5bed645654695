import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { emitFiles } from "../generator/pipeline/generate.js";
import { generateIncremental } from "../generator/pipeline/incremental.js";
import { NO_PREVIOUS } from "../generator/pipeline/previous-output.js";
import { readTemplates, type TemplateSet } from "../generator/pipeline/templates.js";
import { Timings } from "../generator/pipeline/timings.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { PRETTIER_OPTIONS } from "../generator/write/format.js";
import { REPO } from "./support/run.js";

/**
 * A cold run type-checks the rendered text while prettier formats it, and runs a program again on
 * the formatted text only when it found something: what it reports must name the lines of the
 * files as written, in one program for a small spec and in one per product for a larger one.
 */
const SPEC = path.join(REPO, "test", "golden", "basic", "spec");
const BROKEN = 'export const brokenOnPurpose: number = "text";';

/**
 * The templates with a type error at the end of every product's mock tables: rendered with their
 * literals on one line and laid out only when formatted, so the line moves.
 */
async function brokenTemplates(): Promise<TemplateSet> {
  const set = await readTemplates(TEMPLATES_DIR);
  return { ...set, templates: { ...set.templates, "mock/tables.ts": `${set.templates["mock/tables.ts"]}\n${BROKEN}\n` } };
}

describe("a cold run's type-check on the rendered text", () => {
  it.each([
    ["one program (a small spec)", undefined],
    ["one program per product", 0],
  ])("reports the error at its line in the formatted file: %s", async (_name, checkTogetherUpTo) => {
    const compiled = await compileSpec(SPEC, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const templates = await brokenTemplates();
    const keys = { generator: "test", sources: "test", spec: "test" };
    const result = await generateIncremental(compiled.ir, templates, new Timings(), NO_PREVIOUS, keys, undefined, undefined, { checkTogetherUpTo });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    // Where the line is once formatted, and that it moved: the rendered text would name another.
    const files = emitFiles(compiled.ir, templates);
    const file = files.find((f) => f.path === "src/demo/mock/tables.ts")!;
    const lineIn = (text: string) => text.split("\n").findIndex((line) => line.includes("brokenOnPurpose")) + 1;
    const formatted = await prettier.format(file.contents, { ...PRETTIER_OPTIONS, parser: "typescript" });
    expect(lineIn(formatted)).not.toBe(lineIn(file.contents));
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^generated package: src/demo/mock/tables\\.ts:${lineIn(formatted)}: TS2322: `)));
    expect(errors.filter((e) => e.includes("TS2322"))).toHaveLength(files.filter((f) => f.path.endsWith("/mock/tables.ts")).length);
  }, 600_000);
});

describe("a cold run's one program, over code its worker parsed while the rest was rendered", () => {
  it("reports an error in every action's file, at its line", async () => {
    const compiled = await compileSpec(SPEC, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const set = await readTemplates(TEMPLATES_DIR);
    // Each action's client module is rendered with the action (a part its worker parses ahead).
    const templates = { ...set, templates: { ...set.templates, "client/action.ts": `${set.templates["client/action.ts"]}\n${BROKEN}\n` } };
    const keys = { generator: "test", sources: "test", spec: "test" };
    const result = await generateIncremental(compiled.ir, templates, new Timings(), NO_PREVIOUS, keys);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const clients = emitFiles(compiled.ir, templates).filter((f) => /^src\/[^/]+\/client\//.test(f.path) && f.contents.includes("brokenOnPurpose"));
    expect(clients.length).toBeGreaterThan(1);
    for (const file of clients) {
      const formatted = await prettier.format(file.contents, { ...PRETTIER_OPTIONS, parser: "typescript" });
      const line = formatted.split("\n").findIndex((l) => l.includes("brokenOnPurpose")) + 1;
      expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^generated package: ${file.path.replace(/[.]/g, "\\.")}:${line}: TS2322: `)));
    }
    expect(errors.filter((e) => e.includes("TS2322"))).toHaveLength(clients.length);
  }, 600_000);
});

