// The core every generated client calls through. Copied verbatim into the generated package.
import { systemClock, type Clock } from "./clock.js";
import { readLegacy, readTc3 } from "./envelope.js";
import { brand, hasInstance } from "./brand.js";
import { TencentCloudError, isRetryable } from "./errors.js";
import { RateLimiter } from "./rate-limit.js";
import {
  checkSendable,
  redactError,
  redactRequest,
  redactText,
  secretsOf,
  type Secrets,
} from "./redact.js";
import {
  enforceValidation,
  type ValidationFailure,
  type ValidationMode,
  type ValidationResult,
} from "./validation.js";
import {
  tc3Request,
  v1Request,
  type Credentials,
  type WireContext,
  type WireRequest,
} from "./wire.js";

/** What the generator knows about an action, handed to the core with each call. */
export interface ActionInfo {
  action: string;
  /** Product code; the TC3 credential-scope service. */
  service: string;
  protocol: "tc3" | "legacy-v2";
  version?: string;
  endpoints: { domestic: string; international?: string };
  /** Absent: the spec does not say; Region is sent when given. */
  regionRequired?: boolean;
  /** Calls per second the spec allows; absent: not documented, so the client does not throttle. */
  rateLimit?: number;
  /** Answers are parsed keeping integers beyond 2^53 as bigints (the spec's `int64: bigint`). */
  bigIntegers: boolean;
  validate: (input: unknown) => ValidationResult;
}

/** Where to send requests instead of the product's host: how a client is pointed at a mock. */
export interface Endpoint {
  protocol?: "https" | "http";
  host: string;
  port?: number;
}

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** First backoff, doubled each retry, with full jitter. Default 100 ms. */
  baseDelayMs?: number;
  /** Cap on one backoff. Default 5000 ms. */
  maxDelayMs?: number;
}

export interface RequestInfo {
  action: string;
  attempt: number;
  method: string;
  url: string;
  /** Request headers; signatures and tokens are masked here and in `url` and `body`. */
  headers: Record<string, string>;
  body?: string;
}

export interface ResponseInfo {
  action: string;
  attempt: number;
  status: number;
  durationMs: number;
  body: string;
}

export interface Hooks {
  onRequest?(info: RequestInfo): void;
  onResponse?(info: ResponseInfo): void;
  onRetry?(info: {
    action: string;
    attempt: number;
    delayMs: number;
    error: TencentCloudError;
  }): void;
  /** Validation failures in `warn` mode, and warnings in `strict` mode. */
  onValidation?(action: string, failures: ValidationFailure[]): void;
}

/** Per call; every option overrides the client's. */
export interface CallOptions {
  region?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  validation?: ValidationMode;
  retry?: RetryOptions | false;
}

export interface ClientOptions extends Omit<CallOptions, "signal"> {
  /** Default: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN. */
  credentials?: Credentials;
  /** Overrides the product's host (scheme, host, port). */
  endpoint?: Endpoint;
  /** Use the international host (`*.intl.tencentcloudapi.com`) where the product has one. */
  international?: boolean;
  language?: "zh-CN" | "en-US";
  /** API 3.0 signing: TC3-HMAC-SHA256 (default) or signature v1. */
  signatureMethod?: "TC3-HMAC-SHA256" | "HmacSHA1" | "HmacSHA256";
  /** Legacy v2 signing. Default HmacSHA1, as the service documents. */
  legacySignatureMethod?: "HmacSHA1" | "HmacSHA256";
  /** HTTP method. Default POST for API 3.0 (JSON), GET for legacy v2. */
  httpMethod?: "GET" | "POST";
  /** Client-side rate limiting at each action's spec'd calls per second. Default on. */
  rateLimit?: boolean;
  /**
   * Calls per second by action name, for actions whose limit no page documents (they are never
   * throttled otherwise) or to override a documented one.
   */
  rateLimits?: Record<string, number>;
  hooks?: Hooks;
  /** Replaceable for tests. */
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const BRAND = brand("ClientCore");

/** Shared by every product client: signing, sending, retrying, limiting, reading answers. */
export class ClientCore {
  private readonly limiter: RateLimiter;
  /** The client's time source: waiters and backoff sleep on it. */
  readonly clock: Clock;
  private readonly random: () => number;

  constructor(readonly options: ClientOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.limiter = new RateLimiter(this.clock);
    BRAND.mark(this);
  }

  /** True for cores of any copy of the runtime (ESM or CommonJS build): see brand.ts. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasInstance(this, ClientCore, BRAND, value);
  }

  async call<Response>(
    info: ActionInfo,
    params: object,
    call: CallOptions = {},
  ): Promise<Response> {
    const mode = call.validation ?? this.options.validation ?? "strict";
    enforceValidation(
      info.action,
      () => info.validate(params),
      mode,
      this.options.hooks?.onValidation,
    );
    const region = call.region ?? this.options.region;
    if (info.regionRequired && !region)
      throw new TypeError(
        `${info.action} needs a region: set \`region\` on the client or the call`,
      );
    const retry = call.retry ?? this.options.retry ?? {};
    const attempts = retry === false ? 1 : (retry.maxAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      try {
        const limit = this.options.rateLimits?.[info.action] ?? info.rateLimit;
        if (this.options.rateLimit !== false && limit !== undefined)
          await this.limiter.acquire(`${info.service}/${info.action}`, limit, call.signal);
        return (await this.send(
          info,
          params as Record<string, unknown>,
          region,
          call,
          attempt,
        )) as Response;
      } catch (error) {
        if (!(error instanceof TencentCloudError) || attempt >= attempts || !isRetryable(error))
          throw error;
        const delayMs = this.backoff(attempt, retry === false ? {} : retry);
        this.options.hooks?.onRetry?.({ action: info.action, attempt, delayMs, error });
        await this.clock.sleep(delayMs, call.signal);
      }
    }
  }

  /** Full jitter: a random delay up to base * 2^(attempt-1), capped. */
  private backoff(attempt: number, retry: RetryOptions): number {
    const cap = Math.min(retry.maxDelayMs ?? 5000, (retry.baseDelayMs ?? 100) * 2 ** (attempt - 1));
    return Math.floor(this.random() * cap);
  }

  private async send(
    info: ActionInfo,
    params: Record<string, unknown>,
    region: string | undefined,
    call: CallOptions,
    attempt: number,
  ): Promise<unknown> {
    const credentials = this.credentials();
    const request = this.wire(info, params, region, credentials);
    const secrets = secretsOf(credentials, request);
    checkSendable(credentials, request, secrets);
    this.options.hooks?.onRequest?.({
      action: info.action,
      attempt,
      ...redactRequest(request, secrets),
    });
    try {
      return await this.exchange(info, request, call, attempt, secrets);
    } catch (error) {
      throw redactThrown(error, secrets);
    }
  }

  /** One HTTP exchange under the call's timeout and signal; every failure as a TencentCloudError. */
  private async exchange(
    info: ActionInfo,
    request: WireRequest,
    call: CallOptions,
    attempt: number,
    secrets: Secrets,
  ): Promise<unknown> {
    const origin = { action: info.action, service: info.service };
    const timeoutMs = call.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    call.signal?.addEventListener("abort", onAbort, { once: true });
    const started = this.clock.now();
    try {
      if (call.signal?.aborted) throw call.signal.reason;
      const response = await (this.options.fetch ?? fetch)(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: controller.signal,
      });
      const text = await response.text();
      const durationMs = this.clock.now() - started;
      this.options.hooks?.onResponse?.({
        action: info.action,
        attempt,
        status: response.status,
        durationMs,
        body: redactText(text, secrets),
      });
      const read = info.protocol === "tc3" ? readTc3 : readLegacy;
      return read(origin, response.status, text, info.bigIntegers);
    } catch (error) {
      if (error instanceof TencentCloudError) throw error;
      if (call.signal?.aborted)
        throw new TencentCloudError({
          kind: "aborted",
          ...origin,
          message: "the call was aborted",
          cause: call.signal.reason,
        });
      if (timedOut)
        throw new TencentCloudError({
          kind: "timeout",
          ...origin,
          message: `no answer within ${timeoutMs} ms`,
        });
      throw new TencentCloudError({
        kind: "network",
        ...origin,
        message: `request failed: ${messageOf(error)}`,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener("abort", onAbort);
    }
  }

  private wire(
    info: ActionInfo,
    params: Record<string, unknown>,
    region: string | undefined,
    credentials: Credentials,
  ): WireRequest {
    const endpoint = this.endpoint(info);
    const ctx: WireContext = {
      action: info.action,
      service: info.service,
      scheme: `${endpoint.protocol ?? "https"}:`,
      hostname: endpoint.host,
      path: info.protocol === "tc3" ? "/" : "/v2/index.php",
      credentials,
      timestamp: Math.floor(this.clock.now() / 1000),
      nonce: 1 + Math.floor(this.random() * 2_147_483_646),
      ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
      ...(info.version !== undefined ? { version: info.version } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(this.options.language !== undefined ? { language: this.options.language } : {}),
    };
    if (info.protocol === "legacy-v2")
      return v1Request(
        ctx,
        params,
        this.options.httpMethod ?? "GET",
        this.options.legacySignatureMethod ?? "HmacSHA1",
      );
    const method = this.options.httpMethod ?? "POST";
    const signing = this.options.signatureMethod ?? "TC3-HMAC-SHA256";
    return signing === "TC3-HMAC-SHA256"
      ? tc3Request(ctx, params, method)
      : v1Request(ctx, params, method, signing);
  }

  private endpoint(info: ActionInfo): Endpoint {
    if (this.options.endpoint) return this.options.endpoint;
    const host =
      this.options.international && info.endpoints.international
        ? info.endpoints.international
        : info.endpoints.domestic;
    return { protocol: "https", host };
  }

  /** Read on each call, so rotated environment credentials are picked up. */
  private credentials(): Credentials {
    if (this.options.credentials) return this.options.credentials;
    const env = globalThis.process?.env ?? {};
    const secretId = env.TENCENTCLOUD_SECRET_ID;
    const secretKey = env.TENCENTCLOUD_SECRET_KEY;
    if (!secretId || !secretKey)
      throw new TypeError(
        "no credentials: pass `credentials` or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
      );
    const token = env.TENCENTCLOUD_SESSION_TOKEN;
    return token ? { secretId, secretKey, token } : { secretId, secretKey };
  }
}

function messageOf(error: unknown): string {
  return typeof error === "object" && error !== null && "message" in error
    ? String(error.message)
    : String(error);
}

/**
 * The error a call throws, with every secret masked in its message, stack and cause. A
 * TencentCloudError keeps its identity (fields are not secret; message and stack are rewritten in
 * place); anything else is replaced by a masked copy.
 */
function redactThrown(error: unknown, secrets: Secrets): unknown {
  if (!(error instanceof TencentCloudError)) return redactError(error, secrets);
  error.message = redactText(error.message, secrets);
  if (error.stack !== undefined) error.stack = redactText(error.stack, secrets);
  if (error.cause !== undefined)
    Object.defineProperty(error, "cause", {
      value: redactError(error.cause, secrets),
      configurable: true,
      writable: true,
    });
  return error;
}
