import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { clb, gaap } from "../generated/src/index.js";
import { SECRET_ID, SECRET_KEY, SigningServer } from "./support/signing-server.js";

/**
 * The official Node SDK's requests and ours go through the same server-side signature checks:
 * both must pass, so our signing matches what the service accepts from the SDK.
 */
const server = new SigningServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.received.length = 0;
  server.responder = () => ({ body: '{"Response":{"RequestId":"req-sdk"}}' });
});

const request = { ListenerId: "listener-abc", RealServerBindSet: [{ RealServerId: "rs-1", RealServerPort: 80, RealServerIP: "10.0.0.1", RealServerWeight: 10 }] };

function sdk(reqMethod: "POST" | "GET", signMethod: "TC3-HMAC-SHA256" | "HmacSHA1" | "HmacSHA256") {
  return new CommonClient(`127.0.0.1:${server.port}`, "2018-05-29", {
    credential: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    region: "ap-guangzhou",
    profile: { signMethod, httpProfile: { endpoint: `127.0.0.1:${server.port}`, protocol: "http://", reqMethod } },
  });
}

function ours(httpMethod: "POST" | "GET", signatureMethod: "TC3-HMAC-SHA256" | "HmacSHA1" | "HmacSHA256") {
  return new gaap.GaapClient({
    credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY },
    endpoint: { protocol: "http", host: "127.0.0.1", port: server.port },
    region: "ap-guangzhou",
    httpMethod,
    signatureMethod,
  });
}

describe.each([
  ["POST", "TC3-HMAC-SHA256"],
  ["GET", "TC3-HMAC-SHA256"],
  ["POST", "HmacSHA256"],
  ["GET", "HmacSHA1"],
] as const)("%s %s", (method, signing) => {
  it("the official SDK's request and ours both pass the server's checks", async () => {
    await expect(sdk(method, signing).request("BindListenerRealServers", request)).resolves.toMatchObject({ RequestId: "req-sdk" });
    await expect(ours(method, signing).bindListenerRealServers(request)).resolves.toEqual({ RequestId: "req-sdk" });
    const [fromSdk, fromUs] = server.received;
    expect(fromSdk!.verification).toMatchObject({ ok: true, secretId: SECRET_ID });
    expect(fromUs!.verification).toMatchObject({ ok: true, secretId: SECRET_ID });
    expect(fromSdk!.method).toBe(method);
    expect(fromUs!.method).toBe(method);
    if (signing === "TC3-HMAC-SHA256") {
      // Same body bytes and query, so the same canonical request apart from the timestamp.
      expect(fromUs!.text).toBe(fromSdk!.text);
      expect(fromUs!.url).toBe(fromSdk!.url);
    }
  });

  it("the server's checks reject a tampered SDK request too", async () => {
    await sdk(method, signing).request("BindListenerRealServers", request);
    const received = server.received[0]!;
    const { verifyRequest } = await import("../generated/src/runtime/verify.js");
    const tampered = method === "POST" && signing === "TC3-HMAC-SHA256" ? { ...received, body: new TextEncoder().encode(received.text.replace("rs-1", "rs-2")) } : { ...received, url: received.url.replace("rs-1", "rs-2"), body: new TextEncoder().encode(received.text.replace("rs-1", "rs-2")) };
    expect(verifyRequest(tampered, () => SECRET_KEY)).toMatchObject({ ok: false, reason: "mismatch" });
  });
});

it("the SDK against a CLB action with int64 fields", async () => {
  server.responder = () => ({ body: '{"Response":{"FailListenerIdSet":[],"Message":"","RequestId":"req-clb"}}' });
  const body = { LoadBalancerId: "lb-1", Targets: [{ ListenerId: "lbl-1", Port: 80, InstanceId: "ins-1", Weight: 10 }] };
  const client = new clb.ClbClient({ credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY }, endpoint: { protocol: "http", host: "127.0.0.1", port: server.port }, region: "ap-guangzhou" });
  await client.batchRegisterTargets(body);
  const official = new CommonClient(`127.0.0.1:${server.port}`, "2018-03-17", { credential: { secretId: SECRET_ID, secretKey: SECRET_KEY }, region: "ap-guangzhou", profile: { httpProfile: { endpoint: `127.0.0.1:${server.port}`, protocol: "http://" } } });
  await official.request("BatchRegisterTargets", body);
  expect(server.received.map((r) => r.verification.ok)).toEqual([true, true]);
  expect(server.received[0]!.text).toBe(server.received[1]!.text);
});
