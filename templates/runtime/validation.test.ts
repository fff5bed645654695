import { describe, expect, it, vi } from "vitest";
import {
  booleanAt,
  charLength,
  checkInt64,
  checkUint64,
  collectFailures,
  enforceValidation,
  floatAt,
  int64At,
  intAt,
  listField,
  maybeBoolean,
  maybeFloat,
  maybeInt,
  maybeInt64,
  maybeString,
  maybeUint64,
  failUnknownKeys,
  failRange,
  failRequired,
  failRule,
  finish,
  FORMATS,
  isInt64,
  isUint64,
  ownFields,
  scalarField,
  stringAt,
  structField,
  structListField,
  uint64At,
  ValidationError,
  type CodeTable,
  type FailureDraft,
  type ValidationResult,
} from "./validation.js";

const TC3: CodeTable = {
  required: { code: "MissingParameter" },
  unknown: { code: "UnknownParameter" },
  type: { code: "InvalidParameter" },
  range: { code: "InvalidParameterValue" },
  enum: { code: "InvalidParameterValue" },
  length: { code: "InvalidParameterValue.Length" },
  pattern: { code: "InvalidParameter" },
  format: { code: "InvalidParameter" },
  minItems: { code: "InvalidParameterValue" },
  maxItems: { code: "InvalidParameterValue" },
  crossField: { code: "InvalidParameterValue" },
};

describe("formats", () => {
  it.each([
    ["ipv4", "10.0.0.1", true],
    ["ipv4", "255.255.255.255", true],
    ["ipv4", "256.0.0.1", false],
    ["ipv4", "01.2.3.4", false],
    ["ipv4", "1.2.3", false],
    ["ipv6", "::1", true],
    ["ipv6", "2001:db8::8a2e:370:7334", true],
    ["ipv6", "1:2:3:4:5:6:7:8", true],
    ["ipv6", "::ffff:1.2.3.4", true],
    ["ipv6", "1::2::3", false],
    ["ipv6", "1:2:3:4:5:6:7:8:9", false],
    ["ipv6", "12345::", false],
    ["ip", "1.2.3.4", true],
    ["ip", "fe80::1", true],
    ["ip", "example.com", false],
    ["hostname", "gaap.tencentcloudapi.com", true],
    ["hostname", "-bad.com", false],
    ["hostname", "1.2.3.4", false],
    ["ip-or-hostname", "1.2.3.4", true],
    ["ip-or-hostname", "a..b", false],
    ["uuid", "1f1e794d-a35e-41d2-8f40-fe32a2077329", true],
    ["uuid", "83129908-a282-4f9f-8ab-131a3025ba22", false],
  ])("%s %s -> %s", (format, value, expected) => {
    expect(FORMATS[format]!(value)).toBe(expected);
  });
});

describe("charLength", () => {
  it("counts code points, as the services count characters", () => {
    expect(charLength("abc")).toBe(3);
    expect(charLength("中文")).toBe(2);
    expect(charLength("😀x")).toBe(2);
    expect(charLength("\ud800")).toBe(1);
  });
});

describe("finish", () => {
  it("fills in codes from the table, honouring codeAs and codeHint", () => {
    const out: FailureDraft[] = [];
    failRequired(out, "ListenerId");
    failRule(out, "Targets[0]", { rule: "exactlyOne" }, "one of InstanceId, EniIp is required", "error", "required");
    failRule(out, "timeOut", { rule: "compare" }, "timeOut must be less", "error", undefined, "InvalidParameter.Custom");
    const result = finish(out, TC3);
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => f.code)).toEqual(["MissingParameter", "MissingParameter", "InvalidParameter.Custom"]);
  });

  it("adds the legacy numbers and stays JSON-serialisable with bigints", () => {
    const legacy = Object.fromEntries(Object.keys(TC3).map((k) => [k, { code: "InvalidParameter", number: 4000, moduleNumber: 9003 }])) as CodeTable;
    const out: FailureDraft[] = [];
    failRange(out, "Port", 2n ** 64n, 0, 100);
    const [failure] = finish(out, legacy).failures;
    expect(failure).toEqual({
      path: "Port",
      rule: "range",
      bound: { min: 0, max: 100 },
      value: "18446744073709551616",
      message: "Port must be between 0 and 100, got 18446744073709551616",
      code: "InvalidParameter",
      number: 4000,
      moduleNumber: 9003,
      severity: "error",
    });
    expect(JSON.parse(JSON.stringify(failure))).toEqual(failure);
  });

  it("is ok when only warnings remain", () => {
    const out: FailureDraft[] = [];
    failRule(out, "toaFlag", {}, "ignored", "warning");
    expect(finish(out, TC3).ok).toBe(true);
  });
});

describe("enforceValidation", () => {
  const error = finish([{ path: "a", rule: "required", message: "a is required", severity: "error" }], TC3);
  const warning = finish([{ path: "b", rule: "crossField", message: "b is ignored", severity: "warning" }], TC3);
  const both: ValidationResult = { ok: false, failures: [...error.failures, ...warning.failures] };

  it("strict throws a ValidationError with the errors only", () => {
    expect(() => enforceValidation("Act", () => both, "strict")).toThrow(ValidationError);
    try {
      enforceValidation("Act", () => both, "strict");
    } catch (e) {
      expect((e as ValidationError).failures.map((f) => f.path)).toEqual(["a"]);
      expect((e as ValidationError).message).toBe("Act: a is required");
    }
  });

  it("strict lets warnings through, reporting them", () => {
    const hook = vi.fn();
    enforceValidation("Act", () => warning, "strict", hook);
    expect(hook).toHaveBeenCalledWith("Act", warning.failures);
  });

  it("warn reports errors and sends anyway", () => {
    const hook = vi.fn();
    expect(() => enforceValidation("Act", () => both, "warn", hook)).not.toThrow();
    expect(hook).toHaveBeenCalledWith("Act", both.failures);
  });

  it("off does not even validate", () => {
    const validate = vi.fn(() => both);
    enforceValidation("Act", validate, "off");
    expect(validate).not.toHaveBeenCalled();
  });
});

describe("64-bit integers", () => {
  it("accept safe numbers and in-range bigints, and nothing else", () => {
    for (const ok of [0, -1, 2 ** 53 - 1, -9223372036854775808n, 9223372036854775807n])
      expect(isInt64(ok)).toBe(true);
    for (const bad of [2 ** 53, 1.5, NaN, "1", null, -9223372036854775809n, 9223372036854775808n])
      expect(isInt64(bad)).toBe(false);
    expect(isUint64(18446744073709551615n)).toBe(true);
    expect(isUint64(-1n)).toBe(false);
    expect(isUint64(18446744073709551616n)).toBe(false);
    // A negative number is left to the field's own range check, as for int64.
    expect(isUint64(-1)).toBe(true);
  });

  it("record a type failure, or a width failure for a bigint, and tell whether the bounds apply", () => {
    const out: FailureDraft[] = [];
    expect(checkInt64(out, "A", 7)).toBe(true);
    expect(checkInt64(out, "B", "7")).toBe(false);
    expect(checkUint64(out, "C", -1n)).toBe(false);
    expect(out.map((d) => [d.path, d.rule, d.bound])).toEqual([
      ["B", "type", "an integer (a number up to 2^53, or a bigint)"],
      ["C", "range", { min: 0n, max: 18446744073709551615n }],
    ]);
  });
});

describe("own members", () => {
  it("copies only the own known members, each read once, in the order of the known names", () => {
    const reads: string[] = [];
    const o = Object.create({ A: "inherited" }) as Record<string, unknown>;
    Object.defineProperty(o, "B", { get: () => (reads.push("B"), 2), enumerable: false });
    o["C"] = 3;
    o["D"] = 4;
    const fields = ownFields(o, new Set(["C", "A", "B"]));
    expect(Object.getPrototypeOf(fields)).toBe(null);
    expect(Object.entries(fields)).toEqual([
      ["C", 3],
      ["B", 2],
    ]);
    expect(reads).toEqual(["B"]);
  });

  it("reports each own unknown member with the known names, in enumeration order", () => {
    const out: FailureDraft[] = [];
    const o = Object.assign(Object.create({ Inherited: 1 }) as object, { Z: 1, A: 2, Y: 3 });
    failUnknownKeys(out, "Spec", o, new Set(["A", "B"]));
    expect(out.map((d) => [d.path, d.bound])).toEqual([
      ["Spec.Z", ["A", "B"]],
      ["Spec.Y", ["A", "B"]],
    ]);
  });
});

/**
 * The helpers the generated collecting path calls for its common fields (a plain scalar, a struct,
 * a list of either), and the boolean path's `maybe*` tests, record and answer what the written-out
 * checks they replaced did. Beside these cases, a differential run compared both forms' results on
 * random input over CLB and 26 catalogue products (the commit that brought them says how).
 */
describe("field helpers of the generated validators", () => {
  const run = (check: (out: FailureDraft[]) => void, mode: "all" | "first" = "all") =>
    collectFailures(check, mode).map((d) => ({ path: d.path, rule: d.rule, ...(d.bound !== undefined ? { bound: d.bound } : {}) }));
  const WIDE = "an integer (a number up to 2^53, or a bigint)";

  it("record a required field missing under its path, and an optional one not at all", () => {
    expect(run((out) => scalarField(out, "", {}, "Name", "required", stringAt))).toEqual([{ path: "Name", rule: "required" }]);
    expect(run((out) => scalarField(out, "Rules[2]", {}, "Name", "required", stringAt))).toEqual([{ path: "Rules[2].Name", rule: "required" }]);
    expect(run((out) => scalarField(out, "", {}, "Name", "optional", stringAt))).toEqual([]);
  });

  it("read own members only: a value on the prototype is absent, as the client would not send it", () => {
    const inherited = Object.create({ Name: "x" }) as Record<string, unknown>;
    expect(run((out) => scalarField(out, "", inherited, "Name", "required", stringAt))).toEqual([{ path: "Name", rule: "required" }]);
  });

  it("let null through only for a nullable field", () => {
    expect(run((out) => scalarField(out, "", { N: null }, "N", "required", int64At, "nullable"))).toEqual([]);
    expect(run((out) => scalarField(out, "", { N: null }, "N", "required", int64At))).toEqual([{ path: "N", rule: "type", bound: WIDE }]);
  });

  it("record the type failure with its value and message", () => {
    const out: FailureDraft[] = [];
    scalarField(out, "a", { B: 1 }, "B", "required", booleanAt);
    expect(out).toEqual([{ path: "a.B", rule: "type", bound: "true or false", value: 1, message: "a.B must be true or false, got number 1", severity: "error" }]);
  });

  it("test each scalar kind as the written-out checks did", () => {
    const fails = (check: typeof stringAt, value: unknown) => run((out) => check(out, "", "V", value)).map((d) => d.bound);
    expect([fails(intAt, 1), fails(intAt, 1.5), fails(intAt, 2 ** 53), fails(intAt, 1n)]).toEqual([[], ["an integer"], ["an integer"], ["an integer"]]);
    expect([fails(floatAt, 1.5), fails(floatAt, NaN), fails(floatAt, Infinity), fails(floatAt, "1")]).toEqual([[], ["a number"], ["a number"], ["a number"]]);
    expect([fails(booleanAt, false), fails(booleanAt, 0)]).toEqual([[], ["true or false"]]);
    expect([fails(int64At, -(2 ** 53) + 1), fails(int64At, 2n ** 63n - 1n), fails(int64At, 2n ** 63n), fails(int64At, 0.5), fails(int64At, 2 ** 53)]).toEqual([
      [],
      [],
      [{ min: -(2n ** 63n), max: 2n ** 63n - 1n }],
      [WIDE],
      [WIDE],
    ]);
    expect(fails(uint64At, -1n)).toEqual([{ min: 0n, max: 2n ** 64n - 1n }]);
    expect([fails(uint64At, 0), fails(uint64At, -0), fails(uint64At, -1), fails(uint64At, 2n ** 64n), fails(uint64At, "5")]).toEqual([
      [],
      [],
      [{ min: 0 }],
      [{ min: 0n, max: 2n ** 64n - 1n }],
      [WIDE],
    ]);
  });

  it("read a field once (a getter is called once)", () => {
    let reads = 0;
    const o = {
      get Name() {
        reads++;
        return 1;
      },
    };
    expect(run((out) => scalarField(out, "", o, "Name", "required", stringAt))).toEqual([{ path: "Name", rule: "type", bound: "a string" }]);
    expect(reads).toBe(1);
  });

  it("check every list item under its index, and tell when they stopped at the first error in `first` mode", () => {
    const o = { L: [1, "a", 2, "b"] };
    let stoppedAt: boolean | undefined;
    expect(run((out) => void (stoppedAt = listField(out, "x", o, "L", "required", stringAt)))).toEqual([
      { path: "x.L[0]", rule: "type", bound: "a string" },
      { path: "x.L[2]", rule: "type", bound: "a string" },
    ]);
    expect(stoppedAt).toBe(false);
    let recorded = 0;
    collectFailures((out) => {
      stoppedAt = listField(out, "x", o, "L", "required", stringAt);
      recorded = out.length;
    }, "first");
    expect([stoppedAt, recorded]).toEqual([true, 1]);
    expect(run((out) => listField(out, "", { L: "a" }, "L", "required", stringAt))).toEqual([{ path: "L", rule: "type", bound: "a list" }]);
  });

  it("collect only the structs that fail their boolean check, under their own path", () => {
    const isPort = (v: unknown) => typeof v === "object" && v !== null && typeof (v as { Port?: unknown }).Port === "number";
    const collected: string[] = [];
    const collectPort = (value: unknown, path: string, out: FailureDraft[]) => {
      collected.push(path);
      out.push({ path: `${path}.Port`, rule: "type", bound: "a port", message: "", severity: "error" });
    };
    const o = { One: { Port: 1 }, Bad: {}, Many: [{ Port: 1 }, {}, { Port: 2 }, { Port: "3" }] };
    expect(run((out) => structField(out, "", o, "One", "required", isPort, collectPort))).toEqual([]);
    expect(run((out) => structField(out, "r", o, "Bad", "required", isPort, collectPort))).toEqual([{ path: "r.Bad.Port", rule: "type", bound: "a port" }]);
    expect(run((out) => structListField(out, "", o, "Many", "required", isPort, collectPort))).toEqual([
      { path: "Many[1].Port", rule: "type", bound: "a port" },
      { path: "Many[3].Port", rule: "type", bound: "a port" },
    ]);
    expect(collected).toEqual(["r.Bad", "Many[1]", "Many[3]"]);
    let stoppedAt: boolean | undefined;
    collectFailures((out) => void (stoppedAt = structListField(out, "", o, "Many", "required", isPort, collectPort)), "first");
    expect(collected.slice(3)).toEqual(["Many[1]"]);
    expect(stoppedAt).toBe(true);
    expect(run((out) => structField(out, "", { One: null }, "One", "optional", isPort, collectPort, "nullable"))).toEqual([]);
  });

  it("answer the boolean path's test of an optional plain field: absent, or of its type", () => {
    const tests = [maybeString, maybeBoolean, maybeInt, maybeFloat, maybeInt64, maybeUint64];
    expect(tests.map((t) => t(undefined))).toEqual([true, true, true, true, true, true]);
    expect(tests.map((t) => t(null))).toEqual([false, false, false, false, false, false]);
    expect([maybeString("a"), maybeBoolean(true), maybeInt(3), maybeFloat(0.5), maybeInt64(-(2n ** 63n)), maybeUint64(2n ** 64n - 1n)]).toEqual([true, true, true, true, true, true]);
    expect([maybeInt(0.5), maybeFloat(NaN), maybeInt64(2n ** 63n), maybeUint64(-1), maybeUint64(2n ** 64n)]).toEqual([false, false, false, false, false]);
    // The edges: what isInt, isFloat, isInt64 and isUint64 (with its floor of 0) decide.
    expect([maybeUint64(0), maybeUint64(-0), maybeUint64(0n), maybeUint64(-1n), maybeUint64(1.5)]).toEqual([true, true, true, false, false]);
    expect([maybeInt(1n), maybeInt(2 ** 53), maybeFloat(Infinity), maybeFloat(-Infinity)]).toEqual([false, false, false, false]);
    expect([maybeInt64(2 ** 53), maybeInt64(2n ** 63n - 1n), maybeInt64(-(2n ** 63n) - 1n), maybeInt64("1")]).toEqual([false, true, false, false]);
  });
});
