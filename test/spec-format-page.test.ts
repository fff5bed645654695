import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { specFormatPageView } from "../generator/emit/docs/spec-format-page.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { createRenderer } from "../generator/render/handlebars.js";
import { Formatter, PRETTIER_OPTIONS } from "../generator/write/format.js";
import { padTables } from "../generator/write/final-markdown.js";

/**
 * The spec format page is made of tcgen's own docs/spec-format.md only, whatever the spec, and the
 * Formatter passes it through as written (`OutputFile.formatted`): it must be what prettier prints.
 */
describe("the spec format page", () => {
  it("is rendered in prettier's final form (if not: the docs/spec-format.md edit prettier would change, often a table padTables declined)", async () => {
    const render = createRenderer((await readTemplates(TEMPLATES_DIR)).templates);
    const page = render("docs/spec-format.md", specFormatPageView());
    // Its tables are padded here, not by prettier.
    expect(page).toMatch(/^\| -{4,} \|/m);
    expect(await prettier.format(page, { ...PRETTIER_OPTIONS, parser: "markdown" })).toBe(page);
  }, 60_000);

  it("is passed through by the Formatter, which would otherwise format it", async () => {
    const formatter = new Formatter();
    try {
      const [passed, formatted] = await formatter.format([
        { path: "docs/a.md", contents: "| a | b |\n| --- | --- |\n| long cell | x |\n", formatted: true },
        { path: "docs/b.md", contents: "| a | b |\n| --- | --- |\n| long cell | x |\n" },
      ]);
      expect(passed!.contents).toBe("| a | b |\n| --- | --- |\n| long cell | x |\n");
      expect(formatted!.contents).toBe("| a         | b   |\n| --------- | --- |\n| long cell | x   |\n");
    } finally {
      await formatter.close();
    }
  });

  it("pads tables outside code fences only, and leaves a table it is unsure of as written", () => {
    const text = ["| a | b |", "| --- | --- |", "| long | x |", "", "```md", "| a | b |", "| --- | --- |", "```", "", "| *a* | b |", "| --- | --- |"].join("\n");
    expect(padTables(text).split("\n")).toEqual(["| a    | b   |", "| ---- | --- |", "| long | x   |", "", "```md", "| a | b |", "| --- | --- |", "```", "", "| *a* | b |", "| --- | --- |"]);
  });
});
