import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import Handlebars from "handlebars";
import { afterEach, describe, expect, it } from "vitest";
import { compiledTemplates } from "../generator/render/compiled-templates.js";
import { createRenderer } from "../generator/render/handlebars.js";
import { removeDir, tempDir } from "./support/run.js";

/**
 * Handlebars' compiled code of the templates is kept between runs as handlebars' precompiled
 * module. Rendered from it, every template must print what the freshly compiled one prints, and
 * fail where it fails.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

const TEMPLATES = {
  "x.ts": "const a = {{json value}};\n{{#each list}}{{json this}},{{/each}}\n{{> piece}}\n",
  "partials/piece": "// {{comment value}}",
  "raw.ts": "ok\n{{value}}\n",
};
const VIEW = { value: "a\r*/b", list: [1, "two"] };

async function cacheDir(): Promise<string> {
  const dir = await tempDir("compiled-templates");
  dirs.push(dir);
  return dir;
}

const kept = async (dir: string) => (await readdir(dir)).filter((n) => /^templates-[0-9a-f]{16}\.cjs$/.test(n));

describe("the kept compiled templates", () => {
  it("writes handlebars' module once and renders from it exactly what the compiled templates render", async () => {
    const dir = await cacheDir();
    const compiled = createRenderer(TEMPLATES, dir);
    const modules = await kept(dir);
    expect(modules).toHaveLength(1);
    const loaded = createRenderer(TEMPLATES, dir);
    expect(loaded("x.ts", VIEW)).toBe(compiled("x.ts", VIEW));
    expect(compiled("x.ts", VIEW)).toBe('const a = "a\\r*/b";\n1,"two",\n// a *\\/b');
    // The print guard holds in the kept code too, naming the template line.
    expect(() => loaded("raw.ts", { value: "x" })).toThrow(/templates\/raw\.ts\.hbs:2 prints a raw string/);
    expect(() => loaded("partials/piece", VIEW)).toThrow(/no template "partials\/piece"/);
    // The kept code is what renders: a module planted under the same key is taken as it is.
    const planted = await readFile(path.join(dir, modules[0]!), "utf8");
    await writeFile(path.join(dir, modules[0]!), planted.replace('"const a = "', '"const b = "'));
    expect(createRenderer(TEMPLATES, dir)("x.ts", VIEW)).toMatch(/^const b = /);
  });

  it("compiles again over a damaged module or one without exactly the templates; other templates get a module beside it", async () => {
    const dir = await cacheDir();
    const reference = createRenderer(TEMPLATES, dir)("x.ts", VIEW);
    const [module] = await kept(dir);
    const file = path.join(dir, module!);
    // A copy of the good module, for modules made from it.
    await copyFile(file, path.join(dir, "good.cjs"));
    const fromGood = (change: string) => `"use strict";\nmodule.exports = require("./good.cjs")${change};\n`;
    const unusable = [
      "module.exports = (() => { throw new Error('damaged'); })();",
      "module.exports = 42;",
      // Loads, but a template is missing, comes in another order, or is not code.
      fromGood('.filter(([name]) => name !== "raw.ts")'),
      fromGood(".reverse()"),
      fromGood(".map(([name]) => [name, null])"),
    ];
    for (const text of unusable) {
      await writeFile(file, text);
      expect(createRenderer(TEMPLATES, dir)("x.ts", VIEW)).toBe(reference);
      // Written anew: the next renderer loads it.
      expect(await kept(dir)).toEqual([module]);
      expect(await readFile(file, "utf8")).not.toBe(text);
    }
    // Another template text: its own module, the earlier one kept beside it.
    const other = createRenderer({ ...TEMPLATES, "raw.ts": "ok\n" }, dir);
    expect(other("raw.ts", {})).toBe("ok\n");
    const after = await kept(dir);
    expect(after).toHaveLength(2);
    expect(after).toContain(module);
  });

  it("keys the module by the templates, the options and the code that prepares them", async () => {
    const dir = await cacheDir();
    const prepare = (name: string, source: string) => Handlebars.parse(source);
    const sources = { sources: { "a.ts": "{{x}}" }, prepare, options: { noEscape: true, strict: true }, keyedBy: "one" };
    const variants = [sources, { ...sources, keyedBy: "two" }, { ...sources, options: { noEscape: true } }, { ...sources, sources: { "a.ts": "{{y}}" } }, { ...sources, sources: { "b.ts": "{{x}}" } }];
    const written = [];
    for (const variant of variants) {
      compiledTemplates(Handlebars.create(), variant, dir);
      written.push(await kept(dir));
    }
    // Each variant its own module, beside the newest of the others (four in all).
    expect(new Set(written.map((w) => w.join()))).toHaveProperty("size", variants.length);
    expect(written.at(-1)).toHaveLength(4);
    // The same again: loaded, nothing written.
    const before = await kept(dir);
    expect(compiledTemplates(Handlebars.create(), variants.at(-1)!, dir).get("b.ts")!({ x: "1" })).toBe("1");
    expect(await kept(dir)).toEqual(before);
  });

  it("renders without a cache folder as with one", async () => {
    const render = createRenderer(TEMPLATES, false);
    expect(render("x.ts", VIEW)).toBe(createRenderer(TEMPLATES, await cacheDir())("x.ts", VIEW));
  });
});
