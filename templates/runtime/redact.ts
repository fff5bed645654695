// Keeping secrets out of errors and hook payloads. Copied verbatim into the generated package.
//
// A session token, a signature or a key must never reach an error's message, stack or cause, nor a
// hook: errors end up in logs and bug reports. Platform errors quote what they were given (fetch
// quotes the URL it could not parse, and a legacy GET URL carries `Token=` and `Signature=`), so
// everything the client passes on is rewritten here first.
import type { Credentials, WireRequest } from "./wire.js";
import { percentEncode } from "./signing.js";

export const MASK = "***";

/** What must not be shown, in every form it can take on the wire. */
export type Secrets = readonly string[];

/** The credentials' secret parts and the request's signature, raw and percent-encoded. */
export function secretsOf(credentials: Credentials, request?: WireRequest): Secrets {
  const raw = [
    credentials.secretKey,
    credentials.token ?? "",
    ...(request ? signaturesOf(request) : []),
  ];
  const forms = raw
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [secret, safeEncode(secret), safeEncode(encodeURIComponent(secret))]);
  // Longest first, so that a secret containing another is masked whole.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function signaturesOf(request: WireRequest): string[] {
  const found: string[] = [];
  const tc3 = /Signature=([0-9a-f]+)/.exec(request.headers.Authorization ?? "");
  if (tc3) found.push(tc3[1]!);
  for (const text of [request.url, request.body ?? ""]) {
    const v1 = /(?:^|[?&])Signature=([^&]*)/.exec(text);
    if (v1) found.push(v1[1]!, safeDecode(v1[1]!));
  }
  return found;
}

function safeEncode(text: string): string {
  try {
    return percentEncode(text);
  } catch {
    return text;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Masks each secret, and any `Signature=`/`Token=` parameter or `X-TC-Token` header whatever its value. */
export function redactText(text: string, secrets: Secrets): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out
    .replace(/(^|[?&\s"'])(Signature|Token|SecretKey)=[^&\s"']*/g, `$1$2=${MASK}`)
    .replace(/(X-TC-Token"?\s*[:=]\s*"?)[^"\s,}]+/gi, `$1${MASK}`);
}

/**
 * An error that is safe to show: the error itself when nothing in its message, stack or cause
 * chain (a few levels deep) holds a secret, else a copy with name, message, stack, a string or
 * number `code` and cause, every secret masked. Error-like values from another realm count too
 * (the host's fetch seen from a vm context).
 */
export function redactError(error: unknown, secrets: Secrets, depth = 0): unknown {
  if (typeof error === "string") return redactText(error, secrets);
  if (typeof error !== "object" || error === null || !("message" in error)) return error;
  const source = error as {
    name?: unknown;
    message: unknown;
    stack?: unknown;
    code?: unknown;
    cause?: unknown;
  };
  const message = redactText(String(source.message), secrets);
  const stack = typeof source.stack === "string" ? redactText(source.stack, secrets) : undefined;
  const cause =
    source.cause !== undefined && depth < 4
      ? redactError(source.cause, secrets, depth + 1)
      : undefined;
  if (message === String(source.message) && stack === source.stack && cause === source.cause)
    return error;
  const copy = new Error(message, cause === undefined ? undefined : { cause }) as Error & {
    code?: unknown;
  };
  copy.name = typeof source.name === "string" ? source.name : "Error";
  copy.stack = stack;
  if (typeof source.code === "string" || typeof source.code === "number") copy.code = source.code;
  return copy;
}

/** A redacted copy of a request for the `onRequest` hook. */
export function redactRequest(request: WireRequest, secrets: Secrets): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = name === "X-TC-Token" ? MASK : redactText(value, secrets);
  const url = redactText(request.url, secrets);
  return request.body === undefined
    ? { method: request.method, url, headers }
    : { method: request.method, url, headers, body: redactText(request.body, secrets) };
}

/** What fetch refuses in a header value, and what would split one header into two. */
const UNSENDABLE = /[\0\r\n]|[^\u0000-\u00ff]/;

/**
 * Refuses, before anything is sent, credentials or header values that contain a line break (or
 * anything else a header cannot carry): fetch would otherwise throw an error quoting the value. The
 * message names the field, never its value.
 */
export function checkSendable(
  credentials: Credentials,
  request: WireRequest,
  secrets: Secrets,
): void {
  for (const field of ["secretId", "secretKey", "token"] as const) {
    const value = credentials[field];
    if (value !== undefined && /[\0\r\n]/.test(value))
      throw new TypeError(`credentials.${field} contains a line break or NUL; nothing was sent`);
  }
  for (const [name, value] of Object.entries(request.headers))
    if (UNSENDABLE.test(value))
      throw new TypeError(
        `header ${name} contains a line break or a character HTTP headers cannot carry; nothing was sent`,
      );
  try {
    new URL(request.url);
  } catch {
    const query = request.url.indexOf("?");
    throw new TypeError(
      `the endpoint does not form a valid URL (${redactText(query < 0 ? request.url : request.url.slice(0, query), secrets)}); nothing was sent`,
    );
  }
}
