import { rename } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, removeDir, runTcgen } from "./support/run.js";

/** One test per kind of spec mistake: the message and the exact line:column it points at. */
const BASE = path.join(REPO, "test", "golden", "basic", "spec");
const ACTION = "demo/actions/PutTargets.yaml";
const SERVICE = "demo/service.yaml";
let dir = "";

async function broken(file: string, find: string, replace: string, pointAt?: string): Promise<{ errors: string[]; at: string }> {
  dir = await copySpec(BASE);
  const at = await edit(path.join(dir, file), find, replace, pointAt);
  const result = await compileSpec(dir, "spec");
  if (result.ok) throw new Error("expected the spec to be rejected");
  return { errors: result.errors, at: `spec/${file}:${at}` };
}

afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = "";
});

describe("spec diagnostics", () => {
  it("reports broken YAML", async () => {
    const { errors, at } = await broken(ACTION, "title: { en: Put targets }", "title: { en: Put targets\n", "\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\/demo\/actions\/PutTargets\.yaml:\d+:\d+: YAML: /);
    expect(at).toBeTruthy();
  });

  it("reports a duplicate key", async () => {
    const { errors, at } = await broken(ACTION, "title: { en: Put targets }", "title: { en: Put targets }\ntitle: { en: Again }", "title: { en: Again");
    expect(errors).toEqual([`${at}: duplicate key: a key appears twice in this mapping`]);
  });

  it("reports an unknown key", async () => {
    const { errors, at } = await broken(ACTION, "name: Extra, type: string,", "name: Extra, colour: red, type: string,", "colour");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${at}: unknown key "colour" in request\\[7\\] \\(allowed: name, type, `));
  });

  it("reports a value of the wrong type", async () => {
    const { errors, at } = await broken(SERVICE, "rateLimit: 10", "rateLimit: ten", "ten");
    expect(errors).toEqual([`${at}: rateLimit: must be an integer, got string "ten"`]);
  });

  it("reports an unknown type name", async () => {
    const { errors, at } = await broken(SERVICE, "{ name: port, type: int,", "{ name: port, type: integer,", "integer");
    expect(errors).toEqual([
      `${at}: structs.Backend.fields[1].type: string "integer" is not a type: use string, int, int64, uint64, float, boolean, datetime, datetime_iso, date or a StructName, with [] per list level`,
    ]);
  });

  it("reports an unknown struct reference, with a suggestion", async () => {
    const { errors, at } = await broken(ACTION, 'type: "Target[]"', 'type: "Targt[]"', '"Targt[]"');
    expect(errors).toEqual([`${at}: unknown struct "Targt" (did you mean "Target"?) in service demo`]);
  });

  it("reports a duplicate field name", async () => {
    const { errors, at } = await broken(ACTION, "  - { name: Extra,", "  - { name: Mode,", "Mode");
    expect(errors.some((e) => e.startsWith(`${at}: duplicate field name "Mode"`))).toBe(true);
  });

  it("reports a duplicate error code", async () => {
    const { errors, at } = await broken(ACTION, `code: InternalError, description: { en: "Demo's`, `code: LimitExceeded, description: { en: "Demo's`, "LimitExceeded");
    expect(errors).toEqual([`${at}: duplicate error LimitExceeded (also at errors[0])`]);
  });

  it("reports a duplicate legacy error number", async () => {
    const { errors, at } = await broken("old/actions/StartJob.yaml", "number: -12023", "number: 9003", "9003");
    expect(errors).toEqual([`${at}: duplicate error 9003 (also at errors[0])`]);
  });

  it("reports min greater than max", async () => {
    const { errors, at } = await broken(ACTION, "min: 5, max: 300", "min: 301, max: 300", "301");
    expect(errors).toEqual([`${at}: min 301 is greater than max 300`, expect.stringContaining("default of \"Interval\" 5 is less than min 301")]);
  });

  it("reports a default that breaks its own range", async () => {
    const { errors, at } = await broken(ACTION, "max: 60, default: 2", "max: 60, default: 61", "61");
    expect(errors).toEqual([`${at}: default of "Timeout" 61 is greater than max 60`]);
  });

  it("reports an example that breaks its own constraints", async () => {
    const { errors, at } = await broken(ACTION, "example: lb-1", "example: clb-1", "clb-1");
    expect(errors).toEqual([`${at}: example of "LoadBalancerId" "clb-1" does not start with lb-`]);
  });

  it("reports an action example that breaks the request definition", async () => {
    const { errors, at } = await broken(ACTION, "{ InstanceId: ins-1, Weight: 5 }", "{ InstanceId: ins-1, Weight: 500 }", "500");
    expect(errors).toEqual([`${at}: example request of PutTargets at Targets[0].Weight 500 is greater than max 100`]);
  });

  it("reports an enum value of the wrong type", async () => {
    const { errors, at } = await broken(ACTION, "{ value: hex }", "{ value: 3 }", "3");
    expect(errors).toEqual([`${at}: enum value of "Mode" must be a string, got number 3`]);
  });

  it("reports a constraint that does not fit the type", async () => {
    const { errors, at } = await broken(ACTION, "{ name: Extra, type: string,", "{ name: Extra, type: string, min: 1,", "min");
    expect(errors).toEqual([`${at}: min applies to numbers, but "Extra" is string`]);
  });

  it("reports a rule over an unknown field", async () => {
    const { errors, at } = await broken(ACTION, "left: Timeout,", "left: Timeot,", "Timeot");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${at}: rule refers to unknown field "Timeot"`));
  });

  it("reports an async poller that does not exist", async () => {
    const { errors, at } = await broken("old/actions/StartJob.yaml", "poller: GetJob", "poller: GetJobs", "GetJobs");
    expect(errors).toEqual([`${at}: unknown action "GetJobs" in service old`]);
  });

  it("reports an action file that does not match its name", async () => {
    const { errors, at } = await broken("old/actions/GetJob.yaml", "name: GetJob", "name: FetchJob", "FetchJob");
    expect(errors.some((e) => e === `${at}: action "FetchJob" must be in a file named FetchJob.yaml`)).toBe(true);
  });

  it("reports every mistake of a file in one run", async () => {
    dir = await copySpec(BASE);
    const file = path.join(dir, ACTION);
    const first = await edit(file, "title: { en: Put targets }", "title: { en: Put targets, fr: Cibles }", "fr");
    const second = await edit(file, "max: 60, default: 2", "max: 60, default: 99", "99");
    const third = await edit(file, 'type: "Target[]"', 'type: "Tagret[]"', '"Tagret[]"');
    const result = await compileSpec(dir, "spec");
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.split(": ")[0])).toEqual([`spec/${ACTION}:${first}`, `spec/${ACTION}:${third}`, `spec/${ACTION}:${second}`].sort(byPosition));
  });
});

function byPosition(a: string, b: string): number {
  const [, la, ca] = a.split(":").map(Number);
  const [, lb, cb] = b.split(":").map(Number);
  return la! - lb! || ca! - cb!;
}

/** A copy of the basic spec whose product `demo` is called `product` (folder and code). */
async function renamedProduct(product: string): Promise<{ errors: string[]; at: string; stderr: string }> {
  dir = await copySpec(BASE);
  await rename(path.join(dir, "demo"), path.join(dir, product));
  const at = await edit(path.join(dir, product, "service.yaml"), "product: demo", `product: ${product}`, product);
  const result = await compileSpec(dir, "spec");
  if (result.ok) throw new Error("expected the spec to be rejected");
  const cli = await runTcgen(["lint", "--spec", dir]);
  return { errors: result.errors, at: `spec/${product}/service.yaml:${at}`, stderr: cli.stderr };
}

/** Refused names and numbers: one located message each, and the CLI prints no stack trace. */
describe("names and numbers the generator cannot map", () => {
  const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:/);

  it.each(["mock", "runtime"])("refuses the product %s, which the package layout already uses", async (product) => {
    const { errors, at, stderr } = await renamedProduct(product);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${at}: product "${product}" cannot be generated: src/${product}/ already holds`))]);
    noStackTrace(stderr);
  });

  it.each(["delete", "default"])("refuses the product %s, a reserved word", async (product) => {
    const { errors, at, stderr } = await renamedProduct(product);
    expect(errors).toEqual([`${at}: product "${product}" is a JavaScript reserved word and cannot name the product's namespace (\`import { ${product} } from ...\`)`]);
    noStackTrace(stderr);
  });

  it("refuses a struct named like the common error type every action imports", async () => {
    const { errors, at } = await broken(SERVICE, "  Target:\n", "  Tc3CommonErrorCode:\n", "Tc3CommonErrorCode");
    expect(errors.filter((e) => e.startsWith(at))).toEqual([
      `${at}: struct "Tc3CommonErrorCode" would meet the common error type of the same name that every action's types import; rename the struct`,
    ]);
  });

  it("refuses a field named __proto__ (the schema's name pattern), located", async () => {
    const { errors, at } = await broken(ACTION, "  - { name: Extra,", "  - { name: __proto__,", "__proto__");
    expect(errors[0]).toMatch(new RegExp(`^${at}: request\\[7\\]\\.name: string "__proto__" `));
  });

  it.each([".nan", ".inf", "-.inf", "1e400"])("refuses the bound %s", async (bound) => {
    const { errors, at } = await broken(ACTION, "min: 2, max: 60", `min: 2, max: ${bound}`, bound);
    const shown = bound === ".nan" ? "NaN" : bound === "-.inf" ? "-Infinity" : "Infinity";
    expect(errors).toEqual([`${at}: ${shown} is not a finite number; tcgen refuses NaN and infinities (.nan, .inf, or a literal beyond the range of a double such as 1e400)`]);
  });

  it("refuses a non-finite default and prints no stack trace", async () => {
    const { errors, at } = await broken(ACTION, "max: 60, default: 2", "max: 60, default: .inf", ".inf");
    expect(errors[0]).toBe(`${at}: Infinity is not a finite number; tcgen refuses NaN and infinities (.nan, .inf, or a literal beyond the range of a double such as 1e400)`);
    noStackTrace((await runTcgen(["lint", "--spec", dir])).stderr);
  });

  it("refuses an int default beyond 2^53 instead of rounding it", async () => {
    const { errors, at } = await broken(ACTION, "max: 60, default: 2", "default: 9007199254740993", "9007199254740993");
    expect(errors).toContain(`${at}: default of "Timeout" 9007199254740993 is beyond ±2^53, the range of int; use int64`);
  });

  it("refuses an int64 default beyond 2^53 written as a float", async () => {
    const { errors, at } = await broken(SERVICE, "max: 100, default: 10", "default: 1.0e19", "1.0e19");
    expect(errors).toEqual([`${at}: default of "Weight" 10000000000000000000 is beyond ±2^53 and not exact; write all its digits (int64/uint64) or a smaller value`]);
  });

  it("refuses an int64 default outside the 64-bit range", async () => {
    const { errors, at } = await broken(SERVICE, "max: 100, default: 10", "default: 9223372036854775808", "9223372036854775808");
    expect(errors).toEqual([`${at}: default of "Weight" 9223372036854775808 is outside the range of int64`]);
  });

  it("refuses an int bound beyond 2^53", async () => {
    const { errors, at } = await broken(ACTION, "min: 2, max: 60", "min: 2, max: 18014398509481984", "18014398509481984");
    expect(errors).toEqual([`${at}: max 18014398509481984 of "Timeout" is beyond ±2^53, the range of int; use int64`]);
  });

  it("refuses a legacy error number beyond 2^53 instead of rounding it", async () => {
    const { errors, at } = await broken("old/actions/StartJob.yaml", "number: -12023", "number: -9007199254740993", "-9007199254740993");
    expect(errors).toEqual([
      `${at}: integer -9007199254740993 is beyond ±2^53; tcgen keeps such integers exactly only in the min, max, default and example of int64/uint64 fields and in examples and mock records`,
    ]);
  });

  it("refuses an enum value beyond 2^53", async () => {
    const { errors, at } = await broken(SERVICE, "- { value: 1, description: { en: address } }", "- { value: 9007199254740993, description: { en: address } }", "9007199254740993");
    expect(errors).toContain(
      `${at}: integer 9007199254740993 is beyond ±2^53; tcgen keeps such integers exactly only in the min, max, default and example of int64/uint64 fields and in examples and mock records`,
    );
  });
});
