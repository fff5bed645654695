import { describe, expect, it, vi } from "vitest";
import {
  charLength,
  checkInt64,
  checkUint64,
  enforceValidation,
  failUnknownKeys,
  failRange,
  failRequired,
  failRule,
  finish,
  FORMATS,
  isInt64,
  isUint64,
  ownFields,
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
