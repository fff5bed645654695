// The generated mock: one in-memory backend behind both the HTTP server and the in-process fetch.
// Copied verbatim into the generated package by tcgen.
import { randomUUID } from "node:crypto";
import { JsonDepthError, parseJson, toJson } from "./json.js";
import { MockFailure, runAction } from "./mock-effects.js";
import { CallLog, type CallRecord } from "./mock-log.js";
import { checkNames, COMMON_PARAMS, ParamRefusal, unflatten } from "./mock-params.js";
import { SpaceLimitError, StateStore, type StateDump } from "./mock-state.js";
import type { ActionMock, ProductMock } from "./mock-types.js";
import { queryParams, verifyRequest, type ReceivedRequest, type Verification } from "./verify.js";

export interface MockOptions {
  /** Accepted credentials: SecretId -> SecretKey. */
  secrets?: Record<string, string>;
  /** `strict` (default) checks every signature and timestamp; `off` accepts any request. */
  signatures?: "strict" | "off";
  /** Polls a new task reports running before it succeeds. Default 1. */
  taskPolls?: number;
  /** Time a new task stays running, in ms. Default 0. */
  taskDelayMs?: number;
  /** Answer RequestLimitExceeded above each action's spec'd calls per second. Default on. */
  rateLimit?: boolean;
  /** Largest request body accepted, in bytes. Default 10 MiB (the TC3 POST limit). */
  maxBodyBytes?: number;
  /** Largest request line plus headers accepted, in bytes. Default 32 KiB (the GET limit). */
  maxHeaderBytes?: number;
  /** Deepest nesting of parameters accepted (JSON objects and lists, or dotted names). Default 32. */
  maxDepth?: number;
  /** Most (account, region, product) state spaces held at once. Default 1000. */
  maxSpaces?: number;
  /** Seed of the fault injector's randomness. Default 1. */
  seed?: number;
  now?: () => number;
}

export const DEFAULT_SECRET_ID = "AKIDtcgenMOCK";
export const DEFAULT_SECRET_KEY = "tcgen-mock-secret-key";

export interface MockAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An injected fault: for all actions or one, with a probability, added latency and/or an error. */
export interface Fault {
  action?: string;
  /** 0..1, default 1. */
  rate?: number;
  latencyMs?: number;
  /** Error code to answer with (legacy: also `number`). */
  error?: string;
  number?: number;
  message?: string;
}

interface Resolved {
  product: ProductMock;
  action: ActionMock;
  account: string;
  region: string;
  params: Record<string, unknown>;
}

/** The call log keeps the last 1000 calls, fewer when their parameters exceed 16 Mi characters together. */
const LOG_LIMITS = { calls: 1000, chars: 16 * 1024 * 1024 };
const FIVE_MINUTES = 300;
const TWO_HOURS = 7200;
/** Effects that change nothing: their calls need no stored state space. */
const READ_ONLY = new Set(["read", "list"]);
/** Rate-limit windows and nonces are keyed by what requests send: pruned beyond these sizes. */
const WINDOW_LIMIT = 10_000;
const NONCE_LIMIT = 100_000;
/** What an account or region may look like: printable, short, and never the space key's separator. */
export const ACCOUNT = /^[\x21-\x7e]{1,128}$/;
export const REGION = /^[A-Za-z0-9_-]{0,64}$/;

export class MockBackend {
  readonly state: StateStore;
  readonly faults: Fault[] = [];
  private readonly log = new CallLog(LOG_LIMITS);
  private readonly secrets: Map<string, string>;
  private readonly options: Required<Omit<MockOptions, "secrets">>;
  private random: () => number;
  private taskIds = 100000;
  private windows = new Map<string, { second: number; count: number }>();
  private nonces = new Map<string, number>();

  constructor(
    readonly products: ProductMock[],
    options: MockOptions = {},
  ) {
    // A Map: a SecretId such as "constructor" must not find Object.prototype's member.
    this.secrets = new Map(
      Object.entries(options.secrets ?? { [DEFAULT_SECRET_ID]: DEFAULT_SECRET_KEY }),
    );
    this.options = {
      signatures: options.signatures ?? "strict",
      taskPolls: options.taskPolls ?? 1,
      taskDelayMs: options.taskDelayMs ?? 0,
      rateLimit: options.rateLimit ?? true,
      maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
      maxHeaderBytes: options.maxHeaderBytes ?? 32 * 1024,
      maxDepth: options.maxDepth ?? 32,
      maxSpaces: options.maxSpaces ?? 1000,
      seed: options.seed ?? 1,
      now: options.now ?? Date.now,
    };
    this.state = new StateStore(products, this.options.maxSpaces);
    this.random = seeded(this.options.seed);
  }

  /** How new tasks progress: after `polls` polls and/or `delayMs`. */
  setTaskProgress(polls: number, delayMs = 0): void {
    this.options.taskPolls = polls;
    this.options.taskDelayMs = delayMs;
  }

  /** Size limits the HTTP server enforces while a request arrives, before the backend sees it. */
  get limits(): { maxBodyBytes: number; maxHeaderBytes: number } {
    return { maxBodyBytes: this.options.maxBodyBytes, maxHeaderBytes: this.options.maxHeaderBytes };
  }

  /** The recorded calls, oldest first (a copy: changing it changes nothing in the mock). */
  get calls(): CallRecord[] {
    return this.log.records();
  }

  /** The recorded calls as JSON text (bigints exact), for the control path. */
  callsJson(): string {
    return this.log.toJson();
  }

  /**
   * An error answer in the envelope of the API the URL names (legacy or API 3.0), for requests the
   * HTTP server refuses before they are complete (too large).
   */
  refuse(url: string, code: string, message: string, legacyNumber: number): MockAnswer {
    const reply = pathOf(url) === "/v2/index.php" ? new LegacyReply() : new Tc3Reply();
    return reply.fail(code, message, legacyNumber).answer;
  }

  reset(): void {
    this.state.reset();
    this.log.clear();
    this.faults.length = 0;
    this.windows.clear();
    this.nonces.clear();
    this.random = seeded(this.options.seed);
  }

  dump(): StateDump {
    return this.state.dump();
  }

  load(dump: StateDump): void {
    this.state.load(dump);
  }

  async handle(request: ReceivedRequest): Promise<MockAnswer> {
    return this.respond(request);
  }

  /**
   * `handle` for the HTTP server: the answer itself, or a promise only while an injected fault
   * makes the call wait, so that an ordinary request costs no trip through the microtask queue.
   */
  respond(request: ReceivedRequest): MockAnswer | Promise<MockAnswer> {
    const path = pathOf(request.url);
    const legacy = path === "/v2/index.php";
    if (!legacy && path !== "/")
      return {
        status: 404,
        headers: { "Content-Type": "text/plain" },
        body: `tcgen mock: no API at ${JSON.stringify(path.slice(0, 200))}`,
      };
    const reply = legacy ? new LegacyReply() : new Tc3Reply();
    try {
      if (request.method !== "GET" && request.method !== "POST")
        throw reply.fail(
          "UnsupportedProtocol",
          `method ${request.method.slice(0, 32)} is not supported`,
          4600,
        );
      if (headerBytes(request) > this.options.maxHeaderBytes)
        throw reply.fail(
          "RequestSizeLimitExceeded",
          `the request line and headers exceed ${this.options.maxHeaderBytes} bytes`,
          4000,
        );
      if (request.body.byteLength > this.options.maxBodyBytes)
        throw reply.fail(
          "RequestSizeLimitExceeded",
          `the body exceeds ${this.options.maxBodyBytes} bytes`,
          4000,
        );
      const resolved = this.resolve(request, legacy, reply);
      const waiting = this.faults.length ? this.applyFaults(resolved, reply, 0) : undefined;
      if (waiting) return this.serveAfter(waiting, resolved, reply);
      return this.serve(resolved, reply);
    } catch (error) {
      if (error instanceof Answer) return error.answer;
      throw error;
    }
  }

  private async serveAfter(
    waiting: Promise<void>,
    resolved: Resolved,
    reply: Reply,
  ): Promise<MockAnswer> {
    try {
      await waiting;
    } catch (error) {
      if (error instanceof Answer) return error.answer;
      throw error;
    }
    return this.serve(resolved, reply);
  }

  private resolve(request: ReceivedRequest, legacy: boolean, reply: Reply): Resolved {
    const verification =
      this.options.signatures === "strict" ? this.authenticate(request, legacy, reply) : undefined;
    const tc3Header = !legacy && request.headers["authorization"] !== undefined;
    const flat =
      request.method === "POST" && !tc3Header
        ? queryParams(UTF8.decode(request.body))
        : queryParams(request.url.split("?")[1] ?? "");
    const actionName = tc3Header ? request.headers["x-tc-action"] : flat.Action;
    const version = tc3Header ? request.headers["x-tc-version"] : flat.Version;
    const region = (tc3Header ? request.headers["x-tc-region"] : flat.Region) ?? "";
    const account = verification?.ok
      ? verification.secretId
      : ((tc3Header
          ? /Credential=([^/]+)/.exec(request.headers["authorization"] ?? "")?.[1]
          : flat.SecretId) ?? "anonymous");
    if (!actionName) throw reply.fail("MissingParameter", "the Action parameter is missing", 4000);
    // Both name a state space: bounded in length and alphabet (see maxSpaces for their number).
    if (!ACCOUNT.test(account))
      throw reply.fail(
        "AuthFailure.InvalidSecretId",
        "the SecretId is not 1 to 128 printable characters",
        4104,
      );
    if (!REGION.test(region))
      throw reply.fail(
        "UnsupportedRegion",
        "the region is not up to 64 letters, digits, - and _",
        4000,
      );
    const product = this.product(
      actionName,
      legacy,
      verification?.ok ? verification.service : undefined,
      reply,
    );
    const action = product.actions[actionName]!;
    if (!legacy && product.version !== version)
      throw reply.fail(
        "NoSuchVersion",
        `version ${JSON.stringify(String(version).slice(0, 32))} of ${product.product} does not exist (it is ${product.version})`,
        6100,
      );
    if (product.regionRequired && !region)
      throw reply.fail("MissingParameter", "the Region parameter is required", 4000);
    try {
      const params =
        tc3Header && request.method === "POST"
          ? this.jsonParams(request.body, product, action)
          : unflatten(withoutCommon(flat), action.request, product.structs, this.options.maxDepth);
      return { product, action, account, region, params };
    } catch (error) {
      if (error instanceof ParamRefusal || error instanceof SyntaxError)
        throw reply.fail("InvalidParameter", error.message, 4000);
      throw error;
    }
  }

  /** A JSON body: an object, nested at most `maxDepth` deep (checked while parsing), with no prototype names. */
  private jsonParams(
    body: Uint8Array,
    product: ProductMock,
    action: ActionMock,
  ): Record<string, unknown> {
    let params: unknown;
    try {
      params = parseJson(UTF8.decode(body) || "{}", { maxDepth: this.options.maxDepth });
    } catch (error) {
      if (error instanceof JsonDepthError)
        throw new ParamRefusal(`the body is nested deeper than ${this.options.maxDepth} levels`);
      throw new ParamRefusal("the body is not valid JSON");
    }
    if (typeof params !== "object" || params === null || Array.isArray(params))
      throw new ParamRefusal("the body is not a JSON object");
    checkNames(params, action.request, product.structs);
    return params as Record<string, unknown>;
  }

  private authenticate(request: ReceivedRequest, legacy: boolean, reply: Reply): Verification {
    const verification = verifyRequest(request, (id) => this.secrets.get(id));
    if (!verification.ok) {
      const [code, number] = {
        missing: ["AuthFailure.InvalidAuthorization", 4100],
        malformed: ["AuthFailure.InvalidAuthorization", 4100],
        "unknown-key": ["AuthFailure.SecretIdNotFound", 4104],
        mismatch: ["AuthFailure.SignatureFailure", 4100],
      }[verification.reason] as [string, number];
      throw reply.fail(code, verification.message, number);
    }
    const skew = Math.abs(this.options.now() / 1000 - verification.timestamp);
    if (skew > (legacy ? TWO_HOURS : FIVE_MINUTES))
      throw reply.fail(
        "AuthFailure.SignatureExpire",
        `the timestamp is ${Math.round(skew)} s away from the server's time`,
        4200,
      );
    if (verification.scheme === "v1") {
      const nonce = `${verification.secretId}/${verification.params.Nonce}/${verification.timestamp}`;
      if (this.nonces.has(nonce))
        throw reply.fail("AuthFailure.SignatureFailure", "this Nonce was already used", 4500);
      if (this.nonces.size >= NONCE_LIMIT) this.nonces.clear();
      this.nonces.set(nonce, verification.timestamp);
    }
    return verification;
  }

  /** The product of an action: by the credential scope's service when it names one, else by the action's name. */
  private product(
    action: string,
    legacy: boolean,
    service: string | undefined,
    reply: Reply,
  ): ProductMock {
    // Own members only: "constructor" or "toString" is no action, whatever Object.prototype holds.
    // One pass without a list of candidates: the first product with the action, unless one of
    // them is the credential scope's service.
    let chosen: ProductMock | undefined;
    for (const p of this.products) {
      if ((p.protocol === "legacy-v2") !== legacy || !Object.hasOwn(p.actions, action)) continue;
      if (p.product === service) {
        chosen = p;
        break;
      }
      chosen ??= p;
    }
    if (!chosen)
      throw reply.fail(
        "InvalidAction",
        `the action ${JSON.stringify(action.slice(0, 64))} does not exist`,
        6100,
      );
    return chosen;
  }

  /**
   * Applies the faults from the `from`-th on, in order, to one call: throws the answer of an
   * injected error, and returns a promise while an injected latency runs (the faults after it apply
   * when it ends). Synchronous until a latency, so a call that waits for none takes effect in the
   * order it arrived: the HTTP server answers a batch of calls in one pass (mock-http.ts), where an
   * effect deferred to the microtask queue would land after the rest of the batch.
   */
  private applyFaults(resolved: Resolved, reply: Reply, from: number): Promise<void> | undefined {
    for (let i = from; i < this.faults.length; i++) {
      const fault = this.faults[i]!;
      if (fault.action !== undefined && fault.action !== resolved.action.action) continue;
      if (this.random() >= (fault.rate ?? 1)) continue;
      if (fault.latencyMs) {
        const latencyMs = fault.latencyMs;
        return new Promise((resolve) => setTimeout(resolve, latencyMs)).then(() => {
          injectError(fault, reply);
          return this.applyFaults(resolved, reply, i + 1);
        });
      }
      injectError(fault, reply);
    }
    return undefined;
  }

  /** Everything after the wait: rate limit, validation and the effect run without yielding, so each call is atomic. */
  private serve(resolved: Resolved, reply: Reply): MockAnswer {
    const { product, action, params } = resolved;
    try {
      this.limit(resolved.account, product.product, action, reply);
      const result = action.validate(params);
      const failures = result.failures.filter((f) => f.severity === "error");
      if (failures.length) {
        const first = failures[0]!;
        const message = failures.map((f) => f.message).join("; ");
        throw reply.fail(
          first.code,
          first.moduleNumber !== undefined ? `(${first.moduleNumber})${message}` : message,
          first.number ?? 4000,
        );
      }
      const writes = action.behaviour !== undefined && !READ_ONLY.has(action.behaviour.effect.op);
      const fields = runAction(
        product,
        action,
        this.state.space(resolved.account, resolved.region, product.product, writes),
        params,
        {
          taskPolls: this.options.taskPolls,
          taskDelayMs: this.options.taskDelayMs,
          now: this.options.now,
          nextTaskId: () => ++this.taskIds,
        },
      );
      this.record(resolved, "ok");
      return reply.ok(fields);
    } catch (error) {
      const answer =
        error instanceof Answer
          ? error
          : error instanceof MockFailure
            ? reply.fail(error.code, moduleMessage(action, error), legacyFamily(error.code))
            : error instanceof SpaceLimitError
              ? reply.fail("LimitExceeded", error.message, legacyFamily("LimitExceeded"))
              : undefined;
      if (!answer) throw error;
      this.record(resolved, answer.code);
      return answer.answer;
    }
  }

  /** A method rather than a closure made for every call. */
  private record(resolved: Resolved, outcome: string): void {
    this.log.add({
      at: this.options.now(),
      account: resolved.account,
      region: resolved.region,
      product: resolved.product.product,
      action: resolved.action.action,
      params: resolved.params,
      outcome,
    });
  }

  /** At most the spec'd calls per second, per account and action (a fixed one-second window). */
  private limit(account: string, product: string, action: ActionMock, reply: Reply): void {
    if (!this.options.rateLimit || action.rateLimit === undefined) return;
    const key = `${account}/${product}/${action.action}`;
    const second = Math.floor(this.options.now() / 1000);
    if (this.windows.size >= WINDOW_LIMIT) this.pruneWindows(second);
    const window = this.windows.get(key);
    if (!window || window.second !== second) this.windows.set(key, { second, count: 1 });
    else if (++window.count > action.rateLimit)
      throw reply.fail(
        "RequestLimitExceeded",
        `more than ${action.rateLimit} calls per second to ${action.action}`,
        4400,
      );
  }

  /** Drops the windows of past seconds: only the current second's can still refuse a call. */
  private pruneWindows(second: number): void {
    for (const [key, window] of this.windows)
      if (window.second !== second) this.windows.delete(key);
    // All current (a flood of accounts within one second): forget them rather than grow or rescan.
    if (this.windows.size >= WINDOW_LIMIT) this.windows.clear();
  }
}

/** One decoder for every body (decode without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder();

/** Path of a request URL, without its query. */
function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** Request line and headers, counted as they travel (at least: the HTTP server counts CRLFs too). */
export function headerBytes(request: ReceivedRequest): number {
  let bytes = request.method.length + request.url.length;
  for (const name in request.headers)
    bytes += name.length + (request.headers[name]?.length ?? 0) + 4;
  return bytes;
}

/** The action's own parameters of a query string or form (a fresh object without a prototype). */
function withoutCommon(flat: Record<string, string>): Record<string, string> {
  const params = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(flat))
    if (!COMMON_PARAMS.has(name)) params[name] = value;
  return params;
}

/** A finished answer, thrown to leave the pipeline early. */
class Answer extends Error {
  constructor(
    readonly code: string,
    readonly answer: MockAnswer,
  ) {
    super(code);
  }
}

interface Reply {
  ok(fields: Record<string, unknown>): MockAnswer;
  fail(code: string, message: string, legacyNumber: number): Answer;
}

const JSON_HEADERS = { "Content-Type": "application/json" };

class Tc3Reply implements Reply {
  private readonly requestId = randomUUID();
  ok(fields: Record<string, unknown>): MockAnswer {
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: Object.hasOwn(fields, "RequestId")
        ? json({ Response: { ...fields, RequestId: this.requestId } })
        : withRequestId(json(fields), this.requestId),
    };
  }
  fail(code: string, message: string): Answer {
    return new Answer(code, {
      status: 200,
      headers: JSON_HEADERS,
      body: json({
        Response: { Error: { Code: code, Message: message }, RequestId: this.requestId },
      }),
    });
  }
}

/**
 * `{"Response":{...fields,"RequestId":id}}` from the fields' JSON text: the same bytes as writing
 * the envelope whole (RequestId last, where the spread would put it), without copying the fields
 * into a new object and walking them again.
 */
function withRequestId(fieldsJson: string, requestId: string): string {
  const members = fieldsJson === "{}" ? "{" : `${fieldsJson.slice(0, -1)},`;
  return `{"Response":${members}"RequestId":${JSON.stringify(requestId)}}}`;
}

class LegacyReply implements Reply {
  ok(fields: Record<string, unknown>): MockAnswer {
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: json({ code: 0, message: "", codeDesc: "Success", ...fields }),
    };
  }
  fail(code: string, message: string, legacyNumber: number): Answer {
    return new Answer(code, {
      status: 200,
      headers: JSON_HEADERS,
      body: json({ code: legacyNumber, message, codeDesc: code }),
    });
  }
}

/** An injected error fault ends the call with its answer. */
function injectError(fault: Fault, reply: Reply): void {
  if (fault.error)
    throw reply.fail(
      fault.error,
      fault.message ?? `injected fault ${fault.error}`,
      fault.number ?? 6000,
    );
}

/** Legacy module errors travel under a common code; the family of the name says which. */
function legacyFamily(code: string): number {
  if (code === "RequestLimitExceeded") return 4400;
  if (/^(InvalidParameter|MissingParameter|UnknownParameter)/.test(code)) return 4000;
  if (/NotExist|NotFound/.test(code)) return 5000;
  if (/^InternalError/.test(code)) return 6000;
  return 5100;
}

function moduleMessage(action: ActionMock, failure: MockFailure): string {
  const number = action.errorNumbers[failure.code];
  return number === undefined ? failure.message : `(${number})${failure.message}`;
}

/** Answers keep null members and write bigints (int64 beyond 2^53 from a request) exactly. */
function json(value: unknown): string {
  return toJson(value, true);
}

/** Deterministic randomness for fault injection (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type { CallRecord, StateDump };
