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
});
