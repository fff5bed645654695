import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { objectChecker } from "../generator/emit/validate/object-checker.js";
import { REPO, removeDir, tempDir } from "./support/run.js";

/**
 * A validator's size does not grow with the structs it reaches (issue 9, TS2563: a function too
 * large for TypeScript's control-flow analysis; and the code to format and type-check). A tree of
 * structs, each with three lists of the next level, would inline into tens of thousands of lines;
 * each nested struct's checker is called instead.
 */
let dir = "";
afterAll(async () => {
  if (dir) await removeDir(dir);
});

function service(depth: number, width: number): string {
  const structs = Array.from({ length: depth + 1 }, (_, d) => {
    const scalars = [0, 1, 2].map((i) => `      - { name: N${i}, type: int, min: 0, max: 100, description: { en: n } }`);
    const children = d < depth ? Array.from({ length: width }, (_, j) => `      - { name: C${j}, type: "S${d + 1}[]", description: { en: c } }`) : [];
    return [`  S${d}:`, "    fields:", ...scalars, ...children].join("\n");
  });
  return ["kind: service", "product: big", "title: { en: Big }", "protocol: tc3", 'version: "2021-01-01"', "endpoints: { domestic: big.tencentcloudapi.com }", "regionRequired: false", "rateLimit: 10", "structs:", ...structs].join("\n");
}

it("keeps a validator small however deep and wide its structs are", async () => {
  dir = await tempDir("inline");
  await mkdir(path.join(dir, "big", "actions"), { recursive: true });
  await mkdir(path.join(dir, "common"));
  await writeFile(path.join(dir, "tcgen.yaml"), 'kind: config\npackage: { name: "@fixture/wide", version: 0.0.1 }\n');
  await writeFile(path.join(dir, "common", "tc3.yaml"), await readFile(path.join(REPO, "test/golden/basic/spec/common/tc3.yaml"), "utf8"));
  await writeFile(path.join(dir, "big", "service.yaml"), service(5, 3));
  const request = [0, 1, 2, 3].map((j) => `  - { name: R${j}, type: S0, description: { en: r } }`).join("\n");
  await writeFile(path.join(dir, "big", "actions", "Put.yaml"), `kind: action\nname: Put\ntitle: { en: Put }\ndescription: { en: Put }\nrequest:\n${request}\nresponse: []\nerrors: []\n`);
  const compiled = await compileSpec(dir, "spec");
  if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
  const big = compiled.ir.services[0]!;
  const action = big.actions[0]!;
  const ctx = { patterns: new Map<string, string>(), structs: new Map(big.structs.map((s) => [s.name, s])) };
  const checker = objectChecker(action.names.requestChecker, action.request, [], [], true, ctx, true);
  // Four fields of struct S0: a read and a call each, after the object's own five-line prologue.
  expect(checker.testBody.length).toBeLessThanOrEqual(5 + 2 * 4);
  expect(checker.testBody.join("\n")).toContain("isS0(");
  // S0 to S4 have the same shape (three scalars, three lists of the next level): their checkers
  // are as long as each other, however deep the tree below them, and call the next level's.
  const lengths = big.structs.slice(0, 5).map((struct, d) => {
    const own = objectChecker(struct.names.checker, struct.fields, struct.rules, [], true, ctx, true);
    expect(own.testBody.join("\n")).toContain(`isS${d + 1}(`);
    // Called in place, or handed to the runtime's list helper, which calls it.
    expect(own.collectBody.join("\n")).toMatch(new RegExp(`\\bcollectS${d + 1}\\b`));
    return [own.testBody.length, own.collectBody.length];
  });
  expect(new Set(lengths.map((l) => l.join()))).toEqual(new Set([lengths[0]!.join()]));
});
