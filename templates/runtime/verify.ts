// Server side of signing: checks a received request the way the service does. Used by the mock
// server and by tests. Copied verbatim into the generated package by tcgen.
import { safeEqual, signTc3, signV1, v1StringToSign, type V1Method } from "./signing.js";

/** A request as it arrived: nothing re-encoded or re-serialised. */
export interface ReceivedRequest {
  method: string;
  /** Path and raw query, as on the request line (`/?Action=...`). */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** Exact body bytes. */
  body: Uint8Array;
}

export type Verification =
  | {
      ok: true;
      scheme: "tc3" | "v1";
      secretId: string;
      service?: string;
      params: Record<string, string>;
      timestamp: number;
    }
  | {
      ok: false;
      reason: "missing" | "malformed" | "unknown-key" | "mismatch";
      secretId?: string;
      timestamp?: number;
      message: string;
    };

/** Looks up the secret key of a SecretId; undefined when the key is unknown. */
export type SecretLookup = (secretId: string) => string | undefined;

const TC3 =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * Verifies TC3-HMAC-SHA256 (Authorization header) or signature v1 (Signature parameter). The host
 * is tried as received and without its port, since SDKs differ (section 1.2 of the protocol notes).
 */
export function verifyRequest(request: ReceivedRequest, secrets: SecretLookup): Verification {
  const authorization = request.headers["authorization"];
  if (authorization !== undefined) return verifyTc3(request, authorization, secrets);
  return verifyV1(request, secrets);
}

function verifyTc3(
  request: ReceivedRequest,
  authorization: string,
  secrets: SecretLookup,
): Verification {
  const match = TC3.exec(authorization);
  const timestamp = Number(request.headers["x-tc-timestamp"]);
  if (!match)
    return {
      ok: false,
      reason: "malformed",
      message:
        "the Authorization header is not TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...",
    };
  const [, secretId, date, service, signedHeaders, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!Number.isInteger(timestamp))
    return {
      ok: false,
      reason: "malformed",
      secretId,
      message: "X-TC-Timestamp is missing or not an integer",
    };
  if (signedHeaders !== "content-type;host")
    return {
      ok: false,
      reason: "malformed",
      secretId,
      timestamp,
      message: `unsupported SignedHeaders ${signedHeaders}`,
    };
  const secretKey = secrets(secretId);
  if (secretKey === undefined)
    return {
      ok: false,
      reason: "unknown-key",
      secretId,
      timestamp,
      message: `unknown SecretId ${secretId}`,
    };
  const query = rawQuery(request.url);
  const host = request.headers["host"] ?? "";
  const bare = withoutPort(host);
  // Without the port first: both official SDKs sign it so, and each candidate costs a signing.
  for (const candidate of bare === host ? [host] : [bare, host]) {
    const expected = signTc3({
      secretId,
      secretKey,
      service,
      host: candidate,
      method: request.method === "GET" ? "GET" : "POST",
      query,
      contentType: request.headers["content-type"] ?? "",
      payload: request.body,
      timestamp,
      unsignedPayload: request.headers["x-tc-content-sha256"] === "UNSIGNED-PAYLOAD",
    });
    if (expected.credentialScope.startsWith(`${date}/`) && safeEqual(expected.signature, signature))
      return { ok: true, scheme: "tc3", secretId, service, params: queryParams(query), timestamp };
  }
  return {
    ok: false,
    reason: "mismatch",
    secretId,
    timestamp,
    message: "the signature does not match",
  };
}

function verifyV1(request: ReceivedRequest, secrets: SecretLookup): Verification {
  const form =
    request.method === "POST" ? new TextDecoder().decode(request.body) : rawQuery(request.url);
  const params = queryParams(form);
  const { Signature: signature, SecretId: secretId } = params;
  if (signature === undefined || secretId === undefined)
    return {
      ok: false,
      reason: "missing",
      message: "no Authorization header and no Signature/SecretId parameters",
    };
  const timestamp = Number(params.Timestamp);
  const secretKey = secrets(secretId);
  if (secretKey === undefined)
    return {
      ok: false,
      reason: "unknown-key",
      secretId,
      timestamp,
      message: `unknown SecretId ${secretId}`,
    };
  const method: V1Method = params.SignatureMethod === "HmacSHA256" ? "HmacSHA256" : "HmacSHA1";
  const signed = Object.fromEntries(Object.entries(params).filter(([k]) => k !== "Signature"));
  const path = request.url.split("?")[0] || "/";
  const host = request.headers["host"] ?? "";
  const bare = withoutPort(host);
  for (const candidate of bare === host ? [host] : [host, bare]) {
    const expected = signV1(
      secretKey,
      v1StringToSign(request.method === "POST" ? "POST" : "GET", candidate, path, signed),
      method,
    );
    if (safeEqual(expected, signature))
      return { ok: true, scheme: "v1", secretId, params, timestamp };
  }
  return {
    ok: false,
    reason: "mismatch",
    secretId,
    timestamp,
    message: "the signature does not match",
  };
}

/**
 * The host without a trailing `:<digits>` port (the candidates are a list, not a Set: no Set per
 * request). A scan from the end rather than a regular expression replace, once per request.
 */
function withoutPort(host: string): string {
  let at = host.length;
  while (at > 0 && isDigit(host.charCodeAt(at - 1))) at--;
  return at < host.length && at > 0 && host.charCodeAt(at - 1) === 0x3a
    ? host.slice(0, at - 1)
    : host;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function rawQuery(url: string): string {
  const at = url.indexOf("?");
  return at < 0 ? "" : url.slice(at + 1);
}

/**
 * Decoded parameters of a query string or form body (`+` is a space, as forms encode it). The
 * object has no prototype: a parameter named `__proto__` or `constructor` is just a name.
 */
export function queryParams(text: string): Record<string, string> {
  const params = Object.create(null) as Record<string, string>;
  // A TC3 POST has no query: no URLSearchParams and no iterator for it.
  if (text === "") return params;
  for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  return params;
}
