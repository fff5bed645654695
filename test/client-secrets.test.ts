import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bmlb, clb, gaap } from "../generated/src/index.js";
import { fakeClock, SECRET_ID, SECRET_KEY, SigningServer } from "./support/signing-server.js";

/**
 * Issue 15 finding 6: no error kind, cause, stack or hook payload may show the secret key, the
 * session token or a signature, even when the server, fetch or the platform quotes the request
 * back. The server here echoes what it received, as a misbehaving proxy would.
 */
const server = new SigningServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.received.length = 0;
});

const TOKEN = "tok/en+secret=9f3a";
const credentials = { secretId: SECRET_ID, secretKey: SECRET_KEY, token: TOKEN };
const endpoint = () => ({ protocol: "http" as const, host: "127.0.0.1", port: server.port });
const echo = (request: { url: string; headers: Record<string, string | undefined>; text: string }) => `${request.url} ${JSON.stringify(request.headers)} ${request.text}`;

interface Capture {
  hooks: unknown[];
  options: { hooks: Record<string, (info: unknown) => void>; clock: ReturnType<typeof fakeClock>; credentials: typeof credentials };
}

function capture(): Capture {
  const hooks: unknown[] = [];
  const push = (info: unknown) => hooks.push(info);
  return { hooks, options: { hooks: { onRequest: push, onResponse: push, onRetry: push, onValidation: push }, clock: fakeClock(), credentials } };
}

/** Everything a log could show of an error: message, stack, every cause down the chain, inspect and JSON. */
function exposure(error: unknown, hooks: unknown[]): string {
  const parts: string[] = [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), String(error), inspect(hooks, { depth: 10 })];
  for (let e = error as { message?: unknown; stack?: unknown; cause?: unknown } | undefined; e && typeof e === "object"; e = e.cause as typeof e)
    parts.push(String(e.message), String(e.stack));
  return parts.join("\n");
}

/** The secrets of the requests the server saw, in every form they travelled in. */
function sentSecrets(): string[] {
  const found = [SECRET_KEY, TOKEN, encodeURIComponent(TOKEN)];
  for (const request of server.received) {
    const tc3 = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? "");
    if (tc3) found.push(tc3[1]!);
    const v1 = /[?&]Signature=([^&]+)/.exec(request.url);
    if (v1) found.push(v1[1]!, decodeURIComponent(v1[1]!));
  }
  return found;
}

function expectNoSecrets(error: unknown, hooks: unknown[]): void {
  const shown = exposure(error, hooks);
  for (const secret of sentSecrets()) expect(shown).not.toContain(secret);
}

const legacy = (c: Capture, options: object = {}) => new bmlb.BmlbClient({ endpoint: endpoint(), region: "bj", retry: false, ...c.options, ...options });
const tc3 = (c: Capture, options: object = {}) => new gaap.GaapClient({ endpoint: endpoint(), retry: false, ...c.options, ...options });
const legacyCall = (client: bmlb.BmlbClient) => client.describeBmL4ListenerBackends({ loadBalancerId: "lb-1", listenerId: "lbl-1" });
const tc3Call = (client: gaap.GaapClient, options = {}) => client.describeListenerRealServers({ ListenerId: "listener-1" }, options);

describe("client errors never show secrets", () => {
  it("service: an error envelope whose message quotes the request (legacy GET, token in the URL)", async () => {
    server.responder = (request) => ({ body: JSON.stringify({ code: 4000, message: `(9003)bad: ${echo(request)}`, codeDesc: "InvalidParameter" }) });
    const c = capture();
    const error = await legacyCall(legacy(c)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "service", code: "InvalidParameter", moduleCode: 9003 });
    expect(sentSecrets().length).toBeGreaterThan(3);
    expectNoSecrets(error, c.hooks);
  });

  it("service: API 3.0 with the token header and TC3 signature quoted back", async () => {
    server.responder = (request) => ({ body: JSON.stringify({ Response: { Error: { Code: "InvalidParameter", Message: echo(request) }, RequestId: "r" } }) });
    const c = capture();
    const error = await tc3Call(tc3(c)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "service", code: "InvalidParameter" });
    expectNoSecrets(error, c.hooks);
  });

  it("http: a gateway page quoting the request", async () => {
    server.responder = (request) => ({ status: 502, body: `<html>bad gateway for ${echo(request)}</html>` });
    const c = capture();
    const error = await legacyCall(legacy(c)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "http", httpStatus: 502 });
    expectNoSecrets(error, c.hooks);
  });

  it("invalid-response: a body that is not JSON, shown to onResponse", async () => {
    server.responder = (request) => ({ body: `not json ${echo(request)}` });
    const c = capture();
    const error = await legacyCall(legacy(c, { legacySignatureMethod: "HmacSHA256" })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response" });
    expect(c.hooks.length).toBe(2);
    expectNoSecrets(error, c.hooks);
  });

  it("network: a fetch whose error quotes the URL it was given (legacy GET)", async () => {
    const c = capture();
    const sent: string[] = [];
    const quoting = async (url: string | URL | Request) => {
      sent.push(String(url));
      throw new TypeError(`NetworkError when attempting to fetch resource ${String(url)}`, { cause: new Error(`connect to ${String(url)} refused`) });
    };
    const error = await legacyCall(legacy(c, { fetch: quoting })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expect(sent[0]).toContain("Token=");
    const shown = exposure(error, c.hooks);
    expect(shown).toContain("Token=***");
    for (const secret of [TOKEN, encodeURIComponent(TOKEN), /Signature=([^&]+)/.exec(sent[0]!)![1]!]) expect(shown).not.toContain(secret);
  });

  it("network: connection refused", async () => {
    const c = capture();
    const error = await legacyCall(legacy(c, { endpoint: { protocol: "http", host: "127.0.0.1", port: 1 } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expectNoSecrets(error, c.hooks);
  });

  it("timeout", async () => {
    server.responder = () => ({ body: "{}", delayMs: 2000 });
    const c = capture();
    const error = await legacyCall(legacy(c, { timeoutMs: 50, clock: undefined })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout" });
    expectNoSecrets(error, c.hooks);
  });

  it("aborted", async () => {
    server.responder = () => ({ body: "{}", delayMs: 2000 });
    const c = capture();
    const controller = new AbortController();
    const pending = tc3Call(tc3(c), { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 30);
    const error = await pending;
    expect(error).toMatchObject({ kind: "aborted" });
    expectNoSecrets(error, c.hooks);
  });

  it("validation", async () => {
    const c = capture();
    const client = new clb.ClbClient({ endpoint: endpoint(), region: "ap-guangzhou", ...c.options });
    const error = await client.batchRegisterTargets({ LoadBalancerId: "lb-1", Targets: [{ ListenerId: "lbl-1", Port: 80, InstanceId: "ins-1", Weight: 101 }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ValidationError" });
    expectNoSecrets(error, c.hooks);
  });
});

describe("requests that cannot be sent are refused before sending, without echoing secrets", () => {
  it("bad URL: a legacy GET URL that does not parse", async () => {
    const c = capture();
    const error = await legacyCall(legacy(c, { endpoint: { protocol: "http", host: "bad host", port: server.port } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/does not form a valid URL/);
    expect(exposure(error, c.hooks)).not.toContain("Token=");
    expectNoSecrets(error, c.hooks);
  });

  it.each([
    ["a line break in the session token (API 3.0 header)", "tc3", { ...credentials, token: `${TOKEN}\r\nX-Injected: 1` }],
    ["a line break in the session token (legacy GET query)", "legacy", { ...credentials, token: `${TOKEN}\nmore` }],
    ["a line break in the secret key", "tc3", { ...credentials, secretKey: `${SECRET_KEY}\n` }],
  ])("bad token: %s", async (_, protocol, bad) => {
    const c = capture();
    const error = await (protocol === "tc3" ? tc3Call(tc3(c, { credentials: bad })) : legacyCall(legacy(c, { credentials: bad }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/credentials\.(token|secretKey) contains a line break/);
    expect(exposure(error, c.hooks)).not.toMatch(/X-Injected|more/);
    expect(server.received).toHaveLength(0);
    expect(c.hooks).toEqual([]);
    expectNoSecrets(error, c.hooks);
  });

  it("a header value a header cannot carry (region with a line break)", async () => {
    const c = capture();
    const client = new clb.ClbClient({ endpoint: endpoint(), region: "ap-guangzhou\r\nX-Injected: 1", ...c.options });
    const error = await client.describeTargets({ LoadBalancerId: "lb-1" }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/header X-TC-Region contains a line break/);
    // The refused value is not echoed: a log line must not carry what was meant to be injected.
    expect(exposure(error, c.hooks)).not.toContain("X-Injected");
    expect(server.received).toHaveLength(0);
  });
});
