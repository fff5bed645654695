import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenParams } from "../generated/src/runtime/signing.js";
import type { Action } from "../generator/ir/types.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO } from "./support/run.js";

/**
 * Each seed page's example (../shared/seeds), transcribed verbatim from the page, held against its
 * action's spec: same method, host, Region, signature values, parameters (in the page's order)
 * and response; and the action's validators accept the request, and the response too except
 * where the spec says the published example breaks a stated rule.
 */
interface PageExample {
  product: string;
  action: string;
  method: "GET" | "POST";
  host: string;
  region?: string;
  /** Common parameters printed with real values. */
  signature?: Record<string, string>;
  /** GET: the action's parameters as printed, in order. POST: the JSON body as printed. */
  query?: [string, string][];
  body?: string;
  /** The page's output example, envelope included. */
  response: string;
  /** Where the response breaks a stated rule, as `path rule`. */
  violations?: string[];
}

const BMLB_SIGNATURE = { SecretId: "AKIDlfdHxN0ntSVt4KPH0xXWnGl21UUFNoO5", Nonce: "61431", Timestamp: "1507728683", Signature: "umZFAAWKzjXEQp4ySgrWAoWOHKI%3D" };

const PAGES: Record<string, PageExample> = {
  "000": {
    product: "gaap",
    action: "BindListenerRealServers",
    method: "GET",
    host: "gaap.tencentcloudapi.com",
    query: [
      ["ListenerId", "listener-pbsgn7ej"],
      ["RealServerBindSet.0.RealServerId", "rs-04v3s12t"],
      ["RealServerBindSet.0.RealServerIP", "119.28.69.101"],
      ["RealServerBindSet.0.RealServerPort", "80"],
      ["RealServerBindSet.0.RealServerWeight", "1"],
    ],
    response: `{ "Response": { "RequestId": "1f1e794d-a35e-41d2-8f40-fe32a2077329" } }`,
  },
  "001": {
    product: "gaap",
    action: "DescribeListenerRealServers",
    method: "POST",
    host: "gaap.intl.tencentcloudapi.com",
    body: `{ "ListenerId": "listener-pbsgn7ej" }`,
    response: `{ "Response": { "TotalCount": 1,
      "RealServerSet": [
        { "ProjectId": 1, "RealServerId": "xx", "InBanBlacklist": 0, "RealServerName": "xx", "RealServerIP": "xx" },
        { "ProjectId": 1, "RealServerId": "xx", "InBanBlacklist": 0, "RealServerName": "xx", "RealServerIP": "xx" }
      ],
      "BindRealServerTotalCount": 1,
      "RequestId": "xx",
      "BindRealServerSet": [
        { "RealServerStatus": 1, "RealServerPort": 80, "RealServerId": "xx", "RealServerFailoverRole": "xx", "DownIPList": ["1.1.1.1"], "RealServerWeight": 0, "RealServerIP": "xx" }
      ] } }`,
    violations: ["BindRealServerSet[0].RealServerFailoverRole enum"],
  },
  "002": {
    product: "bmlb",
    action: "DescribeBmL4ListenerBackends",
    method: "GET",
    host: "bmlb.api.qcloud.com",
    region: "bj",
    signature: BMLB_SIGNATURE,
    query: [
      ["loadBalancerId", "lb-abcdefgh"],
      ["listenerId", "lbl-abcdefgh"],
    ],
    response: `{ "code": 0, "message": "", "codeDesc": "Success", "data": [ {
      "bindType": 0, "lanIp": "1.1.1.1", "rsPort": 1234, "weight": 10, "status": "Dead", "instanceId": "cpm-abcdefgh", "alias": "XXX",
      "operates": ["modifyDeviceAlias", "renewDevice", "shutdownDevice", "rebootDevice", "reloadDeviceOs", "resetPasswd", "bindEip", "unbindEip", "isolateDevice", "offlineDevice", "bindLb", "unbindLb"] } ] }`,
  },
  "003": {
    product: "clb",
    action: "BatchRegisterTargets",
    method: "POST",
    host: "clb.intl.tencentcloudapi.com",
    body: `{ "Targets": [ { "InstanceId": "ins-xxx", "ListenerId": "lbl-xxxx", "Weight": 10, "Port": 80 } ], "LoadBalancerId": "lb-xxxx" }`,
    response: `{ "Response": { "FailListenerIdSet": [], "Message": "", "RequestId": "83129908-a282-4f9f-8ab-131a3025ba22" } }`,
  },
  "004": {
    product: "bmlb",
    action: "ModifyBmListener",
    method: "GET",
    host: "bmlb.api.qcloud.com",
    region: "bj",
    signature: BMLB_SIGNATURE,
    query: [
      ["loadBalancerId", "lb-abcdefgh"],
      ["listenerId", "lbl-abcdefgh"],
      ["listenerName", "tcp-listener"],
      ["healthSwitch", "1"],
      ["timeOut", "6"],
      ["intervalTime", "10"],
      ["healthNum", "8"],
      ["unhealthNum", "8"],
      ["sessionExpire", "1000"],
      ["bandwidth", "5"],
      ["customHealthSwitch", "1"],
      ["inputType", "text"],
      ["lineSeparatorType", "3"],
      ["healthRequest", "GET / HTTP/1.1\\r\\nHost:a.com\\r\\n\\r\\n"],
      ["healthResponse", "HTTP/1.1 200 OK"],
      ["toaFlag", "1"],
    ],
    response: `{ "code": 0, "message": "", "codeDesc": "Success", "requestId" : 1234 }`,
  },
};

const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
const ir = compiled.ir;

type Validate = (input: unknown) => { ok: boolean; failures: { path: string; rule: string }[] };

async function validators(product: string, action: Action): Promise<{ request: Validate; response: Validate }> {
  const module = (await import(`../generated/src/${product}/validate/${action.fileName}.ts`)) as Record<string, Validate>;
  return { request: module[action.names.validateRequest]!, response: module[action.names.validateResponse]! };
}

/** The response fields without the envelope (API 3.0 keeps RequestId: the spec lists it as a response field). */
function withoutEnvelope(product: string, published: string): unknown {
  const parsed = JSON.parse(published) as Record<string, unknown>;
  if (product === "bmlb") {
    const { code: _code, message: _message, codeDesc: _codeDesc, ...fields } = parsed;
    return fields;
  }
  return parsed.Response;
}

describe.each(Object.entries(PAGES))("seed %s", (_seed, page) => {
  const service = ir.services.find((s) => s.product === page.product)!;
  const action = service.actions.find((a) => a.name === page.action)!;
  // The page's example is the first of the action's; later ones come from elsewhere (examples.json).
  const example = action.examples[0]!;

  it("the spec keeps the page's method, host, Region and signature values", () => {
    expect(example.method).toBe(page.method);
    expect(example.host).toBe(page.host);
    expect(example.region).toBe(page.region);
    expect(example.signature === undefined ? undefined : Object.fromEntries(Object.entries(example.signature).map(([k, v]) => [k, String(v)]))).toEqual(page.signature);
  });

  it("the spec keeps the page's parameters and response, values and order", () => {
    if (page.query) expect(flattenParams(example.request)).toEqual(page.query);
    else expect(JSON.stringify(example.request)).toBe(JSON.stringify(JSON.parse(page.body!)));
    expect(JSON.stringify(example.response)).toBe(JSON.stringify(withoutEnvelope(page.product, page.response)));
  });

  it("the request validates; the response validates, or fails exactly where the spec says the page breaks a rule", async () => {
    const { request, response } = await validators(page.product, action);
    expect(request(JSON.parse(JSON.stringify(example.request)))).toEqual({ ok: true, failures: [] });
    const published = withoutEnvelope(page.product, page.response);
    expect(response(published).failures.map((f) => `${f.path} ${f.rule}`)).toEqual(page.violations ?? []);
    expect(example.violations.map((v) => v.path)).toEqual((page.violations ?? []).map((v) => `response.${v.split(" ")[0]!.replace(/\[(\d+)\]/g, ".$1")}`));
  });
});
