import { describe, expect, it, vi } from "vitest";
import {
  charLength,
  enforceValidation,
  failRange,
  failRequired,
  failRule,
  finish,
  FORMATS,
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
