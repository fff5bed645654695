import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { differsOnlyInComments } from "../generator/write/comment-only.js";

/** The test that lets an edit skip the type-check: it must never call a change the checker sees "comments only". */
describe("differsOnlyInComments", () => {
  const base = '/** Timeout, in seconds (2..60). */\nexport const timeOut: number = 5;\n// trailing note\n';

  it("is true for edited doc comments, line comments and layout", () => {
    expect(differsOnlyInComments("a.ts", base, base.replace("(2..60)", "(2..60, edited)"))).toBe(true);
    expect(differsOnlyInComments("a.ts", base, base.replace("// trailing note", "// another note"))).toBe(true);
    expect(differsOnlyInComments("a.ts", base, base.replace("number = 5", "number =\n  5"))).toBe(true);
  });

  it("is false for any change of code, string or type", () => {
    expect(differsOnlyInComments("a.ts", base, base.replace("= 5", "= 6"))).toBe(false);
    expect(differsOnlyInComments("a.ts", base, base.replace(": number", ": string"))).toBe(false);
    expect(differsOnlyInComments("a.ts", 'const s = "// not a comment";\n', 'const s = "// not a comment!";\n')).toBe(false);
    expect(differsOnlyInComments("a.ts", "const t = `a ${1} // b`;\n", "const t = `a ${1} // c`;\n")).toBe(false);
  });

  it("is false when a comment can steer the checker, or a version does not parse", () => {
    expect(differsOnlyInComments("a.ts", base, `// @ts-ignore\n${base}`)).toBe(false);
    expect(differsOnlyInComments("a.ts", base, base.replace("trailing note", "@ts-expect-error"))).toBe(false);
    expect(differsOnlyInComments("a.ts", `/// <reference types="node" />\n${base}`, base)).toBe(false);
    expect(differsOnlyInComments("a.ts", "const = ;\n", "const = ; // x\n")).toBe(false);
  });

  it("tells whole-line comments from code without a parse only where no line can be inside a string", () => {
    const doc = "/**\n * Timeout (2..60).\n */\nexport const a = 1;\n/* block */\n";
    expect(differsOnlyInComments("a.ts", doc, doc.replace("(2..60)", "(1..9)").replace("block", "other"))).toBe(true);
    // A comment opened mid-line holds the next lines: they count as code, then TypeScript decides.
    const open = "export const a = 1; /* open\nconst b = 2;\n*/\n";
    expect(differsOnlyInComments("a.ts", open, open.replace("2", "3"))).toBe(true);
    expect(differsOnlyInComments("a.ts", "/* a */ export const x = 1;\n", "/* b */ export const x = 2;\n")).toBe(false);
    // Inside a template literal a line that looks like a comment is text.
    const template = "export const t = `\n// one\n`;\n";
    expect(differsOnlyInComments("a.ts", template, template.replace("one", "two"))).toBe(false);
    const continued = 'export const s = "a\\\n// one";\n';
    expect(differsOnlyInComments("a.ts", continued, continued.replace("one", "two"))).toBe(false);
  });

  it("answers an edited doc comment without loading TypeScript (about 0.3 s of an edit's main thread)", () => {
    const script = [
      'import { createRequire } from "node:module";',
      'import { differsOnlyInComments } from "./generator/write/comment-only.ts";',
      // Doc comments hold Markdown: a backtick in a comment is no template literal.
      `const before = ${JSON.stringify(base.replace("Timeout", "`Timeout`"))};`,
      'const same = differsOnlyInComments("a.ts", before, before.replace("(2..60)", "(edited)"));',
      'const loaded = Object.keys(createRequire(import.meta.url).cache).some((file) => /[\\/]typescript[\\/]/.test(file));',
      "console.log(JSON.stringify({ same, loaded }));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ same: true, loaded: false });
  });
});
