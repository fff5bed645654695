// The generated mock: one in-memory backend behind both the HTTP server and the in-process fetch.
// Copied verbatim into the generated package by tcgen.
import { randomUUID } from "node:crypto";
import { toJson } from "./json.js";
import { MockFailure, runAction } from "./mock-effects.js";
import { COMMON_PARAMS, unflatten } from "./mock-params.js";
import { StateStore, type StateDump } from "./mock-state.js";
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

export interface CallRecord {
  at: number;
  account: string;
  region: string;
  product: string;
  action: string;
  params: unknown;
  outcome: string;
}

interface Resolved {
  product: ProductMock;
  action: ActionMock;
  account: string;
  region: string;
  params: Record<string, unknown>;
}

const LOG_LIMIT = 1000;
const FIVE_MINUTES = 300;
const TWO_HOURS = 7200;

export class MockBackend {
  readonly state: StateStore;
  readonly calls: CallRecord[] = [];
  readonly faults: Fault[] = [];
  private readonly options: Required<Omit<MockOptions, "secrets">> & {
    secrets: Record<string, string>;
  };
  private random: () => number;
  private taskIds = 100000;
  private windows = new Map<string, { second: number; count: number }>();
  private nonces = new Map<string, number>();

  constructor(
    readonly products: ProductMock[],
    options: MockOptions = {},
  ) {
    this.options = {
      secrets: options.secrets ?? { [DEFAULT_SECRET_ID]: DEFAULT_SECRET_KEY },
      signatures: options.signatures ?? "strict",
      taskPolls: options.taskPolls ?? 1,
      taskDelayMs: options.taskDelayMs ?? 0,
      rateLimit: options.rateLimit ?? true,
      maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
      seed: options.seed ?? 1,
      now: options.now ?? Date.now,
    };
    this.state = new StateStore(products);
    this.random = seeded(this.options.seed);
  }

  /** How new tasks progress: after `polls` polls and/or `delayMs`. */
  setTaskProgress(polls: number, delayMs = 0): void {
    this.options.taskPolls = polls;
    this.options.taskDelayMs = delayMs;
  }

  reset(): void {
    this.state.reset();
    this.calls.length = 0;
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
    const path = request.url.split("?")[0];
    const legacy = path === "/v2/index.php";
    if (!legacy && path !== "/")
      return {
        status: 404,
        headers: { "Content-Type": "text/plain" },
        body: `tcgen mock: no API at ${path}`,
      };
    const reply = legacy ? new LegacyReply() : new Tc3Reply();
    try {
      if (request.method !== "GET" && request.method !== "POST")
        throw reply.fail("UnsupportedProtocol", `method ${request.method} is not supported`, 4600);
      if (request.body.byteLength > this.options.maxBodyBytes)
        throw reply.fail(
          "RequestSizeLimitExceeded",
          `the body exceeds ${this.options.maxBodyBytes} bytes`,
          4000,
        );
      const resolved = this.resolve(request, legacy, reply);
      await this.applyFaults(resolved, reply);
      return this.serve(resolved, reply);
    } catch (error) {
      if (error instanceof Answer) return error.answer;
      throw error;
    }
  }

  private resolve(request: ReceivedRequest, legacy: boolean, reply: Reply): Resolved {
    const verification =
      this.options.signatures === "strict" ? this.authenticate(request, legacy, reply) : undefined;
    const tc3Header = !legacy && request.headers["authorization"] !== undefined;
    const flat =
      request.method === "POST" && !tc3Header
        ? queryParams(new TextDecoder().decode(request.body))
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
        `version ${String(version)} of ${product.product} does not exist (it is ${product.version})`,
        6100,
      );
    if (product.regionRequired && !region)
      throw reply.fail("MissingParameter", "the Region parameter is required", 4000);
    let params: Record<string, unknown>;
    if (tc3Header && request.method === "POST") {
      try {
        params = JSON.parse(new TextDecoder().decode(request.body) || "{}") as Record<
          string,
          unknown
        >;
      } catch {
        throw reply.fail("InvalidParameter", "the body is not valid JSON", 4000);
      }
    } else
      params = unflatten(
        Object.fromEntries(Object.entries(flat).filter(([k]) => !COMMON_PARAMS.has(k))),
        action.request,
        product.structs,
      );
    return { product, action, account, region, params };
  }

  private authenticate(request: ReceivedRequest, legacy: boolean, reply: Reply): Verification {
    const verification = verifyRequest(request, (id) => this.options.secrets[id]);
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
      this.nonces.set(nonce, verification.timestamp);
      if (this.nonces.size > 100_000) this.nonces.clear();
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
    const candidates = this.products.filter(
      (p) => (p.protocol === "legacy-v2") === legacy && action in p.actions,
    );
    const chosen = candidates.find((p) => p.product === service) ?? candidates[0];
    if (!chosen) throw reply.fail("InvalidAction", `the action ${action} does not exist`, 6100);
    return chosen;
  }

  private async applyFaults(resolved: Resolved, reply: Reply): Promise<void> {
    for (const fault of this.faults) {
      if (fault.action !== undefined && fault.action !== resolved.action.action) continue;
      if (this.random() >= (fault.rate ?? 1)) continue;
      if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.error)
        throw reply.fail(
          fault.error,
          fault.message ?? `injected fault ${fault.error}`,
          fault.number ?? 6000,
        );
    }
  }

  /** Everything after the wait: rate limit, validation and the effect run without yielding, so each call is atomic. */
  private serve(resolved: Resolved, reply: Reply): MockAnswer {
    const { product, action, account, region, params } = resolved;
    const record = (outcome: string) => {
      this.calls.push({
        at: this.options.now(),
        account,
        region,
        product: product.product,
        action: action.action,
        params,
        outcome,
      });
      if (this.calls.length > LOG_LIMIT) this.calls.splice(0, this.calls.length - LOG_LIMIT);
    };
    try {
      this.limit(account, product.product, action, reply);
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
      const fields = runAction(
        product,
        action,
        this.state.space(account, region, product.product),
        params,
        {
          taskPolls: this.options.taskPolls,
          taskDelayMs: this.options.taskDelayMs,
          now: this.options.now,
          nextTaskId: () => ++this.taskIds,
        },
      );
      record("ok");
      return reply.ok(fields);
    } catch (error) {
      const answer =
        error instanceof Answer
          ? error
          : error instanceof MockFailure
            ? reply.fail(error.code, moduleMessage(action, error), legacyFamily(error.code))
            : undefined;
      if (!answer) throw error;
      record(answer.code);
      return answer.answer;
    }
  }

  /** At most the spec'd calls per second, per account and action (a fixed one-second window). */
  private limit(account: string, product: string, action: ActionMock, reply: Reply): void {
    if (!this.options.rateLimit || action.rateLimit === undefined) return;
    const key = `${account}/${product}/${action.action}`;
    const second = Math.floor(this.options.now() / 1000);
    const window = this.windows.get(key);
    if (!window || window.second !== second) this.windows.set(key, { second, count: 1 });
    else if (++window.count > action.rateLimit)
      throw reply.fail(
        "RequestLimitExceeded",
        `more than ${action.rateLimit} calls per second to ${action.action}`,
        4400,
      );
  }
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
      body: json({ Response: { ...fields, RequestId: this.requestId } }),
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

export type { StateDump };
