// Errors of the generated clients. Copied verbatim into the generated package by tcgen.
import { brand, hasInstance } from "./brand.js";

const BRAND = brand("TencentCloudError");

/**
 * What went wrong, so callers can branch without parsing messages:
 * - `service`: the service answered with an error envelope (`code` says which);
 * - `http`: a non-200 answer without an error envelope (a gateway, a proxy);
 * - `network`: no answer (connection refused or reset, DNS, TLS);
 * - `timeout`: no answer within the timeout;
 * - `aborted`: the caller's AbortSignal fired;
 * - `invalid-response`: an answer that is not the JSON the protocol promises.
 */
export type TencentCloudErrorKind =
  "service" | "http" | "network" | "timeout" | "aborted" | "invalid-response";

export interface TencentCloudErrorInit<Code extends string> {
  kind: TencentCloudErrorKind;
  action: string;
  /** Product code (`gaap`), so an action name shared by two products is told apart. */
  service?: string;
  code?: Code;
  message: string;
  requestId?: string;
  legacyCode?: number;
  moduleCode?: number;
  httpStatus?: number;
  cause?: unknown;
}

/**
 * The one error the clients throw for a failed call (validation failures throw ValidationError
 * before anything is sent). `code` is typed per action as the union of its codes and the common
 * ones. The secret key is never part of it: nothing that holds it is ever attached.
 */
export class TencentCloudError<Code extends string = string> extends Error {
  override readonly name = "TencentCloudError";
  readonly kind: TencentCloudErrorKind;
  readonly action: string;
  /** Product code of the action (`gaap`). */
  readonly service: string | undefined;
  /** API 3.0 `Error.Code`, or the legacy `codeDesc`; absent for transport failures. */
  readonly code: Code | undefined;
  /** API 3.0 `RequestId` (also on errors); legacy answers carry none. */
  readonly requestId: string | undefined;
  /** Legacy v2: the numeric `code` of the envelope (4000, 4100...). */
  readonly legacyCode: number | undefined;
  /** Legacy v2: the module's number from a message such as `(9003)...`. */
  readonly moduleCode: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(init: TencentCloudErrorInit<Code>) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.action = init.action;
    this.service = init.service;
    this.code = init.code;
    this.requestId = init.requestId;
    this.legacyCode = init.legacyCode;
    this.moduleCode = init.moduleCode;
    this.httpStatus = init.httpStatus;
    BRAND.mark(this);
  }

  /** True for errors thrown by any copy of the runtime (ESM or CommonJS build): see brand.ts. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasInstance(this, TencentCloudError, BRAND, value);
  }

  /** Safe to send again: see `isRetryable`. */
  get retryable(): boolean {
    return isRetryable(this);
  }
}

/** API 3.0 codes a client may safely retry (the service did not apply the call). */
const RETRYABLE_CODES = ["RequestLimitExceeded", "InternalError", "ServiceUnavailable"];
/** Legacy v2 numbers with the same meaning: 4400 quota (rate) exceeded, 6000 internal error. */
const RETRYABLE_LEGACY = [4400, 6000];

/**
 * Network failures (nothing reached the service), rate limiting, internal errors and service
 * unavailability (the service asks to try again), and 502/503/504 from a gateway. Not timeouts:
 * a write may have been applied before the answer was lost.
 */
export function isRetryable(error: TencentCloudError): boolean {
  switch (error.kind) {
    case "network":
      return true;
    case "http":
      return error.httpStatus === 502 || error.httpStatus === 503 || error.httpStatus === 504;
    case "service": {
      if (error.legacyCode !== undefined) return RETRYABLE_LEGACY.includes(error.legacyCode);
      const family = (error.code ?? "").split(".")[0]!;
      return RETRYABLE_CODES.includes(family);
    }
    default:
      return false;
  }
}

/**
 * Whether `error` is the TencentCloudError of one action of one product: what the generated
 * per-action guards (`isBindListenerRealServersError`) call, so that inside them `code` is typed as
 * the action's code union.
 */
export function isActionError<Code extends string>(
  error: unknown,
  service: string,
  action: string,
): error is TencentCloudError<Code> {
  return error instanceof TencentCloudError && error.action === action && error.service === service;
}
