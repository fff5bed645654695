import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
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

describe("hostile numbers, names and JSON outputs", () => {
  const EXPECTED = path.join(REPO, "test", "golden", "hostile", "expected");

  it("an int64 bound and default of 2^63-1 stay exact in code, schema, OpenAPI and docs", async () => {
    const pkg = await import("./golden/hostile/expected/src/index.js");
    const request = (Big: bigint) => ({ Mode: "a|b", Things: [{ Label: "x", Kind: "plain", Big }] });
    expect(pkg.evil.validateDoEvilRequest(request(2n ** 63n - 1n)).ok).toBe(true);
    expect(pkg.evil.validateDoEvilRequest(request(2n ** 63n)).failures).toEqual([expect.objectContaining({ path: "Things[0].Big", rule: "range" })]);
    for (const file of ["schema/evil/structs/Thing.schema.json", "openapi/evil/DoEvil.openapi.json"]) expect(readFileSync(path.join(EXPECTED, file), "utf8")).toMatch(/"default": 9223372036854775807\n/);
    for (const lang of ["en", "zh"]) expect(readFileSync(path.join(EXPECTED, "docs", lang, "evil", "do-evil.md"), "utf8")).toContain("<code>9223372036854775807</code>");
  });

  it("a struct named Object with members named toString and constructor validates as data", async () => {
    const schema = JSON.parse(readFileSync(path.join(EXPECTED, "schema/evil/structs/Object.schema.json"), "utf8"));
    expect(Object.keys(schema.$defs.Object.properties)).toEqual(["toString", "constructor"]);
    const checkers = await import("./golden/hostile/expected/src/evil/validate/structs/part-2.js"); // the module its name hashes to
    // A plain object inherits toString and constructor: they are not members it has.
    expect(checkers.isObject_({})).toBe(true);
    expect(checkers.isObject_({ toString: "x", constructor: "y" })).toBe(true);
    expect(checkers.isObject_({ toString: 1 })).toBe(false);
  });

  it("the corpus's raw values reach the JSON outputs whole, every line terminator included", () => {
    // The spec's own values (read with the YAML library), against what the schema and OpenAPI say.
    const spec = parseYaml(readFileSync(path.join(REPO, "test", "golden", "hostile", "spec", "evil", "service.yaml"), "utf8"));
    const label = spec.structs.Thing.fields.find((f: { name: string }) => f.name === "Label");
    expect(label.example).toMatch(/\r[\s\S]*\u2028[\s\S]*\u2029/);
    const schema = JSON.parse(readFileSync(path.join(EXPECTED, "schema/evil/structs/Thing.schema.json"), "utf8")).$defs.Thing.properties.Label;
    expect([schema.default, schema.examples]).toEqual([label.default, [label.example]]);
    const openapi = readFileSync(path.join(EXPECTED, "openapi/evil/DoEvil.openapi.json"), "utf8");
    expect(JSON.stringify(JSON.parse(openapi))).toContain(JSON.stringify(label.default).slice(1, -1));
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
