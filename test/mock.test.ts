import path from "node:path";
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TencentCloudError } from "../generated/src/index.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { harness, type Harness, type Mode } from "./support/mock-harness.js";
import { REPO } from "./support/run.js";

/** The generated clients against the mock, in-process and over HTTP: state, errors, tasks. */
const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
let open: Harness | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});
async function start(mode: Mode, options = {}) {
  open = await harness(mode, options);
  return open;
}

const examples = compiled.ir.services.flatMap((s) =>
  s.actions.flatMap((a) =>
    a.examples.map((e, i) => ({ label: `${s.product} ${a.name} #${i + 1}`, product: s.product as "gaap" | "clb" | "bmlb", name: a.name, file: a.fileName, request: e.request })),
  ),
);

describe.each(["in-process", "http"] as const)("%s", (mode) => {
  it.each(examples)("runs the spec example $label as written, answering what the spec defines", async ({ product, name, file, request }) => {
    const { clients } = await start(mode);
    const client = clients()[product] as unknown as Record<string, (r: unknown) => Promise<Record<string, unknown>>>;
    const response = await client[name[0]!.toLowerCase() + name.slice(1)]!(request);
    const validators = (await import(`../generated/src/${product}/validate/${file}.ts`)) as Record<string, (v: unknown) => unknown>;
    expect(validators[`validate${name}Response`]!(response)).toEqual({ ok: true, failures: [] });
    expect(Object.keys(response).length).toBeGreaterThan(0);
  });

  it("BindListenerRealServers replaces the bound set: A,B,C then C,D,E gives C,D,E", async () => {
    const { gaap } = (await start(mode)).clients();
    const bind = (ids: string[]) =>
      gaap.bindListenerRealServers({ ListenerId: "listener-pbsgn7ej", RealServerBindSet: ids.map((id, i) => ({ RealServerId: id, RealServerIP: `10.0.0.${i + 1}`, RealServerPort: 80 })) });
    await bind(["rs-a", "rs-b", "rs-c"]);
    await bind(["rs-c", "rs-d", "rs-e"]);
    const described = await gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" });
    expect(described.BindRealServerSet?.map((s) => s.RealServerId)).toEqual(["rs-c", "rs-d", "rs-e"]);
    expect(described.BindRealServerTotalCount).toBe(3);
    expect(described.BindRealServerSet?.[0]).toMatchObject({ RealServerWeight: 1, RealServerPort: 80 });
    expect(described.RealServerSet?.length).toBe(described.TotalCount);
    expect(described.TotalCount).toBeGreaterThan(0);
  });

  it("BatchRegisterTargets adds targets, reports partial failure, and DescribeTargets reads them back", async () => {
    const { clb } = (await start(mode)).clients();
    const added = await clb.batchRegisterTargets({
      LoadBalancerId: "lb-xxxx",
      Targets: [
        { ListenerId: "lbl-xxxx", Port: 80, InstanceId: "ins-1" },
        { ListenerId: "lbl-xxxx", Port: 8080, EniIp: "10.0.0.9", Weight: 50 },
        { ListenerId: "lbl-missing", Port: 80, InstanceId: "ins-2" },
      ],
    });
    expect(added.FailListenerIdSet).toEqual(["lbl-missing"]);
    expect(added.Message).toContain("lbl-missing");
    const { Listeners } = await clb.describeTargets({ LoadBalancerId: "lb-xxxx", ListenerIds: ["lbl-xxxx"] });
    expect(Listeners).toHaveLength(1);
    // The state holds what was sent (plus Weight's default 10); fields it does not know and the
    // spec lets be null come back as null, as the service answers them.
    expect(Listeners![0]!.Targets).toMatchObject([
      { InstanceId: "ins-1", Port: 80, Weight: 10, PublicIpAddresses: null },
      { Port: 8080, Weight: 50, PublicIpAddresses: null },
    ]);
    expect(Listeners![0]!.Targets![1]).not.toHaveProperty("InstanceId");
  });

  it("BatchRegisterTargets: a target with the key of a stored one replaces it and goes last, within a call too", async () => {
    const { clb } = (await start(mode)).clients();
    const target = (InstanceId: string, Weight: number) => ({ ListenerId: "lbl-xxxx", Port: 80, InstanceId, Weight });
    await clb.batchRegisterTargets({ LoadBalancerId: "lb-xxxx", Targets: [target("ins-a", 1), target("ins-b", 2), target("ins-c", 3)] });
    await clb.batchRegisterTargets({ LoadBalancerId: "lb-xxxx", Targets: [target("ins-a", 10), target("ins-d", 4), target("ins-a", 20)] });
    const { Listeners } = await clb.describeTargets({ LoadBalancerId: "lb-xxxx", ListenerIds: ["lbl-xxxx"] });
    expect(Listeners![0]!.Targets!.map((t) => [t.InstanceId, t.Weight])).toEqual([["ins-b", 2], ["ins-c", 3], ["ins-d", 4], ["ins-a", 20]]);
  });

  it("refuses more than 500 targets with the validator's code", async () => {
    const { clb } = (await start(mode)).clients({ validation: "off" });
    const Targets = Array.from({ length: 501 }, (_, i) => ({ ListenerId: "lbl-xxxx", Port: 1 + i, InstanceId: `ins-${i}` }));
    await expect(clb.batchRegisterTargets({ LoadBalancerId: "lb-xxxx", Targets })).rejects.toMatchObject({ kind: "service", code: "InvalidParameterValue.Length" });
  });

  it("answers unknown ids with each action's not-found code", async () => {
    const { gaap, clb, bmlb } = (await start(mode)).clients();
    await expect(gaap.describeListenerRealServers({ ListenerId: "listener-nope" })).rejects.toMatchObject({ code: "ResourceNotFound" });
    await expect(clb.batchRegisterTargets({ LoadBalancerId: "lb-nope", Targets: [{ ListenerId: "lbl-xxxx", Port: 80, InstanceId: "ins-1" }] })).rejects.toMatchObject({ code: "InvalidParameter.LBIdNotFound" });
    await expect(bmlb.describeBmL4ListenerBackends({ loadBalancerId: "lb-nope", listenerId: "lbl-abcdefgh" })).rejects.toMatchObject({ code: "InvalidParameter.CCDBLBNotExist", legacyCode: 4000, moduleCode: 11041 });
    await expect(bmlb.modifyBmListener({ loadBalancerId: "lb-abcdefgh", listenerId: "lbl-nope" })).rejects.toMatchObject({ code: "InvalidL4Listener.NotExist", moduleCode: -12023 });
  });

  it("ModifyBmListener runs as a task the waiter sees running, then done, and the change is applied", async () => {
    const mock = await start(mode, { taskPolls: 2 });
    const { bmlb } = mock.clients();
    const { requestId } = await bmlb.modifyBmListener({ loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh", listenerName: "renamed", healthSwitch: 1, timeOut: 3, intervalTime: 6 });
    const final = await bmlb.waitForModifyBmListener(requestId, { intervalMs: 1 });
    expect(final).toEqual({ data: { status: 0 } });
    // Two polls saw it running (taskPolls: 2), the third saw it done.
    expect(mock.backend.calls.filter((c) => c.action === "DescribeBmLoadBalancersTaskResult")).toHaveLength(3);
    const state = mock.backend.dump().find((d) => d.product === "bmlb")!;
    expect(state.resources.listener!.find((l) => l.listenerId === "lbl-abcdefgh")).toMatchObject({ listenerName: "renamed", healthSwitch: 1, timeOut: 3 });
  });

  it("keeps accounts apart", async () => {
    const mock = await start(mode, { secrets: { AKIDone: "key-one", AKIDtwo: "key-two" } });
    const one = mock.clients({ credentials: { secretId: "AKIDone", secretKey: "key-one" } }).gaap;
    const two = mock.clients({ credentials: { secretId: "AKIDtwo", secretKey: "key-two" } }).gaap;
    await one.bindListenerRealServers({ ListenerId: "listener-pbsgn7ej", RealServerBindSet: [{ RealServerId: "rs-one", RealServerIP: "10.0.0.1", RealServerPort: 80 }] });
    expect((await two.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })).BindRealServerSet).toEqual([]);
    expect((await one.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })).BindRealServerSet).toHaveLength(1);
  });
});

describe.each(["in-process", "http"] as const)("fidelity, %s", (mode) => {
  it.each([
    ["a wrong key", "AuthFailure.SignatureFailure", { credentials: { secretId: "AKIDtcgenMOCK", secretKey: "wrong" } }],
    ["an unknown SecretId", "AuthFailure.SecretIdNotFound", { credentials: { secretId: "AKIDnobody", secretKey: "x" } }],
    ["a timestamp 10 minutes old", "AuthFailure.SignatureExpire", { clock: { now: () => Date.now() - 600_000, sleep: async () => undefined } }],
  ])("API 3.0: %s gives %s", async (_name, code, options) => {
    const { gaap } = (await start(mode)).clients(options);
    await expect(gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })).rejects.toMatchObject({ kind: "service", code });
  });

  it.each([
    ["a wrong key", 4100, { credentials: { secretId: "AKIDtcgenMOCK", secretKey: "wrong" } }],
    ["an unknown SecretId", 4104, { credentials: { secretId: "AKIDnobody", secretKey: "x" } }],
    ["a timestamp 3 hours old", 4200, { clock: { now: () => Date.now() - 3 * 3_600_000, sleep: async () => undefined } }],
  ])("legacy v2: %s gives %s", async (_name, legacyCode, options) => {
    const { bmlb } = (await start(mode)).clients(options);
    await expect(bmlb.describeBmL4ListenerBackends({ loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" })).rejects.toMatchObject({ kind: "service", legacyCode });
  });

  it("answers more calls per second than the spec allows with RequestLimitExceeded", async () => {
    const now = Date.now();
    const { gaap } = (await start(mode, { now: () => now })).clients({ clock: { now: () => now, sleep: async () => undefined } });
    // The spec sets the limit; read it rather than repeat it, so a spec change does not break the test.
    const limit = compiled.ir.services.find((s) => s.product === "gaap")!.actions.find((a) => a.name === "DescribeListenerRealServers")!.rateLimit!;
    expect(limit).toBeGreaterThan(0);
    const results = await Promise.allSettled(Array.from({ length: limit + 5 }, () => gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(limit);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(5);
    expect(refused.every((r) => (r.reason as TencentCloudError).code === "RequestLimitExceeded")).toBe(true);
  });

  it("does not throttle an action whose rate limit no page documents", async () => {
    const now = Date.now();
    const { bmlb } = (await start(mode, { now: () => now })).clients({ clock: { now: () => now, sleep: async () => undefined } });
    const undocumented = compiled.ir.services.find((s) => s.product === "bmlb")!.actions.find((a) => a.name === "DescribeBmL4ListenerBackends")!;
    expect(undocumented.rateLimit).toBeUndefined();
    // Far more calls in one instant than any documented limit allows: every one is answered.
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => bmlb.describeBmL4ListenerBackends({ loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  });

  it("tasks finish at once, after N polls, or after a delay", async () => {
    const mock = await start(mode, { taskPolls: 0 });
    const { bmlb } = mock.clients();
    const modify = () => bmlb.modifyBmListener({ loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh", listenerName: "n" });
    const status = async (requestId: number) => (await bmlb.describeBmLoadBalancersTaskResult({ requestId })).data?.status;
    expect(await status((await modify()).requestId)).toBe(0);
    mock.backend.setTaskProgress(3);
    const after3 = (await modify()).requestId;
    expect([await status(after3), await status(after3), await status(after3), await status(after3)]).toEqual([2, 2, 2, 0]);
    mock.backend.setTaskProgress(0, 60);
    const delayed = (await modify()).requestId;
    expect(await status(delayed)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await status(delayed)).toBe(0);
  });
  it("injects faults: an error for one action, an error rate with seeded randomness, latency", async () => {
    const mock = await start(mode, { seed: 7 });
    const { gaap, clb } = mock.clients();
    mock.backend.faults.push({ action: "DescribeTargets", error: "InternalError", message: "injected" });
    await expect(clb.describeTargets({ LoadBalancerId: "lb-xxxx" })).rejects.toMatchObject({ code: "InternalError", message: "injected" });
    await expect(gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })).resolves.toBeTruthy();
    mock.backend.reset();
    mock.backend.faults.push({ action: "DescribeListenerRealServers", rate: 0.5, error: "ServiceUnavailable" });
    // One call after another: the seeded sequence is consumed in arrival order, which concurrent
    // HTTP calls would not fix.
    const run = async () => {
      const statuses: string[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push(await gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" }).then(() => "fulfilled", () => "rejected"));
      return statuses;
    };
    const first = await run();
    mock.backend.reset();
    mock.backend.faults.push({ action: "DescribeListenerRealServers", rate: 0.5, error: "ServiceUnavailable" });
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === "rejected").length).toBeGreaterThan(2);
    expect(first.filter((s) => s === "fulfilled").length).toBeGreaterThan(2);
    mock.backend.reset();
    mock.backend.faults.push({ latencyMs: 80 });
    const started = Date.now();
    await gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

});

describe("answer envelopes", () => {
  it("are compact JSON with RequestId last in Response, for every TC3 example (fields or none)", async () => {
    const { backend } = await start("in-process", { signatures: "off", rateLimit: false });
    const tc3 = new Map(backend.products.filter((p) => p.protocol !== "legacy-v2").map((p) => [p.product, p.version]));
    const bodies: string[] = [];
    for (const { product, name, request } of examples.filter((e) => tc3.has(e.product))) {
      const headers = { authorization: "TC3-HMAC-SHA256 x", "content-type": "application/json", host: "mock.local", "x-tc-action": name, "x-tc-version": tc3.get(product)!, "x-tc-region": "ap-guangzhou" };
      bodies.push((await backend.handle({ method: "POST", url: "/", headers, body: new TextEncoder().encode(JSON.stringify(request)) })).body);
    }
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      const parsed = JSON.parse(body) as { Response: Record<string, unknown> };
      expect(JSON.stringify(parsed)).toBe(body);
      expect(Object.keys(parsed.Response).at(-1)).toBe("RequestId");
    }
    // Both shapes of the envelope occur: answers with fields and answers with only a RequestId.
    expect(bodies.some((b) => Object.keys((JSON.parse(b) as { Response: object }).Response).length === 1)).toBe(true);
    expect(bodies.some((b) => Object.keys((JSON.parse(b) as { Response: object }).Response).length > 1)).toBe(true);
  });
});

describe("fidelity over HTTP only", () => {
  it("a malformed Authorization header gives AuthFailure.InvalidAuthorization, with a RequestId", async () => {
    const mock = await start("http");
    const response = await fetch(`${mock.server!.url}/`, { method: "POST", headers: { Authorization: "TC3 nonsense", "X-TC-Action": "DescribeTargets", "Content-Type": "application/json" }, body: "{}" });
    const body = (await response.json()) as { Response: { Error: { Code: string }; RequestId: string } };
    expect(response.status).toBe(200);
    expect(body.Response.Error.Code).toBe("AuthFailure.InvalidAuthorization");
    expect(body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers carry Content-Length in bytes (not chunked), for answers with multi-byte characters too", async () => {
    const mock = await start("http", { signatures: "off" });
    const { status, headers, body } = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const payload = JSON.stringify({ ListenerId: "listener-pbsgn7ej", 监听器: 1 });
      const request = httpRequest(`${mock.server!.url}/`, { method: "POST", headers: { Authorization: "TC3-HMAC-SHA256 x", "Content-Type": "application/json", "X-TC-Action": "DescribeListenerRealServers", "X-TC-Version": "2018-05-29" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      });
      request.on("error", reject);
      request.end(payload);
    });
    expect(status).toBe(200);
    expect(headers["transfer-encoding"]).toBeUndefined();
    expect(Number(headers["content-length"])).toBe(body.length);
    const text = body.toString("utf8");
    expect(text.length).toBeLessThan(body.length);
    expect(JSON.parse(text)).toMatchObject({ Response: { Error: { Code: "UnknownParameter", Message: expect.stringContaining("监听器") } } });
  });

  it("unknown actions, wrong versions, malformed JSON and oversized bodies get the common codes", async () => {
    const mock = await start("http", { signatures: "off", maxBodyBytes: 1000 });
    const call = async (headers: Record<string, string>, body: string) => {
      const response = await fetch(`${mock.server!.url}/`, { method: "POST", headers: { Authorization: "TC3-HMAC-SHA256 x", "Content-Type": "application/json", "X-TC-Version": "2018-05-29", ...headers }, body });
      return ((await response.json()) as { Response: { Error?: { Code: string } } }).Response.Error?.Code;
    };
    expect(await call({ "X-TC-Action": "NoSuchThing" }, "{}")).toBe("InvalidAction");
    expect(await call({ "X-TC-Action": "DescribeListenerRealServers", "X-TC-Version": "2017-01-01" }, "{}")).toBe("NoSuchVersion");
    expect(await call({ "X-TC-Action": "DescribeListenerRealServers" }, "{nope")).toBe("InvalidParameter");
    expect(await call({ "X-TC-Action": "DescribeListenerRealServers" }, JSON.stringify({ ListenerId: "x".repeat(2000) }))).toBe("RequestSizeLimitExceeded");
    expect(await call({ "X-TC-Action": "DescribeListenerRealServers" }, '{"ListenerId":"listener-pbsgn7ej","Extra":1}')).toBe("UnknownParameter");
  });

  it("control path: dump, load, reset and the call log over HTTP", async () => {
    const mock = await start("http");
    const { gaap } = mock.clients();
    await gaap.bindListenerRealServers({ ListenerId: "listener-pbsgn7ej", RealServerBindSet: [{ RealServerId: "rs-x", RealServerIP: "10.0.0.1", RealServerPort: 80 }] });
    const control = (method: string, op: string, body?: unknown) => fetch(`${mock.server!.url}/_tcgen/${op}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json());
    const dump = (await control("GET", "state")) as { product: string; resources: { listener: { ListenerId: string; BindRealServerSet: unknown[] }[] } }[];
    // Found by id, not position: adding listeners to mock-state.yaml must not break this.
    const listener = dump.find((d) => d.product === "gaap")!.resources.listener.find((l) => l.ListenerId === "listener-pbsgn7ej")!;
    expect(listener.BindRealServerSet).toHaveLength(1);
    expect(((await control("GET", "calls")) as { action: string }[]).map((c) => c.action)).toEqual(["BindListenerRealServers"]);
    const [call] = (await control("GET", "calls")) as Record<string, unknown>[];
    expect(Object.keys(call!)).toEqual(["at", "account", "region", "product", "action", "outcome", "params"]);
    await control("POST", "reset");
    expect((await gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })).BindRealServerSet).toEqual([]);
    await control("PUT", "state", dump);
    expect((await gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" })).BindRealServerSet).toHaveLength(1);
  });

  it("answers requests read together each with its own answer, their effects in arrival order", async () => {
    // The server answers what one turn of the event loop read as a batch (mock-http.ts, AnswerQueue):
    // pipelined requests on one socket, and requests on many sockets written at once, land in one.
    const mock = await start("http", { signatures: "off", rateLimit: false });
    const read = { ListenerId: "listener-pbsgn7ej" };
    const pipelined = await exchange(await connected(mock.server!.port), [
      rawRequest("BindListenerRealServers", bindParams("rs-first")),
      rawRequest("DescribeListenerRealServers", read),
      rawRequest("BindListenerRealServers", bindParams("rs-second")),
      rawRequest("DescribeListenerRealServers", read),
    ]);
    const bound = pipelined.map((answer) => (answer.Response.BindRealServerSet as { RealServerId: string }[] | undefined)?.map((s) => s.RealServerId));
    expect(bound).toEqual([undefined, ["rs-first"], undefined, ["rs-second"]]);
    // Forty sockets, each with a parameter of its own name: each answer names its own. The server
    // runs in this process: written while this thread is blocked, all forty are read in one turn.
    const sockets = await Promise.all(Array.from({ length: 40 }, () => connected(mock.server!.port)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answers = await Promise.all(
      sockets.map((socket, i) => exchange(socket, [rawRequest("DescribeListenerRealServers", { ...read, [`Extra${i}`]: 1 })])),
    );
    answers.forEach(([answer], i) => {
      const error = answer!.Response.Error as { Code: string; Message: string };
      expect(error.Code).toBe("UnknownParameter");
      expect(error.Message).toMatch(new RegExp(`\\bExtra${i}\\b`));
    });
  });

  it("with faults set, calls read together still take effect in arrival order around control requests", async () => {
    const mock = await start("http", { signatures: "off", rateLimit: false });
    const bound = async () => {
      const [answer] = await exchange(await connected(mock.server!.port), [rawRequest("DescribeListenerRealServers", { ListenerId: "listener-pbsgn7ej" })]);
      return (answer!.Response.BindRealServerSet as { RealServerId: string }[]).map((s) => s.RealServerId);
    };
    // A fault for another action: every call consults the faults, none waits.
    const faults = () => rawControl("POST", "faults", { action: "DescribeTargets", error: "InternalError" });
    await exchange(await connected(mock.server!.port), [faults()]);
    await exchange(await connected(mock.server!.port), [rawRequest("BindListenerRealServers", bindParams("rs-x")), rawControl("DELETE", "faults"), rawRequest("BindListenerRealServers", bindParams("rs-y"))]);
    expect(await bound()).toEqual(["rs-y"]);
    await exchange(await connected(mock.server!.port), [faults(), rawRequest("BindListenerRealServers", bindParams("rs-z")), rawControl("POST", "reset")]);
    expect(await bound()).toEqual([]);
  });

  it("stays consistent under hundreds of concurrent binds and reads", async () => {
    const mock = await start("http", { rateLimit: false });
    const { gaap } = mock.clients();
    const sets = Array.from({ length: 150 }, (_, n) => Array.from({ length: 3 }, (_, i) => `rs-${n}-${i}`));
    const calls = sets.flatMap((ids) => [
      gaap.bindListenerRealServers({ ListenerId: "listener-pbsgn7ej", RealServerBindSet: ids.map((id) => ({ RealServerId: id, RealServerIP: "10.0.0.1", RealServerPort: 80 })) }).then(() => null),
      gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" }).then((r) => r.BindRealServerSet!.map((s) => s.RealServerId)),
    ]);
    const reads = (await Promise.all(calls)).filter((r): r is string[] => r !== null);
    const valid = new Set(sets.map((s) => s.join()).concat([""]));
    expect(reads.every((ids) => valid.has(ids.join()))).toBe(true);
    const last = mock.backend.calls.filter((c) => c.action === "BindListenerRealServers").at(-1)!.params as { RealServerBindSet: { RealServerId: string }[] };
    const final = await gaap.describeListenerRealServers({ ListenerId: "listener-pbsgn7ej" });
    expect(final.BindRealServerSet!.map((s) => s.RealServerId)).toEqual(last.RealServerBindSet.map((s) => s.RealServerId));
    expect(mock.backend.calls).toHaveLength(301);
  });
});

/** BindListenerRealServers parameters binding one real server, `id`. */
function bindParams(id: string) {
  return { ListenerId: "listener-pbsgn7ej", RealServerBindSet: [{ RealServerId: id, RealServerIP: "10.0.0.1", RealServerPort: 80 }] };
}

/** A TC3 POST as bytes on the wire (the mock runs with signatures off). */
function rawRequest(action: string, params: unknown): string {
  const body = JSON.stringify(params);
  const headers = [
    "POST / HTTP/1.1",
    "Host: 127.0.0.1",
    "Authorization: TC3-HMAC-SHA256 x",
    "Content-Type: application/json",
    `X-TC-Action: ${action}`,
    "X-TC-Version: 2018-05-29",
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${headers.join("\r\n")}\r\n\r\n${body}`;
}

/** A control-path request as bytes on the wire. */
function rawControl(method: string, op: string, body?: unknown): string {
  const text = body === undefined ? "" : JSON.stringify(body);
  return `${method} /_tcgen/${op} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/**
 * Writes `requests` on `socket` in a single write, then blocks this thread briefly so that the
 * server (in this process) reads everything written at once in one turn; the JSON answers (a
 * control request's JSON too), in the order received.
 */
function exchange(socket: Socket, requests: string[]): Promise<{ Response: Record<string, unknown> }[]> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const answers: { Response: Record<string, unknown> }[] = [];
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (;;) {
        const headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0) break;
        const length = Number(/content-length: (\d+)/i.exec(received.subarray(0, headEnd).toString("latin1"))?.[1]);
        if (received.length < headEnd + 4 + length) break;
        answers.push(JSON.parse(received.subarray(headEnd + 4, headEnd + 4 + length).toString("utf8")));
        received = received.subarray(headEnd + 4 + length);
      }
      if (answers.length === requests.length) {
        socket.end();
        resolve(answers);
      }
    });
    socket.write(requests.join(""));
    const until = performance.now() + 5;
    while (performance.now() < until);
  });
}
