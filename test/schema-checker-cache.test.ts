import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cachedSchemaChecker } from "../generator/load/schema-check.js";
import { SCHEMA_PATH } from "../generator/paths.js";
import { removeDir, tempDir } from "./support/run.js";

/**
 * The spec schema's checker is ajv's code, kept as ajv's standalone module between runs. Loaded
 * from the module it must report exactly what the freshly compiled one reports.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** Documents with problems of several kinds (unknown key, missing key, wrong type, pattern, enum) and a good one. */
const DOCUMENTS: unknown[] = [
  { kind: "action", name: "lowercase", title: { en: "T" }, description: { en: "D" }, request: [{ name: "A", type: "nope", extra: 1 }], response: [], errors: [] },
  { kind: "service", product: "x", title: {}, protocol: "tc4", endpoints: { domestic: "bad host" } },
  { kind: "config", package: { name: "pkg", version: "1.0.0" } },
  { kind: 5 },
];

describe("the cached schema checker", () => {
  it("writes ajv's module once and reports from it exactly what the compiled checker reports", async () => {
    const dir = await tempDir("schema-checker");
    dirs.push(dir);
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const compiled = await cachedSchemaChecker(schema, dir);
    const modules = await readdir(dir);
    expect(modules).toEqual([expect.stringMatching(/^schema-[0-9a-f]{16}\.cjs$/)]);
    const loaded = await cachedSchemaChecker(schema, dir);
    for (const [i, doc] of DOCUMENTS.entries()) expect(loaded(`f${i}.yaml`, doc)).toEqual(compiled(`f${i}.yaml`, doc));
    expect(compiled("f0.yaml", DOCUMENTS[0]).diagnostics.length).toBeGreaterThan(1);
    expect(compiled("f2.yaml", DOCUMENTS[2]).diagnostics).toEqual([]);
  });

  it("compiles again over a damaged module, and a changed schema replaces the old module", async () => {
    const dir = await tempDir("schema-checker");
    dirs.push(dir);
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const reference = await cachedSchemaChecker(schema, dir);
    const [module] = await readdir(dir);
    await writeFile(path.join(dir, module!), "module.exports = (() => { throw new Error('damaged'); })();");
    const again = await cachedSchemaChecker(schema, dir);
    expect(again("f0.yaml", DOCUMENTS[0])).toEqual(reference("f0.yaml", DOCUMENTS[0]));
    // A module that loads but is no checker (written by hand, say) is compiled over too.
    const [second] = await readdir(dir);
    expect(second).toBe(module);
    await writeFile(path.join(dir, second!), "module.exports = 42;");
    expect((await cachedSchemaChecker(schema, dir))("f0.yaml", DOCUMENTS[0])).toEqual(reference("f0.yaml", DOCUMENTS[0]));
    // Another schema text: its own module, the earlier one removed.
    const other = JSON.stringify({ ...JSON.parse(schema), title: "another" });
    await cachedSchemaChecker(other, dir);
    const after = await readdir(dir);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(module);
  });
});
