import { afterEach, describe, expect, it } from "vitest";
import { isBatchRegisterTargetsRequest, validateBatchRegisterTargetsRequest } from "../generated/src/clb/validate/batch-register-targets.js";
// Struct checkers live in the module their name hashes to (emit-validators.ts, structModules).
import { isBatchTarget } from "../generated/src/clb/validate/structs/part-6.js";

/**
 * The two report modes of the generated validators, and the boolean path's direct reads (which
 * must keep reading own properties only, whatever the prototype carries).
 */
const target = (i: number) => ({ ListenerId: `lbl-${i}`, Port: 80, InstanceId: `ins-${i}`, Weight: 10 });
const targets = (n: number) => Array.from({ length: n }, (_, i) => target(i));

describe("report modes", () => {
  const body = { LoadBalancerId: "lb-1", Targets: targets(500) };
  body.Targets[3] = { ...target(3), Weight: 101 };
  const { Port: _, ...portless } = target(7);
  (body.Targets as unknown[])[7] = portless;

  it("`all` (the default) reports every failure with path, rule and code", () => {
    const result = validateBatchRegisterTargetsRequest(body);
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => [f.path, f.rule, f.code])).toEqual([
      ["Targets[3].Weight", "range", "InvalidParameterValue"],
      ["Targets[7].Port", "required", "MissingParameter"],
    ]);
  });

  it("`first` stops at the first error and reports it in full", () => {
    const result = validateBatchRegisterTargetsRequest(body, "first");
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([validateBatchRegisterTargetsRequest(body).failures[0]]);
  });

  it("`first` finds an error however late it comes, and passes valid input", () => {
    const late = { LoadBalancerId: "lb-1", Targets: [...targets(499), { ...target(499), Port: "80" }] };
    expect(validateBatchRegisterTargetsRequest(late, "first").failures.map((f) => f.path)).toEqual(["Targets[499].Port"]);
    expect(validateBatchRegisterTargetsRequest({ LoadBalancerId: "lb-1", Targets: targets(500) }, "first")).toEqual({ ok: true, failures: [] });
    expect(validateBatchRegisterTargetsRequest({ Targets: targets(2) }, "first").failures.map((f) => f.path)).toEqual(["LoadBalancerId"]);
  });
});

describe("direct reads on the boolean path", () => {
  const saved = Object.getOwnPropertyDescriptors(Object.prototype);
  afterEach(() => {
    for (const key of Object.getOwnPropertyNames(Object.prototype)) if (!(key in saved)) delete (Object.prototype as Record<string, unknown>)[key];
  });

  it("is not fooled by an own non-enumerable `__proto__` member posing as Object.prototype", () => {
    // The real prototype carries the fields: inherited, so never sent.
    const liar = Object.create({ ListenerId: "lbl-1", Port: 80, InstanceId: "ins-1" }) as object;
    Object.defineProperty(liar, "__proto__", { value: Object.prototype, enumerable: false });
    expect((liar as { __proto__: unknown }).__proto__).toBe(Object.prototype);
    const body = { LoadBalancerId: "lb-1", Targets: [liar] };
    expect(isBatchRegisterTargetsRequest(body)).toBe(false);
    expect(isBatchTarget(liar)).toBe(false);
    const result = validateBatchRegisterTargetsRequest(body, "first");
    expect(result.failures.map((f) => [f.path, f.rule])).toEqual([["Targets[0].ListenerId", "required"]]);
  });

  it("treats a field found only on a polluted Object.prototype as absent, as the client would not send it", () => {
    const body = { LoadBalancerId: "lb-1", Targets: targets(3).map(({ Weight: _, ...rest }) => rest) };
    expect(validateBatchRegisterTargetsRequest(body).ok).toBe(true);
    (Object.prototype as Record<string, unknown>).Weight = 500;
    // The boolean path on its own: the collecting path behind it reads with Object.hasOwn.
    expect(isBatchRegisterTargetsRequest(body)).toBe(true);
    expect(validateBatchRegisterTargetsRequest(body)).toEqual({ ok: true, failures: [] });
    (Object.prototype as Record<string, unknown>).EniIp = "10.0.0.1";
    // Were EniIp read from the prototype, InstanceId and EniIp would both be given.
    expect(isBatchRegisterTargetsRequest(body)).toBe(true);
    expect(validateBatchRegisterTargetsRequest(body, "first")).toEqual({ ok: true, failures: [] });
  });

  it("reads the own members of null-prototype objects and ignores a class's prototype members", () => {
    const bare = Object.assign(Object.create(null) as object, target(1));
    expect(validateBatchRegisterTargetsRequest({ LoadBalancerId: "lb-1", Targets: [bare] }).ok).toBe(true);
    class Target {
      ListenerId = "lbl-1";
      Port = 80;
      get InstanceId(): string {
        return "ins-1";
      }
    }
    // InstanceId lives on the prototype: not sent, so neither InstanceId nor EniIp is given.
    expect(isBatchRegisterTargetsRequest({ LoadBalancerId: "lb-1", Targets: [new Target()] })).toBe(false);
    const result = validateBatchRegisterTargetsRequest({ LoadBalancerId: "lb-1", Targets: [new Target()] });
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => f.rule)).toEqual(["crossField"]);
  });
});
