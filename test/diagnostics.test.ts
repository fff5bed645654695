import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, removeDir } from "./support/run.js";

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
    expect(errors[0]).toMatch(new RegExp(`^${at}: unknown key "colour" in request\\[5\\] \\(allowed: name, type, `));
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
