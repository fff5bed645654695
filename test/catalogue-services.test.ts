import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { CATALOGUE } from "./support/catalogue.js";
import { generateInMemory, removeDir, tempDir } from "./support/run.js";

let dir = "";
afterAll(() => removeDir(dir));

/**
 * Products of Tencent's real catalogue whose generated validators did not type-check when the
 * whole catalogue was first generated (TS2304: a nested struct's inlined check used a prototype
 * flag its function never declared). Real input nobody here wrote, generated and type-checked.
 */
describe("real catalogue services that once broke the generated code", () => {
  it("irp, trp and ga2 import, generate and type-check", async () => {
    dir = await tempDir("catalogue-services");
    const code = await runCli(["import", "--from", CATALOGUE, "--service", "irp,trp,ga2", "--spec", dir], { out: () => {}, err: () => {} });
    expect(code).toBe(0);
    const generated = await generateInMemory(dir);
    expect(generated.ok ? [] : generated.errors).toEqual([]);
  }, 600_000);
});
