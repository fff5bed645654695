import { describe, expect, it } from "vitest";
import { validateModifyBmListenerRequest } from "../generated/src/bmlb/validate/modify-bm-listener.js";
import { validatePutTargetsRequest } from "./golden/basic/expected/src/demo/validate/put-targets.js";

/**
 * "Absent means unchanged" (an update action, `absentMeansUnchanged: true`) against the default
 * reading (an absent parameter is its default), on the same kind of rule: timeout < interval.
 */
const paths = (result: { failures: { path: string; severity: string }[] }) => result.failures.map((f) => `${f.severity} ${f.path}`);

describe("cross-field rules and absent parameters", () => {
  const modify = { loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" };

  it("update action: {timeOut: 10} alone passes, since the current interval is unknown (the default 5 is not assumed)", () => {
    expect(validateModifyBmListenerRequest({ ...modify, timeOut: 10 })).toEqual({ ok: true, failures: [] });
  });

  it("update action: {customHealthSwitch: 1} alone does not warn, since healthSwitch keeps its current value (not read as 0)", () => {
    expect(validateModifyBmListenerRequest({ ...modify, customHealthSwitch: 1 })).toEqual({ ok: true, failures: [] });
  });

  it("update action: rules still hold between parameters that are present", () => {
    expect(paths(validateModifyBmListenerRequest({ ...modify, timeOut: 10, intervalTime: 5 }))).toEqual(["error timeOut"]);
    expect(paths(validateModifyBmListenerRequest({ ...modify, customHealthSwitch: 1, healthSwitch: 0 }))).toEqual(["warning customHealthSwitch"]);
  });

  it("other actions: an absent parameter counts as its default, for compare rules as for conditions", () => {
    const put = { LoadBalancerId: "lb-1", ListenerId: "lbl-1", Targets: [{ InstanceId: "ins-1" }] };
    expect(paths(validatePutTargetsRequest({ ...put, Timeout: 10 }))).toEqual(["error Timeout"]); // Interval defaults to 5
    expect(validatePutTargetsRequest({ ...put, Timeout: 4 })).toEqual({ ok: true, failures: [] });
    expect(paths(validatePutTargetsRequest({ ...put, Interval: 2 }))).toEqual(expect.arrayContaining(["error Timeout"])); // Timeout defaults to 2
  });
});
