import { describe, expect, it } from "vitest";
import { literal } from "../generator/render/escape-code.js";
import { mdText } from "../generator/render/escape-markdown.js";
import { createRenderer } from "../generator/render/handlebars.js";

/**
 * Templates cannot print a raw value: every `{{...}}` must yield a Safe of the template's family,
 * from a helper or from the view model, or rendering throws and names the template line.
 */
describe("template print guard", () => {
  const render = createRenderer({
    "x.ts": "const a = {{json value}};\n// {{comment value}}\nexport const {{ident name}} = 1;\n",
    "raw.ts": "ok\n{{value}}\n",
    "triple.ts": "{{{value}}}",
    "each.ts": "{{#each list}}{{this}}{{/each}}",
    "partial.ts": "{{> piece}}",
    "partials/piece": "{{value}}",
    "missing.ts": "{{nothing}}",
    "string.ts": '{{"literal"}}',
    "md-in-code.ts": "{{value}}",
    "md-helper-in-code.ts": "{{md value}}",
    "page.md": "# {{md value}}\n{{safe}}\n",
    "code-in-md.md": "{{safe}}",
  }, false);

  it("prints what helpers escaped", () => {
    expect(render("x.ts", { value: "a\r*/b", name: "Name" })).toBe('const a = "a\\r*/b";\n// a *\\/b\nexport const Name = 1;\n');
    expect(render("page.md", { value: "<b>", safe: mdText("|") })).toBe("# &#60;b&#62;\n&#124;\n");
  });

  it.each([
    ["raw.ts", { value: "x" }, /templates\/raw\.ts\.hbs:2 prints a raw string/],
    ["triple.ts", { value: "x" }, /prints a raw string/],
    ["each.ts", { list: ["x"] }, /prints a raw string/],
    ["partial.ts", { value: "x" }, /prints a raw string/],
    ["partial.ts", { value: 5 }, /prints a raw number/],
    ["missing.ts", {}, /nothing|undefined/],
    ["string.ts", {}, /prints a raw string/],
    ["md-in-code.ts", { value: mdText("x") }, /prints markdown text into code/],
    ["md-helper-in-code.ts", { value: "x" }, /helper "md" writes markdown, not code/],
    ["code-in-md.md", { safe: literal("x") }, /prints code text into markdown/],
  ])("%s with a raw or foreign value throws", (template, view, message) => {
    expect(() => render(template, view)).toThrow(message);
  });

  it("a look-alike of a Safe value is not printed", () => {
    expect(() => render("raw.ts", { value: { family: "code", text: "x", toString: () => "x" } })).toThrow(/prints a raw object/);
  });
});
