import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bmlb, clb, gaap, TaskError, TencentCloudError, ValidationError } from "../generated/src/index.js";
import { fakeClock, SECRET_ID, SECRET_KEY, SigningServer } from "./support/signing-server.js";

/** Retries, timeouts, abort, rate limiting, validation modes, hooks and the task waiter. */
const server = new SigningServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.received.length = 0;
});

const credentials = { secretId: SECRET_ID, secretKey: SECRET_KEY };
const endpoint = () => ({ protocol: "http" as const, host: "127.0.0.1", port: server.port });
const ok = (fields: object = {}) => ({ body: JSON.stringify({ Response: { ...fields, RequestId: "r" } }) });
const tcError = (code: string) => ({ body: JSON.stringify({ Response: { Error: { Code: code, Message: code }, RequestId: "r" } }) });
const listener = { ListenerId: "listener-1" };

function gaapClient(options: Record<string, unknown> = {}) {
  return new gaap.GaapClient({ credentials, endpoint: endpoint(), ...options });
}

describe("retries", () => {
  it("retries RequestLimitExceeded with exponential backoff and full jitter, then succeeds", async () => {
    const answers = [tcError("RequestLimitExceeded"), tcError("RequestLimitExceeded.UinLimitExceeded"), ok({ TotalCount: 0 })];
    server.responder = () => answers.shift()!;
    const clock = fakeClock();
    const onRetry = vi.fn();
    const result = await gaapClient({ clock, random: () => 0.5, hooks: { onRetry }, retry: { maxAttempts: 3, baseDelayMs: 100 } }).describeListenerRealServers(listener);
    expect(result).toEqual({ TotalCount: 0, RequestId: "r" });
    expect(server.received).toHaveLength(3);
    expect(clock.sleeps).toEqual([50, 100]);
    expect(onRetry.mock.calls.map(([info]) => [info.attempt, info.error.code])).toEqual([
      [1, "RequestLimitExceeded"],
      [2, "RequestLimitExceeded.UinLimitExceeded"],
    ]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    server.responder = () => tcError("InternalError");
    const error = await gaapClient({ clock: fakeClock(), retry: { maxAttempts: 2 } }).describeListenerRealServers(listener).catch((e) => e);
    expect(error).toMatchObject({ kind: "service", code: "InternalError" });
    expect(server.received).toHaveLength(2);
  });

  it("does not retry errors the caller must fix", async () => {
    server.responder = () => tcError("InvalidParameterValue");
    await expect(gaapClient({ clock: fakeClock() }).describeListenerRealServers(listener)).rejects.toMatchObject({ code: "InvalidParameterValue" });
    expect(server.received).toHaveLength(1);
  });

  it("retries legacy 4400 (quota) but not 4000", async () => {
    const answers = [{ body: '{"code":4400,"message":"too fast","codeDesc":"QuotaExceeded"}' }, { body: '{"code":0,"message":"","codeDesc":"Success","data":[]}' }];
    server.responder = () => answers.shift()!;
    const client = new bmlb.BmlbClient({ credentials, endpoint: endpoint(), region: "bj", clock: fakeClock() });
    await expect(client.describeBmL4ListenerBackends({ loadBalancerId: "lb-1", listenerId: "lbl-1" })).resolves.toEqual({ data: [] });
    expect(server.received).toHaveLength(2);
  });

  it("retries network failures and reports them as kind network", async () => {
    const clock = fakeClock();
    const client = new gaap.GaapClient({ credentials, endpoint: { protocol: "http", host: "127.0.0.1", port: 1 }, clock, retry: { maxAttempts: 3 } });
    const error = await client.describeListenerRealServers(listener).catch((e) => e);
    expect(error).toBeInstanceOf(TencentCloudError);
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect(clock.sleeps).toHaveLength(2);
  });

  it("retries a 503 from a gateway, reported as kind http", async () => {
    const answers = [{ status: 503, body: "busy" }, ok()];
    server.responder = () => answers.shift()!;
    await gaapClient({ clock: fakeClock() }).describeListenerRealServers(listener);
    expect(server.received).toHaveLength(2);
  });
});

describe("timeouts and abort", () => {
  it("times out (kind timeout) and does not retry: a write may have been applied", async () => {
    server.responder = () => ({ ...ok(), delayMs: 2000 });
    const error = await gaapClient({ timeoutMs: 50 }).describeListenerRealServers(listener).catch((e) => e);
    expect(error).toMatchObject({ kind: "timeout", retryable: false });
    expect(server.received).toHaveLength(1);
  });

  it("aborts with the caller's signal (kind aborted)", async () => {
    server.responder = () => ({ ...ok(), delayMs: 2000 });
    const controller = new AbortController();
    const pending = gaapClient().describeListenerRealServers(listener, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ kind: "aborted" });
  });

  it("does not send at all when the signal already fired", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(gaapClient().describeListenerRealServers(listener, { signal: controller.signal })).rejects.toMatchObject({ kind: "aborted" });
    expect(server.received).toHaveLength(0);
  });
});

describe("rate limiting", () => {
  it("holds calls to the spec'd 20 per second", async () => {
    server.responder = () => ok();
    const clock = fakeClock();
    const client = gaapClient({ clock });
    for (let i = 0; i < 25; i++) await client.describeListenerRealServers(listener);
    expect(server.received).toHaveLength(25);
    // 20 in the first burst, then one every 50 ms.
    expect(clock.sleeps).toEqual([50, 50, 50, 50, 50]);
  });

  it("does not throttle an action whose limit no page documents, unless the user sets one", async () => {
    server.responder = () => ({ body: JSON.stringify({ code: 0, message: "", codeDesc: "Success", data: [] }) });
    const request = { loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" };
    const unset = fakeClock();
    const free = new bmlb.BmlbClient({ credentials, endpoint: endpoint(), region: "bj", clock: unset });
    for (let i = 0; i < 30; i++) await free.describeBmL4ListenerBackends(request);
    expect(unset.sleeps).toEqual([]);
    const set = fakeClock();
    const limited = new bmlb.BmlbClient({ credentials, endpoint: endpoint(), region: "bj", clock: set, rateLimits: { DescribeBmL4ListenerBackends: 10 } });
    for (let i = 0; i < 12; i++) await limited.describeBmL4ListenerBackends(request);
    expect(set.sleeps).toEqual([100, 100]);
  });

  it("keeps separate budgets per action and can be switched off", async () => {
    server.responder = () => ok();
    const clock = fakeClock();
    const client = gaapClient({ clock, rateLimit: false });
    for (let i = 0; i < 30; i++) await client.describeListenerRealServers(listener);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("validation modes", () => {
  const bad = { LoadBalancerId: "lb-1", Targets: [{ ListenerId: "lbl-1", Port: 80, InstanceId: "ins-1", Weight: 101 }] };
  const clbClient = (options: Record<string, unknown>) => new clb.ClbClient({ credentials, endpoint: endpoint(), region: "ap-guangzhou", ...options });

  it("strict (the default) throws before anything is sent", async () => {
    const error = await clbClient({}).batchRegisterTargets(bad).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.failures).toMatchObject([{ path: "Targets[0].Weight", rule: "range", code: "InvalidParameterValue" }]);
    expect(server.received).toHaveLength(0);
  });

  it("warn reports through the hook and sends anyway; per call overrides the client", async () => {
    server.responder = () => ok({ FailListenerIdSet: [], Message: "" });
    const onValidation = vi.fn();
    await clbClient({ hooks: { onValidation } }).batchRegisterTargets(bad, { validation: "warn" });
    expect(onValidation).toHaveBeenCalledWith("BatchRegisterTargets", [expect.objectContaining({ path: "Targets[0].Weight" })]);
    expect(server.received).toHaveLength(1);
  });

  it("off sends without validating", async () => {
    server.responder = () => ok({ FailListenerIdSet: [], Message: "" });
    await clbClient({ validation: "off" }).batchRegisterTargets(bad);
    expect(server.received).toHaveLength(1);
  });
});

describe("secrets", () => {
  it("never appear in hooks, errors or their JSON", async () => {
    const seen: unknown[] = [];
    const hooks = { onRequest: (i: unknown) => seen.push(i), onResponse: (i: unknown) => seen.push(i), onRetry: (i: unknown) => seen.push(i) };
    server.responder = () => tcError("InternalError");
    const client = gaapClient({ hooks, clock: fakeClock(), credentials: { ...credentials, token: "session-token-secret" } });
    const errors = [await client.describeListenerRealServers(listener).catch((e) => e)];
    const v1 = gaapClient({ hooks, clock: fakeClock(), signatureMethod: "HmacSHA256", httpMethod: "GET" });
    errors.push(await v1.describeListenerRealServers(listener).catch((e) => e));
    const dump = JSON.stringify([seen, errors, errors.map((e) => [e.message, e.stack, String(e.cause)])]);
    expect(seen.length).toBeGreaterThan(4);
    expect(dump).not.toContain(SECRET_KEY);
    expect(dump).not.toContain("session-token-secret");
    expect(dump).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(dump).toContain("Signature=***");
  });
});

describe("task waiter", () => {
  const clientWith = (statuses: number[], clock = fakeClock()) => {
    server.responder = (request) => {
      const action = new URLSearchParams(request.url.split("?")[1]).get("Action");
      if (action === "ModifyBmListener") return { body: '{"code":0,"message":"","codeDesc":"Success","requestId":1234}' };
      return { body: JSON.stringify({ code: 0, message: "", codeDesc: "Success", data: { status: statuses.shift() } }) };
    };
    return { client: new bmlb.BmlbClient({ credentials, endpoint: endpoint(), region: "bj", clock }), clock };
  };

  it("polls DescribeBmLoadBalancersTaskResult until the task succeeds", async () => {
    const { client, clock } = clientWith([2, 2, 0]);
    const { requestId } = await client.modifyBmListener({ loadBalancerId: "lb-1", listenerId: "lbl-1", healthSwitch: 1, timeOut: 2, intervalTime: 5 });
    expect(requestId).toBe(1234);
    const final = await client.waitForModifyBmListener(requestId, { intervalMs: 500 });
    expect(final).toEqual({ data: { status: 0 } });
    const polls = server.received.filter((r) => r.url.includes("DescribeBmLoadBalancersTaskResult"));
    expect(polls).toHaveLength(3);
    expect(polls.every((p) => p.url.includes("requestId=1234"))).toBe(true);
    expect(clock.sleeps.filter((s) => s === 500)).toHaveLength(2);
  });

  it("throws TaskError when the task fails or runs out of time", async () => {
    const failing = clientWith([2, 1]).client;
    await expect(failing.waitForModifyBmListener(1234, { intervalMs: 10 })).rejects.toMatchObject({ name: "TaskError", reason: "failed", lastStatus: 1 });
    const slow = clientWith(Array(100).fill(2)).client;
    const error = await slow.waitForModifyBmListener(1234, { intervalMs: 1000, timeoutMs: 3000 }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ reason: "timeout", taskId: 1234 });
  });
});
