import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { afterEach, describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";

/**
 * The hostile golden case (test/golden/hostile/spec, an attacker's corpus: every spec string
 * carries every line terminator followed by `globalThis.__INJECTED = ...`, comment and script ends,
 * template syntax and HTML). golden.test.ts keeps expected/ equal to what the generator writes, and
 * the pipeline type-checks it; here: none of that text became code, and the validators still work.
 */
const SRC = path.join(REPO, "test", "golden", "hostile", "expected", "src");
const g = globalThis as { __INJECTED?: unknown };

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("hostile spec text in the generated code", () => {
  afterEach(() => {
    delete g.__INJECTED;
  });

  it.each(sourceFiles().map((f) => [path.relative(SRC, f)]))("%s has no injected code, only text in strings and comments", (rel) => {
    const file = ts.createSourceFile(rel, readFileSync(path.join(SRC, rel), "utf8"), ts.ScriptTarget.Latest, true);
    const injected: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === "__INJECTED") injected.push(`${rel}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      node.forEachChild(visit);
    };
    visit(file);
    expect(injected).toEqual([]);
  });

  it("importing every module and validating runs no injected statement", async () => {
    delete g.__INJECTED;
    const pkg = await import("./golden/hostile/expected/src/index.js");
    const mock = await import("./golden/hostile/expected/src/mock/index.js");
    const types = await import("./golden/hostile/expected/src/evil/validate/structs/part-7.js"); // the module its name hashes to
    const evil = pkg.evil;
    const example = { Mode: "a|b", Things: [{ Label: "x", Kind: "plain" }] };
    expect(evil.validateDoEvilRequest(example)).toEqual({ ok: true, failures: [] });
    expect(types.isThing({ Label: "x", Kind: "plain" })).toBe(true);

    // The hostile enum value, as data: accepted as a Mode, and it makes Things required.
    const hostileMode = readHostileEnumValue();
    const broken = evil.validateDoEvilRequest({ Mode: hostileMode });
    expect(broken.ok).toBe(false);
    expect(broken.failures).toEqual([expect.objectContaining({ path: "Things", rule: "crossField", code: "FailedOperation.Evil" })]);
    expect(evil.validateDoEvilRequest({ Mode: "other" }).failures).toEqual([expect.objectContaining({ path: "Mode", rule: "enum" })]);
    expect(evil.validateDoEvilResponse({ Echo: "</script>", RequestId: "r" }).ok).toBe(true);

    const backend = mock.createMockBackend();
    expect(backend).toBeDefined();
    expect(new evil.EvilClient({ credentials: { secretId: "id", secretKey: "key" } })).toBeDefined();
    expect(g.__INJECTED).toBeUndefined();
  });
});

/** The Mode enum value the corpus writes (starts with "mode-value"), read from the generated types. */
function readHostileEnumValue(): string {
  const file = ts.createSourceFile("t.ts", readFileSync(path.join(SRC, "evil", "types", "do-evil.ts"), "utf8"), ts.ScriptTarget.Latest, true);
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) && node.text.startsWith("mode-value")) found = node.text;
    node.forEachChild(visit);
  };
  visit(file);
  if (!found) throw new Error("test setup: no hostile Mode value in the generated types");
  return found;
}
