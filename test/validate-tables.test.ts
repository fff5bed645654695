import { describe, expect, it } from "vitest";
import type {
  ValidationFailure,
  ValidationResult,
  ValidationRule,
} from "../generated/src/runtime/validation.js";
import { validateBindListenerRealServersRequest } from "../generated/src/gaap/validate/bind-listener-real-servers.js";
import { validateDescribeListenerRealServersRequest } from "../generated/src/gaap/validate/describe-listener-real-servers.js";
import { validateBatchRegisterTargetsRequest } from "../generated/src/clb/validate/batch-register-targets.js";
import { validateDescribeTargetsRequest } from "../generated/src/clb/validate/describe-targets.js";
import { validateDescribeBmL4ListenerBackendsRequest } from "../generated/src/bmlb/validate/describe-bm-l4-listener-backends.js";
import { validateModifyBmListenerRequest } from "../generated/src/bmlb/validate/modify-bm-listener.js";
import { validateDescribeBmLoadBalancersTaskResultRequest } from "../generated/src/bmlb/validate/describe-bm-load-balancers-task-result.js";

/**
 * Table tests of the generated request validators, one table per action. Valid rows come from the
 * seed pages (/work/shared/seeds) and the specs' examples, with the documented boundaries; every
 * invalid row is a small edit of a valid request that breaks exactly one rule, and states the one
 * failure (path, rule, code, severity; legacy v2 also number and module number) it must produce.
 */

type Severity = ValidationFailure["severity"];
type Expected = Pick<ValidationFailure, "path" | "rule" | "code" | "severity"> &
  Partial<Pick<ValidationFailure, "number" | "moduleNumber">>;

interface ValidRow {
  name: string;
  input: unknown;
}
interface FailingRow {
  name: string;
  input: unknown;
  expected: Expected;
}

/** API 3.0 failure (GAAP, CLB): no legacy numbers. */
function api(path: string, rule: ValidationRule, code: string, severity: Severity = "error"): Expected {
  return { path, rule, code, severity };
}

/** Legacy v2 failure (BMLB): every parameter error is InvalidParameter, envelope 4000, module 9003. */
function legacy(path: string, rule: ValidationRule, severity: Severity = "error"): Expected {
  return { path, rule, code: "InvalidParameter", number: 4000, moduleNumber: 9003, severity };
}

/** Legacy v2 failure of an action whose page lists no module codes: the common 4000 alone. */
function legacyCommon(path: string, rule: ValidationRule): Expected {
  return { path, rule, code: "InvalidParameter", number: 4000, severity: "error" };
}

/** The asserted fields of a failure; the legacy numbers only when present. */
function project(f: ValidationFailure): Expected {
  const { path, rule, code, severity, number, moduleNumber } = f;
  return {
    path,
    rule,
    code,
    severity,
    ...(number !== undefined ? { number } : {}),
    ...(moduleNumber !== undefined ? { moduleNumber } : {}),
  };
}

/** A copy of `base` with `patch` applied; a patch value of `undefined` removes the key. */
function edit(base: object, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** A copy of `list` whose item `index` is edited by `patch`, or replaced by it when it is not a plain object. */
function editItem(list: readonly object[], index: number, patch: unknown): unknown[] {
  const isPatch = typeof patch === "object" && patch !== null && !Array.isArray(patch);
  return list.map((item, i) => (i !== index ? item : isPatch ? edit(item, patch as Record<string, unknown>) : patch));
}

/**
 * Registers the rows of one action: valid rows, rows with exactly one failure, and rows for the
 * 64-bit width of int64/uint64 bigints (found missing by this table, fixed in the generator).
 */
function table(
  validate: (input: unknown) => ValidationResult,
  valid: ValidRow[],
  failing: FailingRow[],
  widthRows: FailingRow[] = [],
): void {
  it.each(valid)("valid: $name", ({ input }) => {
    expect(validate(input)).toEqual({ ok: true, failures: [] });
  });
  it.each([...failing, ...widthRows])("$expected.severity: $name", ({ input, expected }) => {
    const result = validate(input);
    expect(result.failures.map(project)).toEqual([expected]);
    expect(result.ok).toBe(expected.severity === "warning");
  });
}

const UNSAFE = 2 ** 53; // first integer a JS number cannot hold exactly
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// ---------------------------------------------------------------------------------------------
// GAAP BindListenerRealServers (seed 000; RealServerBindSetReq from gaap-2018-05-29.api.json)
// ---------------------------------------------------------------------------------------------

describe("gaap BindListenerRealServers", () => {
  const server = (n: number) => ({
    RealServerId: `rs-0000000${n}`,
    RealServerIP: `10.0.0.${n}`,
    RealServerPort: 8080,
    RealServerWeight: 1,
  });
  const base = { ListenerId: "listener-pbsgn7ej", RealServerBindSet: [server(1), server(2), server(3)] };
  const set = base.RealServerBindSet;
  const item1 = (patch: unknown) => edit(base, { RealServerBindSet: editItem(set, 1, patch) });

  table(
    validateBindListenerRealServersRequest,
    [
      {
        name: "seed page example",
        input: {
          ListenerId: "listener-pbsgn7ej",
          RealServerBindSet: [
            { RealServerId: "rs-04v3s12t", RealServerIP: "119.28.69.101", RealServerPort: 80, RealServerWeight: 1 },
          ],
        },
      },
      {
        name: "examples.json example without a weight",
        input: {
          ListenerId: "listener-a8lsmk4b",
          RealServerBindSet: [{ RealServerId: "rs-1008nt4p", RealServerPort: 880, RealServerIP: "44.4.4.4" }],
        },
      },
      { name: "three origin servers", input: base },
      { name: "RealServerBindSet omitted (binds nothing)", input: { ListenerId: "listener-pbsgn7ej" } },
      { name: "RealServerBindSet empty (binds nothing)", input: edit(base, { RealServerBindSet: [] }) },
      { name: "RealServerFailoverRole master", input: item1({ RealServerFailoverRole: "master" }) },
      { name: "RealServerFailoverRole slave", input: item1({ RealServerFailoverRole: "slave" }) },
      { name: "uint64 lower bound: RealServerPort 0, RealServerWeight 0", input: item1({ RealServerPort: 0, RealServerWeight: 0 }) },
      { name: "port 1 and 65535", input: edit(base, { RealServerBindSet: [edit(server(1), { RealServerPort: 1 }), edit(server(2), { RealServerPort: 65535 })] }) },
      { name: "RealServerWeight 100", input: item1({ RealServerWeight: 100 }) },
      { name: "uint64 as the largest safe number", input: item1({ RealServerWeight: Number.MAX_SAFE_INTEGER }) },
      { name: "uint64 beyond 2^53 as bigint", input: item1({ RealServerWeight: 2n ** 53n + 1n }) },
      { name: "uint64 maximum as bigint", input: item1({ RealServerPort: UINT64_MAX }) },
      { name: "small bigint port", input: item1({ RealServerPort: 443n }) },
    ],
    [
      { name: "ListenerId missing", input: edit(base, { ListenerId: undefined }), expected: api("ListenerId", "required", "MissingParameter") },
      { name: "unknown top-level parameter", input: edit(base, { Foo: 1 }), expected: api("Foo", "unknown", "UnknownParameter") },
      { name: "unknown top-level parameter (wrong case)", input: edit(base, { realServerBindSet: [] }), expected: api("realServerBindSet", "unknown", "UnknownParameter") },
      { name: "unknown parameter inside a list item", input: item1({ Foo: "x" }), expected: api("RealServerBindSet[1].Foo", "unknown", "UnknownParameter") },
      { name: "ListenerId boolean", input: edit(base, { ListenerId: true }), expected: api("ListenerId", "type", "InvalidParameter") },
      { name: "ListenerId number", input: edit(base, { ListenerId: 12345 }), expected: api("ListenerId", "type", "InvalidParameter") },
      { name: "RealServerBindSet object instead of list", input: edit(base, { RealServerBindSet: server(1) }), expected: api("RealServerBindSet", "type", "InvalidParameter") },
      { name: "RealServerBindSet string instead of list", input: edit(base, { RealServerBindSet: "rs-04v3s12t" }), expected: api("RealServerBindSet", "type", "InvalidParameter") },
      { name: "list item is a string", input: item1("rs-00000002"), expected: api("RealServerBindSet[1]", "type", "InvalidParameter") },
      { name: "list item is null", input: item1(null), expected: api("RealServerBindSet[1]", "type", "InvalidParameter") },
      { name: "list item is a list", input: item1([server(2)]), expected: api("RealServerBindSet[1]", "type", "InvalidParameter") },
      { name: "RealServerPort missing", input: item1({ RealServerPort: undefined }), expected: api("RealServerBindSet[1].RealServerPort", "required", "MissingParameter") },
      { name: "RealServerId missing", input: item1({ RealServerId: undefined }), expected: api("RealServerBindSet[1].RealServerId", "required", "MissingParameter") },
      { name: "RealServerIP missing", input: item1({ RealServerIP: undefined }), expected: api("RealServerBindSet[1].RealServerIP", "required", "MissingParameter") },
      { name: "RealServerPort numeric string", input: item1({ RealServerPort: "80" }), expected: api("RealServerBindSet[1].RealServerPort", "type", "InvalidParameter") },
      { name: "RealServerPort float", input: item1({ RealServerPort: 1.5 }), expected: api("RealServerBindSet[1].RealServerPort", "type", "InvalidParameter") },
      { name: "RealServerPort unsafe number (2^53)", input: item1({ RealServerPort: UNSAFE }), expected: api("RealServerBindSet[1].RealServerPort", "type", "InvalidParameter") },
      { name: "RealServerPort NaN", input: item1({ RealServerPort: Number.NaN }), expected: api("RealServerBindSet[1].RealServerPort", "type", "InvalidParameter") },
      { name: "uint64 negative: RealServerPort -1", input: item1({ RealServerPort: -1 }), expected: api("RealServerBindSet[1].RealServerPort", "range", "InvalidParameterValue") },
      { name: "uint64 negative bigint: RealServerPort -1n", input: item1({ RealServerPort: -1n }), expected: api("RealServerBindSet[1].RealServerPort", "range", "InvalidParameterValue") },
      { name: "uint64 negative: RealServerWeight -1", input: item1({ RealServerWeight: -1 }), expected: api("RealServerBindSet[1].RealServerWeight", "range", "InvalidParameterValue") },
      { name: "RealServerWeight numeric string", input: item1({ RealServerWeight: "1" }), expected: api("RealServerBindSet[1].RealServerWeight", "type", "InvalidParameter") },
      { name: "RealServerFailoverRole not in enum", input: item1({ RealServerFailoverRole: "backup" }), expected: api("RealServerBindSet[1].RealServerFailoverRole", "enum", "InvalidParameterValue") },
      { name: "RealServerFailoverRole empty string (response-only value)", input: item1({ RealServerFailoverRole: "" }), expected: api("RealServerBindSet[1].RealServerFailoverRole", "enum", "InvalidParameterValue") },
      { name: "RealServerFailoverRole wrong case", input: item1({ RealServerFailoverRole: "Master" }), expected: api("RealServerBindSet[1].RealServerFailoverRole", "enum", "InvalidParameterValue") },
      { name: "RealServerFailoverRole number", input: item1({ RealServerFailoverRole: 1 }), expected: api("RealServerBindSet[1].RealServerFailoverRole", "type", "InvalidParameter") },
      { name: "RealServerId boolean", input: item1({ RealServerId: true }), expected: api("RealServerBindSet[1].RealServerId", "type", "InvalidParameter") },
      { name: "request is not an object", input: null, expected: api("", "type", "InvalidParameter") },
    ],
    [
      // uint64 tops out at 2^64 - 1; a bigint beyond it cannot be sent as a uint64.
      { name: "uint64 above 2^64-1 as bigint (RealServerPort 2^64)", input: item1({ RealServerPort: UINT64_MAX + 1n }), expected: api("RealServerBindSet[1].RealServerPort", "range", "InvalidParameterValue") },
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// GAAP DescribeListenerRealServers (seed 001)
// ---------------------------------------------------------------------------------------------

describe("gaap DescribeListenerRealServers", () => {
  const base = { ListenerId: "listener-pbsgn7ej" };
  table(
    validateDescribeListenerRealServersRequest,
    [
      { name: "seed page example", input: base },
      { name: "examples.json example", input: { ListenerId: "listener-kmm7yf03" } },
    ],
    [
      { name: "ListenerId missing", input: {}, expected: api("ListenerId", "required", "MissingParameter") },
      { name: "unknown top-level parameter", input: edit(base, { Foo: "x" }), expected: api("Foo", "unknown", "UnknownParameter") },
      { name: "unknown parameter (wrong case)", input: edit(base, { listenerId: "listener-pbsgn7ej" }), expected: api("listenerId", "unknown", "UnknownParameter") },
      { name: "ListenerId number", input: edit(base, { ListenerId: 1 }), expected: api("ListenerId", "type", "InvalidParameter") },
      { name: "ListenerId boolean", input: edit(base, { ListenerId: true }), expected: api("ListenerId", "type", "InvalidParameter") },
      { name: "ListenerId list", input: edit(base, { ListenerId: ["listener-pbsgn7ej"] }), expected: api("ListenerId", "type", "InvalidParameter") },
      { name: "ListenerId object", input: edit(base, { ListenerId: { id: "listener-pbsgn7ej" } }), expected: api("ListenerId", "type", "InvalidParameter") },
      { name: "request is a string", input: "listener-pbsgn7ej", expected: api("", "type", "InvalidParameter") },
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// CLB BatchRegisterTargets (seed 003; BatchTarget from clb-2018-03-17.api.json)
// ---------------------------------------------------------------------------------------------

describe("clb BatchRegisterTargets", () => {
  const seed = {
    Targets: [{ InstanceId: "ins-xxx", ListenerId: "lbl-xxxx", Weight: 10, Port: 80 }],
    LoadBalancerId: "lb-xxxx",
  };
  const target = (n: number) =>
    n % 2 === 0
      ? { ListenerId: "lbl-xxxx", InstanceId: `ins-${n}`, Port: 80, Weight: 10 }
      : { ListenerId: "lbl-xxxx", EniIp: `10.0.0.${n}`, Port: 8080 };
  const targets = (count: number) => Array.from({ length: count }, (_, i) => target(i));
  const base = { LoadBalancerId: "lb-xxxx", Targets: targets(5) };
  const t3 = (patch: unknown) => edit(base, { Targets: editItem(base.Targets, 3, patch) });
  const t2 = (patch: unknown) => edit(base, { Targets: editItem(base.Targets, 2, patch) });

  table(
    validateBatchRegisterTargetsRequest,
    [
      { name: "seed page example", input: seed },
      { name: "five targets, InstanceId and EniIp mixed", input: base },
      { name: "EniIp instead of InstanceId", input: { LoadBalancerId: "lb-xxxx", Targets: [{ ListenerId: "lbl-xxxx", EniIp: "10.0.0.1", Port: 80 }] } },
      { name: "Weight 0", input: t2({ Weight: 0 }) },
      { name: "Weight 100", input: t2({ Weight: 100 }) },
      { name: "Weight 100 as bigint", input: t2({ Weight: 100n }) },
      { name: "Weight omitted (default 10)", input: t2({ Weight: undefined }) },
      { name: "port 1 and 65535", input: edit(base, { Targets: [edit(target(0), { Port: 1 }), edit(target(1), { Port: 65535 })] }) },
      { name: "layer-7 target with LocationId and Tag", input: t3({ LocationId: "loc-4apy****", Tag: "tag_target" }) },
      { name: "exactly 500 targets", input: edit(base, { Targets: targets(500) }) },
      // Neither the page nor api.json states an id prefix or a minimum list length: none is enforced.
      { name: "LoadBalancerId without the lb- prefix", input: edit(base, { LoadBalancerId: "xxxx" }) },
      { name: "Targets empty", input: edit(base, { Targets: [] }) },
      { name: "int64 beyond 2^53 as bigint", input: t3({ Port: 2n ** 53n + 1n }) },
      { name: "int64 maximum as bigint", input: t3({ Port: INT64_MAX }) },
    ],
    [
      { name: "LoadBalancerId missing", input: edit(base, { LoadBalancerId: undefined }), expected: api("LoadBalancerId", "required", "MissingParameter") },
      { name: "Targets missing", input: edit(base, { Targets: undefined }), expected: api("Targets", "required", "MissingParameter") },
      { name: "unknown top-level parameter", input: edit(base, { Foo: 1 }), expected: api("Foo", "unknown", "UnknownParameter") },
      { name: "unknown parameter inside a list item", input: t3({ Foo: "x" }), expected: api("Targets[3].Foo", "unknown", "UnknownParameter") },
      { name: "LoadBalancerId boolean", input: edit(base, { LoadBalancerId: true }), expected: api("LoadBalancerId", "type", "InvalidParameter") },
      { name: "501 targets", input: edit(base, { Targets: targets(501) }), expected: api("Targets", "maxItems", "InvalidParameterValue.Length") },
      { name: "Targets object instead of list", input: edit(base, { Targets: target(0) }), expected: api("Targets", "type", "InvalidParameter") },
      { name: "list item is a string", input: t3("ins-xxx"), expected: api("Targets[3]", "type", "InvalidParameter") },
      { name: "Targets[3].Port numeric string", input: t3({ Port: "80" }), expected: api("Targets[3].Port", "type", "InvalidParameter") },
      { name: "Targets[3].Port float", input: t3({ Port: 1.5 }), expected: api("Targets[3].Port", "type", "InvalidParameter") },
      { name: "int64 as an unsafe number (Port 2^53)", input: t3({ Port: UNSAFE }), expected: api("Targets[3].Port", "type", "InvalidParameter") },
      { name: "Targets[3].Port missing", input: t3({ Port: undefined }), expected: api("Targets[3].Port", "required", "MissingParameter") },
      { name: "Targets[3].ListenerId missing", input: t3({ ListenerId: undefined }), expected: api("Targets[3].ListenerId", "required", "MissingParameter") },
      { name: "Targets[3].ListenerId number", input: t3({ ListenerId: 7 }), expected: api("Targets[3].ListenerId", "type", "InvalidParameter") },
      { name: "Targets[2].InstanceId boolean", input: t2({ InstanceId: true }), expected: api("Targets[2].InstanceId", "type", "InvalidParameter") },
      { name: "Targets[3].Tag list", input: t3({ Tag: ["a"] }), expected: api("Targets[3].Tag", "type", "InvalidParameter") },
      { name: "Weight below range (-1)", input: t2({ Weight: -1 }), expected: api("Targets[2].Weight", "range", "InvalidParameterValue") },
      { name: "Weight above range (101)", input: t2({ Weight: 101 }), expected: api("Targets[2].Weight", "range", "InvalidParameterValue") },
      { name: "Weight above range as bigint (101n)", input: t2({ Weight: 101n }), expected: api("Targets[2].Weight", "range", "InvalidParameterValue") },
      { name: "Weight numeric string", input: t2({ Weight: "10" }), expected: api("Targets[2].Weight", "type", "InvalidParameter") },
      { name: "neither InstanceId nor EniIp", input: t3({ EniIp: undefined }), expected: api("Targets[3]", "crossField", "MissingParameter") },
      { name: "both InstanceId and EniIp", input: t3({ InstanceId: "ins-3" }), expected: api("Targets[3]", "crossField", "InvalidParameterValue") },
      { name: "request is a list", input: [base], expected: api("", "type", "InvalidParameter") },
    ],
    [
      // int64 tops out at 2^63 - 1; a bigint beyond it cannot be sent as an int64.
      { name: "int64 above 2^63-1 as bigint (Port 2^63)", input: t3({ Port: INT64_MAX + 1n }), expected: api("Targets[3].Port", "range", "InvalidParameterValue") },
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// CLB DescribeTargets (clb-2018-03-17.api.json / examples.json)
// ---------------------------------------------------------------------------------------------

describe("clb DescribeTargets", () => {
  const base = { LoadBalancerId: "lb-12345678", Filters: [{ Name: "location-id", Values: ["loc-12345678"] }] };
  const listenerIds = (count: number) => Array.from({ length: count }, (_, i) => `lbl-${String(i).padStart(8, "0")}`);
  const filter0 = (patch: unknown) => edit(base, { Filters: editItem(base.Filters, 0, patch) });

  table(
    validateDescribeTargetsRequest,
    [
      { name: "examples.json: filter by location-id", input: base },
      { name: "examples.json: all real servers", input: { LoadBalancerId: "lb-10iq9lou" } },
      { name: "20 listener ids", input: { LoadBalancerId: "lb-10iq9lou", ListenerIds: listenerIds(20) } },
      { name: "empty lists", input: { LoadBalancerId: "lb-10iq9lou", ListenerIds: [], Filters: [] } },
      { name: "Protocol and Port", input: { LoadBalancerId: "lb-10iq9lou", Protocol: "HTTP", Port: 80 } },
      {
        name: "every documented filter",
        input: edit(base, {
          Filters: [
            { Name: "location-id", Values: ["loc-12345678"] },
            { Name: "private-ip-address", Values: ["172.16.1.1"] },
            { Name: "tag", Values: ["tag-test"] },
          ],
        }),
      },
      { name: "int64 beyond 2^53 as bigint", input: { LoadBalancerId: "lb-10iq9lou", Port: 2n ** 53n + 1n } },
      { name: "LoadBalancerId without the lb- prefix (no prefix is documented)", input: { LoadBalancerId: "10iq9lou" } },
    ],
    [
      { name: "LoadBalancerId missing", input: edit(base, { LoadBalancerId: undefined }), expected: api("LoadBalancerId", "required", "MissingParameter") },
      { name: "LoadBalancerId number", input: edit(base, { LoadBalancerId: 10 }), expected: api("LoadBalancerId", "type", "InvalidParameter") },
      { name: "unknown top-level parameter", input: edit(base, { Foo: 1 }), expected: api("Foo", "unknown", "UnknownParameter") },
      { name: "21 listener ids", input: edit(base, { ListenerIds: listenerIds(21) }), expected: api("ListenerIds", "maxItems", "InvalidParameterValue.Length") },
      { name: "ListenerIds string instead of list", input: edit(base, { ListenerIds: "lbl-4fo6k8na" }), expected: api("ListenerIds", "type", "InvalidParameter") },
      { name: "ListenerIds item number", input: edit(base, { ListenerIds: ["lbl-4fo6k8na", 7] }), expected: api("ListenerIds[1]", "type", "InvalidParameter") },
      { name: "Protocol boolean", input: edit(base, { Protocol: true }), expected: api("Protocol", "type", "InvalidParameter") },
      { name: "Port numeric string", input: edit(base, { Port: "80" }), expected: api("Port", "type", "InvalidParameter") },
      { name: "Port float", input: edit(base, { Port: 80.5 }), expected: api("Port", "type", "InvalidParameter") },
      { name: "int64 as an unsafe number (Port 2^53)", input: edit(base, { Port: UNSAFE }), expected: api("Port", "type", "InvalidParameter") },
      { name: "Filters object instead of list", input: edit(base, { Filters: { Name: "tag", Values: ["x"] } }), expected: api("Filters", "type", "InvalidParameter") },
      { name: "Filters item is a string", input: filter0("location-id"), expected: api("Filters[0]", "type", "InvalidParameter") },
      { name: "Filters[0].Name missing", input: filter0({ Name: undefined }), expected: api("Filters[0].Name", "required", "MissingParameter") },
      { name: "Filters[0].Values missing", input: filter0({ Values: undefined }), expected: api("Filters[0].Values", "required", "MissingParameter") },
      { name: "Filters[0].Values string instead of list", input: filter0({ Values: "loc-12345678" }), expected: api("Filters[0].Values", "type", "InvalidParameter") },
      { name: "Filters[0].Values item number", input: filter0({ Values: [1] }), expected: api("Filters[0].Values[0]", "type", "InvalidParameter") },
      { name: "unknown parameter inside a filter", input: filter0({ Foo: "x" }), expected: api("Filters[0].Foo", "unknown", "UnknownParameter") },
    ],
    [
      { name: "int64 above 2^63-1 as bigint (Port 2^63)", input: edit(base, { Port: INT64_MAX + 1n }), expected: api("Port", "range", "InvalidParameterValue") },
      { name: "int64 below -2^63 as bigint (Port -2^63-1)", input: edit(base, { Port: -INT64_MAX - 2n }), expected: api("Port", "range", "InvalidParameterValue") },
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// BMLB (legacy v2) DescribeBmL4ListenerBackends (seed 002)
// ---------------------------------------------------------------------------------------------

describe("bmlb DescribeBmL4ListenerBackends", () => {
  const seed = { loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" };
  const base = edit(seed, {
    backends: [
      { port: 1234, instanceId: "cpm-abcdefgh" },
      { port: 80, instanceId: "cpm-12345678" },
    ],
  });
  const backends = base["backends"] as object[];
  const b1 = (patch: unknown) => edit(base, { backends: editItem(backends, 1, patch) });

  table(
    validateDescribeBmL4ListenerBackendsRequest,
    [
      { name: "seed page real case", input: seed },
      { name: "two backends", input: base },
      { name: "backends empty", input: edit(seed, { backends: [] }) },
      { name: "port 1", input: b1({ port: 1 }) },
      { name: "port 65535", input: b1({ port: 65535 }) },
    ],
    [
      { name: "loadBalancerId missing", input: edit(base, { loadBalancerId: undefined }), expected: legacy("loadBalancerId", "required") },
      { name: "listenerId missing", input: edit(base, { listenerId: undefined }), expected: legacy("listenerId", "required") },
      { name: "unknown top-level parameter", input: edit(base, { Foo: 1 }), expected: legacy("Foo", "unknown") },
      { name: "unknown parameter (API 3.0 spelling)", input: edit(base, { LoadBalancerId: "lb-abcdefgh" }), expected: legacy("LoadBalancerId", "unknown") },
      { name: "unknown parameter inside a list item", input: b1({ weight: 10 }), expected: legacy("backends[1].weight", "unknown") },
      { name: "loadBalancerId number", input: edit(base, { loadBalancerId: 123 }), expected: legacy("loadBalancerId", "type") },
      { name: "listenerId boolean", input: edit(base, { listenerId: true }), expected: legacy("listenerId", "type") },
      { name: "backends object instead of list", input: edit(base, { backends: { port: 80, instanceId: "cpm-abcdefgh" } }), expected: legacy("backends", "type") },
      { name: "list item is a string", input: b1("cpm-12345678"), expected: legacy("backends[1]", "type") },
      { name: "port below range (0)", input: b1({ port: 0 }), expected: legacy("backends[1].port", "range") },
      { name: "port above range (65536)", input: b1({ port: 65536 }), expected: legacy("backends[1].port", "range") },
      { name: "port numeric string", input: b1({ port: "80" }), expected: legacy("backends[1].port", "type") },
      { name: "port float", input: b1({ port: 80.5 }), expected: legacy("backends[1].port", "type") },
      { name: "port missing", input: b1({ port: undefined }), expected: legacy("backends[1].port", "required") },
      { name: "instanceId missing", input: b1({ instanceId: undefined }), expected: legacy("backends[1].instanceId", "required") },
      { name: "instanceId number", input: b1({ instanceId: 5 }), expected: legacy("backends[1].instanceId", "type") },
      { name: "request is not an object", input: 42, expected: legacy("", "type") },
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// BMLB (legacy v2) ModifyBmListener (seed 004)
// ---------------------------------------------------------------------------------------------

describe("bmlb ModifyBmListener", () => {
  const seed = {
    loadBalancerId: "lb-abcdefgh",
    listenerId: "lbl-abcdefgh",
    listenerName: "tcp-listener",
    healthSwitch: 1,
    timeOut: 6,
    intervalTime: 10,
    healthNum: 8,
    unhealthNum: 8,
    sessionExpire: 1000,
    bandwidth: 5,
    customHealthSwitch: 1,
    inputType: "text",
    lineSeparatorType: 3,
    healthRequest: "GET / HTTP/1.1\\r\\nHost:a.com\\r\\n\\r\\n",
    healthResponse: "HTTP/1.1 200 OK",
    toaFlag: 1,
  };
  const minimal = { loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" };
  const seedWith = (patch: Record<string, unknown>) => edit(seed, patch);
  const minimalWith = (patch: Record<string, unknown>) => edit(minimal, patch);

  table(
    validateModifyBmListenerRequest,
    [
      { name: "seed page real case", input: seed },
      { name: "only the required parameters", input: minimal },
      { name: "timeOut 2 with intervalTime 60", input: seedWith({ timeOut: 2, intervalTime: 60 }) },
      { name: "timeOut 59 with intervalTime 60", input: seedWith({ timeOut: 59, intervalTime: 60 }) },
      { name: "timeOut 60 with intervalTime 300", input: seedWith({ timeOut: 60, intervalTime: 300 }) },
      { name: "timeOut 2 with intervalTime 5", input: seedWith({ timeOut: 2, intervalTime: 5 }) },
      { name: "timeOut alone", input: minimalWith({ timeOut: 60 }) },
      // ModifyBmListener is an update action: an absent parameter keeps its current value, so rules
      // compare only parameters that are present (no default stands in for the absent one).
      { name: "timeOut 10 alone (intervalTime unchanged, not its default 5)", input: minimalWith({ timeOut: 10 }) },
      { name: "customHealthSwitch 1 alone (healthSwitch unchanged, not its default 0)", input: minimalWith({ customHealthSwitch: 1 }) },
      { name: "customHealthSwitch on with healthSwitch absent", input: seedWith({ healthSwitch: undefined }) },
      { name: "intervalTime alone", input: minimalWith({ intervalTime: 5 }) },
      { name: "sessionExpire 900", input: seedWith({ sessionExpire: 900 }) },
      { name: "sessionExpire 3600", input: seedWith({ sessionExpire: 3600 }) },
      { name: "bandwidth 0", input: seedWith({ bandwidth: 0 }) },
      { name: "bandwidth 1000", input: seedWith({ bandwidth: 1000 }) },
      { name: "healthNum and unhealthNum 2", input: seedWith({ healthNum: 2, unhealthNum: 2 }) },
      { name: "healthNum and unhealthNum 10", input: seedWith({ healthNum: 10, unhealthNum: 10 }) },
      { name: "health checks off", input: minimalWith({ healthSwitch: 0 }) },
      { name: "lineSeparatorType 1 with inputType text", input: seedWith({ lineSeparatorType: 1 }) },
      { name: "lineSeparatorType 2 with inputType text", input: seedWith({ lineSeparatorType: 2 }) },
      { name: "inputType hexadecimal without lineSeparatorType", input: seedWith({ inputType: "hexadecimal", lineSeparatorType: undefined }) },
      { name: "toaFlag 0", input: seedWith({ toaFlag: 0 }) },
      { name: "empty listenerName", input: seedWith({ listenerName: "" }) },
    ],
    [
      { name: "loadBalancerId missing", input: seedWith({ loadBalancerId: undefined }), expected: legacy("loadBalancerId", "required") },
      { name: "listenerId missing", input: seedWith({ listenerId: undefined }), expected: legacy("listenerId", "required") },
      { name: "unknown top-level parameter", input: seedWith({ Foo: 1 }), expected: legacy("Foo", "unknown") },
      { name: "unknown parameter (wrong case: timeout)", input: minimalWith({ timeout: 6 }), expected: legacy("timeout", "unknown") },
      { name: "loadBalancerId list", input: seedWith({ loadBalancerId: ["lb-abcdefgh"] }), expected: legacy("loadBalancerId", "type") },
      { name: "listenerName number", input: seedWith({ listenerName: 123 }), expected: legacy("listenerName", "type") },
      { name: "sessionExpire below range (899)", input: seedWith({ sessionExpire: 899 }), expected: legacy("sessionExpire", "range") },
      { name: "sessionExpire above range (3601)", input: seedWith({ sessionExpire: 3601 }), expected: legacy("sessionExpire", "range") },
      { name: "sessionExpire float", input: seedWith({ sessionExpire: 1000.5 }), expected: legacy("sessionExpire", "type") },
      { name: "timeOut below range (1)", input: seedWith({ timeOut: 1 }), expected: legacy("timeOut", "range") },
      { name: "timeOut above range (61)", input: seedWith({ timeOut: 61, intervalTime: 300 }), expected: legacy("timeOut", "range") },
      { name: "timeOut numeric string", input: seedWith({ timeOut: "6" }), expected: legacy("timeOut", "type") },
      { name: "intervalTime below range (4)", input: seedWith({ timeOut: 2, intervalTime: 4 }), expected: legacy("intervalTime", "range") },
      { name: "intervalTime above range (301)", input: seedWith({ intervalTime: 301 }), expected: legacy("intervalTime", "range") },
      { name: "healthNum below range (1)", input: seedWith({ healthNum: 1 }), expected: legacy("healthNum", "range") },
      { name: "healthNum above range (11)", input: seedWith({ healthNum: 11 }), expected: legacy("healthNum", "range") },
      { name: "unhealthNum below range (1)", input: seedWith({ unhealthNum: 1 }), expected: legacy("unhealthNum", "range") },
      { name: "unhealthNum above range (11)", input: seedWith({ unhealthNum: 11 }), expected: legacy("unhealthNum", "range") },
      { name: "bandwidth below range (-1)", input: seedWith({ bandwidth: -1 }), expected: legacy("bandwidth", "range") },
      { name: "bandwidth above range (1001)", input: seedWith({ bandwidth: 1001 }), expected: legacy("bandwidth", "range") },
      { name: "bandwidth numeric string", input: seedWith({ bandwidth: "5" }), expected: legacy("bandwidth", "type") },
      { name: "healthSwitch not in enum (2)", input: seedWith({ healthSwitch: 2, customHealthSwitch: undefined }), expected: legacy("healthSwitch", "enum") },
      { name: "healthSwitch boolean", input: minimalWith({ healthSwitch: true }), expected: legacy("healthSwitch", "type") },
      { name: "customHealthSwitch not in enum (2)", input: seedWith({ customHealthSwitch: 2 }), expected: legacy("customHealthSwitch", "enum") },
      { name: "inputType not in enum", input: seedWith({ inputType: "binary", lineSeparatorType: undefined }), expected: legacy("inputType", "enum") },
      { name: "inputType boolean", input: minimalWith({ inputType: true }), expected: legacy("inputType", "type") },
      { name: "lineSeparatorType not in enum (4)", input: seedWith({ lineSeparatorType: 4 }), expected: legacy("lineSeparatorType", "enum") },
      { name: "lineSeparatorType not in enum (0)", input: seedWith({ lineSeparatorType: 0 }), expected: legacy("lineSeparatorType", "enum") },
      { name: "toaFlag not in enum (2)", input: seedWith({ toaFlag: 2 }), expected: legacy("toaFlag", "enum") },
      { name: "toaFlag boolean", input: seedWith({ toaFlag: true }), expected: legacy("toaFlag", "type") },
      { name: "healthRequest number", input: seedWith({ healthRequest: 1 }), expected: legacy("healthRequest", "type") },
      { name: "timeOut equal to intervalTime (10, 10)", input: seedWith({ timeOut: 10, intervalTime: 10 }), expected: legacy("timeOut", "crossField") },
      { name: "timeOut equal to intervalTime (60, 60)", input: seedWith({ timeOut: 60, intervalTime: 60 }), expected: legacy("timeOut", "crossField") },
      { name: "timeOut greater than intervalTime (20, 10)", input: seedWith({ timeOut: 20 }), expected: legacy("timeOut", "crossField") },
      { name: "timeOut greater than intervalTime (6, 5)", input: seedWith({ intervalTime: 5 }), expected: legacy("timeOut", "crossField") },
      { name: "customHealthSwitch on with healthSwitch 0", input: seedWith({ healthSwitch: 0 }), expected: legacy("customHealthSwitch", "crossField", "warning") },
      { name: "lineSeparatorType with inputType hexadecimal", input: seedWith({ inputType: "hexadecimal" }), expected: legacy("lineSeparatorType", "crossField", "warning") },
      { name: "request is not an object", input: undefined, expected: legacy("", "type") },
    ],
  );
});

// ---------------------------------------------------------------------------------------------
// BMLB (legacy v2) DescribeBmLoadBalancersTaskResult (poller of ModifyBmListener)
// ---------------------------------------------------------------------------------------------

describe("bmlb DescribeBmLoadBalancersTaskResult", () => {
  const base = { requestId: 12345 };
  table(
    validateDescribeBmLoadBalancersTaskResultRequest,
    [
      { name: "documentation example", input: base },
      { name: "the task id ModifyBmListener's example returns", input: { requestId: 1234 } },
      { name: "largest safe integer", input: { requestId: Number.MAX_SAFE_INTEGER } },
    ],
    [
      { name: "requestId missing", input: {}, expected: legacyCommon("requestId", "required") },
      { name: "unknown top-level parameter", input: edit(base, { taskId: 12345 }), expected: legacyCommon("taskId", "unknown") },
      { name: "requestId numeric string", input: { requestId: "12345" }, expected: legacyCommon("requestId", "type") },
      { name: "requestId float", input: { requestId: 1.5 }, expected: legacyCommon("requestId", "type") },
      { name: "requestId unsafe number (2^53)", input: { requestId: UNSAFE }, expected: legacyCommon("requestId", "type") },
      { name: "requestId boolean", input: { requestId: true }, expected: legacyCommon("requestId", "type") },
      { name: "requestId list", input: { requestId: [12345] }, expected: legacyCommon("requestId", "type") },
      { name: "request is a list", input: [base], expected: legacyCommon("", "type") },
    ],
  );
});
