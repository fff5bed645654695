import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockBackend, type MockOptions } from "../generated/src/mock/index.js";
import { residentBytes, startMockProcess, type MockProcess } from "./support/mock-process.js";
import { openUpload, stream, wire, type WireAnswer } from "./support/mock-wire.js";

/**
 * `tcgen mock` treats every request as hostile: abusive requests get the service's error codes (or
 * a 4xx on the control path), never a 500, never unbounded memory, and never change how later
 * requests are answered. Runs against the real `tcgen mock` in a child process, whose memory is
 * measured from outside.
 */
let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockProcess(["--signatures", "off", "--rate-limit", "off"]);
}, 60_000);
afterAll(() => mock?.stop());

const GAAP = { Authorization: "TC3-HMAC-SHA256 unsigned", "Content-Type": "application/json", "X-TC-Version": "2018-05-29" };
const LISTENER = "listener-pbsgn7ej";
const LEGACY_READ = "/v2/index.php?Action=DescribeBmL4ListenerBackends&Region=bj&loadBalancerId=lb-abcdefgh&listenerId=lbl-abcdefgh";

const tc3 = (action: string, body: string, headers: Record<string, string> = {}) => wire(mock.url, { method: "POST", path: "/", headers: { ...GAAP, "X-TC-Action": action, ...headers }, body });
const get = (path: string, headers: Record<string, string> = {}) => wire(mock.url, { path, headers });
const controlCall = (method: string, op: string, body?: string) => wire(mock.url, { method, path: `/_tcgen/${op}`, ...(body !== undefined ? { body } : {}) });

/** An API 3.0 answer without its RequestId (a fresh UUID each time), or a legacy answer as is. */
function comparable(answer: WireAnswer): unknown {
  expect(answer.status).toBe(200);
  const value = JSON.parse(answer.body) as { Response?: { RequestId?: string } };
  if (value.Response) delete value.Response.RequestId;
  return value;
}

function tc3Code(answer: WireAnswer): string | undefined {
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { Response: { Error?: { Code: string } } }).Response.Error?.Code;
}

function legacyCode(answer: WireAnswer): { code: number; codeDesc: string } {
  expect(answer.status).toBe(200);
  const { code, codeDesc } = JSON.parse(answer.body) as { code: number; codeDesc: string };
  return { code, codeDesc };
}

/** The answers of ordinary requests, to compare before and after abuse. */
async function ordinaryAnswers(): Promise<unknown[]> {
  return [
    comparable(await get(LEGACY_READ)),
    comparable(await get(`${LEGACY_READ}&bogus=1`)),
    comparable(await tc3("DescribeListenerRealServers", JSON.stringify({ ListenerId: LISTENER }))),
    comparable(await tc3("DescribeListenerRealServers", JSON.stringify({ ListenerId: LISTENER, Bogus: 1 }))),
    comparable(await get(`/?Action=DescribeListenerRealServers&Version=2018-05-29&ListenerId=${LISTENER}`)),
  ];
}

describe("oversized requests", () => {
  it("a 300 MB unsigned chunked POST gets RequestSizeLimitExceeded while it streams, and the server's memory barely grows", async () => {
    await ordinaryAnswers(); // warm up: code paths compiled, buffers allocated
    const before = await residentBytes(mock.pid);
    let peak = before;
    const sampler = setInterval(() => void residentBytes(mock.pid).then((rss) => (peak = Math.max(peak, rss)), () => undefined), 20);
    try {
      const answer = await stream(mock.url, { path: "/", headers: { ...GAAP, "X-TC-Action": "DescribeListenerRealServers" } }, 300 * 1024 * 1024);
      expect(tc3Code(answer)).toBe("RequestSizeLimitExceeded");
      // Answered long before the end: the server stopped reading past its 10 MiB limit.
      expect(answer.sent).toBeLessThan(100 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, await residentBytes(mock.pid));
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  }, 90_000);

  it("a declared Content-Length over the limit is refused before any body is sent (legacy: 4000)", async () => {
    const answer = await stream(mock.url, { path: "/v2/index.php?Action=DescribeBmL4ListenerBackends&Region=bj" }, 0, { contentLength: 300 * 1024 * 1024, timeoutMs: 10_000 });
    expect(answer.sent).toBe(0);
    expect(legacyCode(answer)).toEqual({ code: 4000, codeDesc: "RequestSizeLimitExceeded" });
  });

  it("the control path answers an oversized body with 413", async () => {
    const answer = await stream(mock.url, { method: "PUT", path: "/_tcgen/state" }, 50 * 1024 * 1024, { timeoutMs: 30_000 });
    expect(answer.status).toBe(413);
  });

  it("a request line or headers over 32 KiB get RequestSizeLimitExceeded in the envelope of the API named", async () => {
    const long = "x".repeat(40 * 1024);
    expect(tc3Code(await get(`/?Action=DescribeListenerRealServers&Version=2018-05-29&ListenerId=${long}`))).toBe("RequestSizeLimitExceeded");
    expect(tc3Code(await get(`/?Action=DescribeListenerRealServers&Version=2018-05-29&ListenerId=${LISTENER}`, { "X-Padding": long }))).toBe("RequestSizeLimitExceeded");
    expect(legacyCode(await get(`${LEGACY_READ}&pad=${long}`))).toEqual({ code: 4000, codeDesc: "RequestSizeLimitExceeded" });
    expect((await controlCall("GET", `calls?${long}`)).status).toBe(431);
  });

  it("past twice that limit the HTTP parser refuses the request, and API 3.0 still gets its envelope", async () => {
    // The parser may see the overflow in a chunk that starts past the request line: what it answers
    // must not depend on where the socket's reads split the request.
    const huge = "x".repeat(100 * 1024);
    const before = await ordinaryAnswers();
    for (let i = 0; i < 5; i++) {
      expect(tc3Code(await get(`/?Action=DescribeListenerRealServers&Version=2018-05-29&ListenerId=${LISTENER}`, { "X-Padding": huge }))).toBe("RequestSizeLimitExceeded");
      expect(tc3Code(await tc3("DescribeListenerRealServers", "{}", { "X-Padding": huge }))).toBe("RequestSizeLimitExceeded");
    }
    expect(await ordinaryAnswers()).toEqual(before);
  });

  it("bodies in flight together are bounded: past the budget a request gets RequestLimitExceeded while the others are open", async () => {
    const prefix = `{"ListenerId":"${LISTENER}","Pad":"`;
    const uploads = Array.from({ length: 8 }, () => openUpload(mock.url, "/", { ...GAAP, "X-TC-Action": "DescribeListenerRealServers" }, prefix, 9 * 1024 * 1024));
    try {
      // 72 MiB held open against a 64 MiB budget: at least one must be refused before any ends.
      const first = await Promise.race(uploads.map((u) => u.answer));
      expect(tc3Code(first)).toBe("RequestLimitExceeded");
    } finally {
      for (const upload of uploads) upload.finish('"}');
    }
    const codes = await Promise.all(uploads.map((u) => u.answer.then(tc3Code)));
    expect(codes.filter((c) => c === "UnknownParameter").length).toBeGreaterThan(0);
    expect(codes.every((c) => c === "UnknownParameter" || c === "RequestLimitExceeded")).toBe(true);
  }, 60_000);
});

describe("pollution attempts leave every later answer as it was", () => {
  it("query, form and JSON parameters named __proto__, constructor or prototype get InvalidParameter", async () => {
    const before = await ordinaryAnswers();
    for (const name of ["__proto__.polluted", "constructor.prototype.polluted", "__proto__", "backends.__proto__.polluted", "backends.0.__proto__.port", "prototype"])
      expect(legacyCode(await get(`${LEGACY_READ}&${encodeURIComponent(name)}=1`)), name).toEqual({ code: 4000, codeDesc: "InvalidParameter" });
    const form = `Action=DescribeListenerRealServers&Version=2018-05-29&ListenerId=${LISTENER}&__proto__.polluted=1`;
    expect(tc3Code(await wire(mock.url, { method: "POST", path: "/", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form }))).toBe("InvalidParameter");
    for (const body of [
      `{"ListenerId":"${LISTENER}","__proto__":{"polluted":1}}`,
      `{"ListenerId":"${LISTENER}","constructor":{"prototype":{"polluted":1}}}`,
      `{"ListenerId":"${LISTENER}","RealServerBindSet":[{"__proto__":{"polluted":1}}]}`,
      // A big integer takes the other JSON parser, which once assigned members instead of defining them.
      `{"ListenerId":"${LISTENER}","__proto__":{"polluted":1},"N":12345678901234567890}`,
    ])
      expect(tc3Code(await tc3(body.includes("RealServerBindSet") ? "BindListenerRealServers" : "DescribeListenerRealServers", body)), body).toBe("InvalidParameter");
    expect(await ordinaryAnswers()).toEqual(before);
  });

  it("actions named after Object.prototype members get InvalidAction", async () => {
    for (const action of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__"]) {
      expect(tc3Code(await tc3(action, "{}", { "X-TC-Version": "2018-03-17", "X-TC-Region": "ap-guangzhou" })), action).toBe("InvalidAction");
      expect(tc3Code(await get(`/?Action=${action}&Version=2018-03-17&Region=ap-guangzhou`)), action).toBe("InvalidAction");
      expect(legacyCode(await get(`/v2/index.php?Action=${action}&Region=bj`)), action).toEqual({ code: 6100, codeDesc: "InvalidAction" });
    }
  });

  it("a SecretId named after an Object.prototype member is unknown, not a crash", async () => {
    const strict = await startMockProcess();
    try {
      for (const id of ["constructor", "toString", "__proto__"]) {
        const authorization = `TC3-HMAC-SHA256 Credential=${id}/2026-01-01/gaap/tc3_request, SignedHeaders=content-type;host, Signature=${"0".repeat(64)}`;
        const answer = await wire(strict.url, { method: "POST", path: "/", headers: { ...GAAP, Authorization: authorization, "X-TC-Action": "DescribeListenerRealServers", "X-TC-Timestamp": "1" }, body: "{}" });
        expect(tc3Code(answer), id).toBe("AuthFailure.SecretIdNotFound");
      }
    } finally {
      await strict.stop();
    }
  }, 60_000);
});

describe("nesting and shapes", () => {
  it("JSON nested deeper than 32 levels is refused while parsing, and the call log stays readable", async () => {
    const deep = `{"ListenerId":"${LISTENER}","X":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
    const answer = await tc3("DescribeListenerRealServers", deep);
    expect(tc3Code(answer)).toBe("InvalidParameter");
    expect(answer.body).toContain("nested deeper than 32 levels");
    const nested = `{"ListenerId":"${LISTENER}","X":${"[".repeat(20)}${"]".repeat(20)}}`;
    expect(tc3Code(await tc3("DescribeListenerRealServers", nested))).toBe("UnknownParameter");
    expect((await controlCall("GET", "calls")).status).toBe(200);
  });

  it("a call whose parameters hold an integer beyond 2^53 is logged exactly, and the log stays readable", async () => {
    expect(tc3Code(await tc3("DescribeListenerRealServers", `{"ListenerId":"${LISTENER}","Big":12345678901234567890}`))).toBe("UnknownParameter");
    const calls = await controlCall("GET", "calls");
    expect(calls.status).toBe(200);
    expect(calls.body).toContain('"Big":12345678901234567890');
  });

  it("dotted names deeper than 32 levels, and list indexes beyond the parameters sent, get InvalidParameter at once", async () => {
    const deep = Array.from({ length: 200 }, (_, i) => `f${i}`).join(".");
    expect(legacyCode(await get(`${LEGACY_READ}&${deep}=1`))).toEqual({ code: 4000, codeDesc: "InvalidParameter" });
    const sparse = await get(`/?Action=BindListenerRealServers&Version=2018-05-29&ListenerId=${LISTENER}&RealServerBindSet.5000000.RealServerPort=80`);
    expect(tc3Code(sparse)).toBe("InvalidParameter");
    expect(sparse.body.length).toBeLessThan(1000);
    const mixed = await get(`/?Action=BindListenerRealServers&Version=2018-05-29&ListenerId=${LISTENER}&RealServerBindSet.0.RealServerPort=80&RealServerBindSet.length.x=1`);
    expect(tc3Code(mixed)).toBe("InvalidParameter");
  });

});

describe("control path garbage gets a 4xx, never a 500", () => {
  it.each([
    { method: "PUT", op: "state", body: "{nope", status: 400 },
    { method: "PUT", op: "state", body: "{}", status: 400 },
    { method: "PUT", op: "state", body: '[{"account":1,"region":"r","product":"gaap","resources":{}}]', status: 400 },
    { method: "PUT", op: "state", body: '[{"account":"a","region":"r","product":"nope","resources":{}}]', status: 400 },
    { method: "PUT", op: "state", body: '[{"account":"a","region":"r","product":"gaap","resources":{"listener":[1]}}]', status: 400 },
    { method: "PUT", op: "state", body: '[{"account":"a","region":"r","product":"gaap","resources":{"__proto__":[]}}]', status: 400 },
    { method: "PUT", op: "state", body: '[{"account":"a","region":"r","product":"gaap","resources":{"constructor":[]}}]', status: 400 },
    { method: "PUT", op: "state", body: '[{"account":"a","region":"r","product":"gaap","resources":{"notDeclared":[{}]}}]', status: 400 },
    { method: "PUT", op: "state", body: '[{"account":"a","region":"bad region\\u0000","product":"gaap","resources":{}}]', status: 400 },
    { method: "PUT", op: "state", body: "[".repeat(10_000) + "]".repeat(10_000), status: 400 },
    { method: "POST", op: "faults", body: '"x"', status: 400 },
    { method: "POST", op: "faults", body: '{"rate":"x"}', status: 400 },
    { method: "POST", op: "faults", body: '{"latencyMs":1e12}', status: 400 },
    { method: "POST", op: "faults", body: '{"error":"Bad\\nCode"}', status: 400 },
    { method: "POST", op: "faults", body: '{"bogus":1}', status: 400 },
    { method: "PUT", op: "tasks", body: "{}", status: 400 },
    { method: "PUT", op: "tasks", body: '{"polls":-1}', status: 400 },
    { method: "PUT", op: "tasks", body: '{"polls":1,"delayMs":"soon"}', status: 400 },
    { method: "GET", op: "nope", body: undefined, status: 404 },
    { method: "GET", op: "../state", body: undefined, status: 404 },
    { method: "DELETE", op: "state", body: undefined, status: 405 },
  ])("$method $op -> $status", async ({ method, op, body, status }) => {
    expect((await controlCall(method, op, body)).status).toBe(status);
  });

  it("after the garbage, the state, the call log and ordinary requests still answer", async () => {
    expect((await controlCall("GET", "state")).status).toBe(200);
    expect((await controlCall("GET", "calls")).status).toBe(200);
    expect(tc3Code(await tc3("DescribeListenerRealServers", JSON.stringify({ ListenerId: LISTENER })))).toBeUndefined();
  });

  it("at most 100 faults at once", async () => {
    try {
      for (let i = 0; i < 100; i++) expect((await controlCall("POST", "faults", '{"action":"NoSuchAction","rate":0}')).status).toBe(200);
      expect((await controlCall("POST", "faults", '{"action":"NoSuchAction","rate":0}')).status).toBe(409);
    } finally {
      await controlCall("DELETE", "faults");
    }
  });
});

describe("state the requests choose is bounded (in-process)", () => {
  const handle = (options: MockOptions) => {
    const backend = createMockBackend({ signatures: "off", rateLimit: false, ...options });
    const call = async (action: string, version: string, region: string, body: unknown) => {
      const answer = await backend.handle({
        method: "POST",
        url: "/",
        headers: { authorization: "TC3-HMAC-SHA256 x", "content-type": "application/json", "x-tc-action": action, "x-tc-version": version, "x-tc-region": region },
        body: new TextEncoder().encode(JSON.stringify(body)),
      });
      return (JSON.parse(answer.body) as { Response: { Error?: { Code: string } } }).Response.Error?.Code;
    };
    return { backend, call };
  };

  it("writes in regions beyond maxSpaces get LimitExceeded until a reset, reads never; a malformed region gets UnsupportedRegion", async () => {
    const { backend, call } = handle({ maxSpaces: 3 });
    const bind = (region: string) => call("BindListenerRealServers", "2018-05-29", region, { ListenerId: LISTENER, RealServerBindSet: [] });
    const read = (region: string) => call("DescribeListenerRealServers", "2018-05-29", region, { ListenerId: LISTENER });
    for (const region of ["r1", "r2", "r3"]) expect(await bind(region)).toBeUndefined();
    expect(await bind("r4")).toBe("LimitExceeded");
    expect(await bind("r1")).toBeUndefined();
    for (let i = 0; i < 50; i++) expect(await read(`read-${i}`)).toBeUndefined();
    expect(backend.dump()).toHaveLength(3);
    backend.reset();
    expect(await bind("r4")).toBeUndefined();
    expect(await read("x".repeat(65))).toBe("UnsupportedRegion");
  });

  it("the call log keeps fewer calls when their parameters exceed 16 Mi characters together", async () => {
    const { backend, call } = handle({});
    for (let i = 0; i < 3; i++) expect(await call("DescribeListenerRealServers", "2018-05-29", "", { ListenerId: LISTENER, Pad: `${i}`.repeat(7 * 1024 * 1024) })).toBe("UnknownParameter");
    expect(await call("DescribeListenerRealServers", "2018-05-29", "", { ListenerId: LISTENER })).toBeUndefined();
    // 3 x 7 Mi: the first is dropped; the small fourth still fits beside the other two.
    const calls = backend.calls;
    expect(calls.map((c) => (c.params as { Pad?: string }).Pad?.[0])).toEqual(["1", "2", undefined]);
    expect(calls[2]!.params).toEqual({ ListenerId: LISTENER });
  });

  it("a stored list holds at most 10,000 items: one more gets LimitExceeded and changes nothing", async () => {
    const { backend, call } = handle({});
    const targets = (from: number) => Array.from({ length: 500 }, (_, i) => ({ ListenerId: "lbl-xxxx", Port: 1 + ((from + i) % 65535), InstanceId: `ins-${from + i}` }));
    for (let n = 0; n < 20; n++) expect(await call("BatchRegisterTargets", "2018-03-17", "ap-guangzhou", { LoadBalancerId: "lb-xxxx", Targets: targets(n * 500) })).toBeUndefined();
    expect(await call("BatchRegisterTargets", "2018-03-17", "ap-guangzhou", { LoadBalancerId: "lb-xxxx", Targets: targets(10_000) })).toBe("LimitExceeded");
    const listener = backend.dump().find((d) => d.product === "clb")!.resources.listener!.find((l) => l.ListenerId === "lbl-xxxx")!;
    expect((listener.Targets as unknown[]).length).toBe(10_000);
  }, 60_000);
});
