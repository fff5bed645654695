import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as pkg from "../generated/src/index.js";
import { toJson } from "../generated/src/runtime/json.js";
import { queryParams } from "../generated/src/runtime/verify.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { SECRET_ID, SECRET_KEY, SigningServer } from "./support/signing-server.js";
import { REPO } from "./support/run.js";

/**
 * Every action's generated client against a local server that recomputes the signature and
 * checks method, path, headers and body, for success and error envelopes of both protocols.
 */
const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
const server = new SigningServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.received.length = 0;
});

type AnyClient = Record<string, (request: unknown, options?: unknown) => Promise<unknown>>;

function clientFor(product: string, options: Record<string, unknown> = {}): AnyClient {
  const namespace = (pkg as unknown as Record<string, Record<string, new (o: unknown) => unknown>>)[product]!;
  const Class = namespace[`${product.charAt(0).toUpperCase()}${product.slice(1)}Client`]!;
  return new Class({
    credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    endpoint: { protocol: "http", host: "127.0.0.1", port: server.port },
    region: "ap-guangzhou",
    retry: false,
    ...options,
  }) as AnyClient;
}

const cases = compiled.ir.services.flatMap((service) =>
  service.actions.map((action) => ({
    label: `${service.product} ${action.name}`,
    service,
    action,
    fn: action.name.charAt(0).toLowerCase() + action.name.slice(1),
    example: action.examples[0]!,
  })),
);

describe.each(cases)("$label", ({ service, action, fn, example }) => {
  const legacy = service.protocol === "legacy-v2";

  it("sends a correctly signed request and resolves with the response fields", async () => {
    server.responder = () => ({ body: legacy ? JSON.stringify({ code: 0, message: "", codeDesc: "Success", ...example.response }) : JSON.stringify({ Response: example.response }) });
    const result = await clientFor(service.product)[fn]!(example.request);
    expect(result).toEqual(example.response);
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received!.verification).toMatchObject({ ok: true, secretId: SECRET_ID });
    if (legacy) {
      expect(received!.method).toBe("GET");
      expect(received!.url.startsWith("/v2/index.php?")).toBe(true);
      const params = queryParams(received!.url.split("?")[1]!);
      expect(params).toMatchObject({ Action: action.name, Region: "ap-guangzhou", SecretId: SECRET_ID, SignatureMethod: "HmacSHA1" });
      expect(Number(params.Nonce)).toBeGreaterThan(0);
      expect(params.Version).toBeUndefined();
      for (const [key, value] of Object.entries(example.request)) if (typeof value !== "object") expect(params[key]).toBe(String(value));
    } else {
      expect(received!.verification).toMatchObject({ scheme: "tc3", service: service.product });
      expect(received!.method).toBe("POST");
      expect(received!.url).toBe("/");
      expect(received!.headers).toMatchObject({
        "content-type": "application/json",
        "x-tc-action": action.name,
        "x-tc-version": service.version,
        "x-tc-region": "ap-guangzhou",
      });
      expect(received!.text).toBe(toJson(example.request));
    }
  });

  it("throws the error envelope as a TencentCloudError", async () => {
    // An action whose page lists no codes of its own answers with the protocol's common ones.
    const own = action.errors.find((e) => e.origin === "action") ?? action.errors.find((e) => e.code === "InvalidParameter")!;
    const moduleCode = own.origin === "action";
    server.responder = () => ({
      body: legacy
        ? JSON.stringify(moduleCode ? { code: 4000, message: `(${own.number})${own.description.zh ?? own.code}`, codeDesc: own.code } : { code: own.number, message: "common failure", codeDesc: own.code })
        : JSON.stringify({ Response: { Error: { Code: own.code, Message: "spec'd failure" }, RequestId: "req-err" } }),
    });
    const error = await clientFor(service.product)[fn]!(example.request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pkg.TencentCloudError);
    expect(error).toMatchObject(
      legacy
        ? { kind: "service", action: action.name, code: own.code, legacyCode: moduleCode ? 4000 : own.number, ...(moduleCode ? { moduleCode: own.number } : {}), httpStatus: 200 }
        : { kind: "service", action: action.name, code: own.code, message: "spec'd failure", requestId: "req-err", httpStatus: 200 },
    );
  });
});

describe("wire options", () => {
  const bind = { ListenerId: "listener-abc", RealServerBindSet: [{ RealServerId: "rs-1", RealServerPort: 80, RealServerIP: "10.0.0.1", RealServerWeight: 10 }] };
  const ok = () => ({ body: '{"Response":{"RequestId":"r"}}' });

  it("API 3.0 GET puts flattened parameters in the query", async () => {
    server.responder = ok;
    await clientFor("gaap", { httpMethod: "GET", region: undefined }).bindListenerRealServers!(bind);
    const [received] = server.received;
    expect(received!.verification.ok).toBe(true);
    expect(received!.method).toBe("GET");
    expect(received!.url).toBe("/?ListenerId=listener-abc&RealServerBindSet.0.RealServerId=rs-1&RealServerBindSet.0.RealServerPort=80&RealServerBindSet.0.RealServerIP=10.0.0.1&RealServerBindSet.0.RealServerWeight=10");
    expect(received!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(received!.headers["x-tc-region"]).toBeUndefined();
  });

  it.each(["HmacSHA1", "HmacSHA256"] as const)("API 3.0 signature v1 (%s) sends a signed form", async (signatureMethod) => {
    server.responder = ok;
    await clientFor("gaap", { signatureMethod }).bindListenerRealServers!(bind);
    const [received] = server.received;
    expect(received!.verification).toMatchObject({ ok: true, scheme: "v1" });
    expect(received!.method).toBe("POST");
    expect(queryParams(received!.text)).toMatchObject({ Action: "BindListenerRealServers", Version: "2018-05-29", "RealServerBindSet.0.RealServerId": "rs-1", SignatureMethod: signatureMethod });
  });

  it("legacy v2 with HmacSHA256 over POST flattens backends.N.port", async () => {
    server.responder = () => ({ body: '{"code":0,"message":"","codeDesc":"Success","data":[]}' });
    const client = clientFor("bmlb", { legacySignatureMethod: "HmacSHA256", httpMethod: "POST" });
    const result = await client.describeBmL4ListenerBackends!({ loadBalancerId: "lb-1", listenerId: "lbl-1", backends: [{ port: 80, instanceId: "cpm-1" }] });
    expect(result).toEqual({ data: [] });
    const [received] = server.received;
    expect(received!.verification).toMatchObject({ ok: true, scheme: "v1" });
    expect(received!.url).toBe("/v2/index.php");
    expect(queryParams(received!.text)).toMatchObject({ "backends.0.port": "80", "backends.0.instanceId": "cpm-1", SignatureMethod: "HmacSHA256" });
  });

  it("sends the session token and language", async () => {
    server.responder = ok;
    const client = clientFor("gaap", { credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY, token: "tok-1" }, language: "en-US" });
    await client.describeListenerRealServers!({ ListenerId: "listener-1" });
    expect(server.received[0]!.headers).toMatchObject({ "x-tc-token": "tok-1", "x-tc-language": "en-US" });
    expect(server.received[0]!.verification.ok).toBe(true);
  });

  it("reads credentials from the environment", async () => {
    server.responder = ok;
    const saved = { ...process.env };
    process.env.TENCENTCLOUD_SECRET_ID = SECRET_ID;
    process.env.TENCENTCLOUD_SECRET_KEY = SECRET_KEY;
    process.env.TENCENTCLOUD_SESSION_TOKEN = "env-token";
    try {
      await clientFor("gaap", { credentials: undefined }).describeListenerRealServers!({ ListenerId: "listener-1" });
    } finally {
      process.env = saved;
    }
    expect(server.received[0]!.verification).toMatchObject({ ok: true, secretId: SECRET_ID });
    expect(server.received[0]!.headers["x-tc-token"]).toBe("env-token");
  });

  it("a wrong key fails the server's check", async () => {
    server.responder = ok;
    await clientFor("gaap", { credentials: { secretId: SECRET_ID, secretKey: "wrong" } }).describeListenerRealServers!({ ListenerId: "listener-1" });
    expect(server.received[0]!.verification).toMatchObject({ ok: false, reason: "mismatch" });
  });

  it("sends an action Tencent documents on another host there: the BMLB task poller goes to lb.api.qcloud.com", async () => {
    const seen: string[] = [];
    const client = new pkg.bmlb.BmlbClient({
      credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      region: "bj",
      retry: false,
      fetch: (async (url: string) => {
        seen.push(new URL(url).host);
        return new Response(seen.length === 1 ? '{"code":0,"message":"","codeDesc":"Success","requestId":1234}' : '{"code":0,"message":"","codeDesc":"Success","data":{"status":0}}');
      }) as unknown as typeof fetch,
    });
    const { requestId } = await client.modifyBmListener({ loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" });
    await client.waitForModifyBmListener(requestId, { intervalMs: 0, timeoutMs: 1000 });
    expect(seen).toEqual(["bmlb.api.qcloud.com", "lb.api.qcloud.com"]);
  });

  it("uses the international host when asked, and refuses a missing region", async () => {
    const seen: string[] = [];
    const client = new pkg.clb.ClbClient({
      credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
      international: true,
      region: "ap-guangzhou",
      retry: false,
      fetch: (async (url: string) => {
        seen.push(url);
        return new Response('{"Response":{"Listeners":[],"RequestId":"r"}}');
      }) as unknown as typeof fetch,
    });
    await client.describeTargets({ LoadBalancerId: "lb-1" });
    expect(seen).toEqual(["https://clb.intl.tencentcloudapi.com/"]);
    const noRegion = new pkg.clb.ClbClient({ credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY } });
    await expect(noRegion.describeTargets({ LoadBalancerId: "lb-1" })).rejects.toThrow(/needs a region/);
  });
});
