// Request signing for Tencent Cloud APIs: TC3-HMAC-SHA256 (API 3.0) and signature v1
// (HmacSHA1 / HmacSHA256, API 3.0 and legacy v2), plus the GET/form flattening and encoding they
// depend on. Copied verbatim into the generated package by tcgen; it is hand-written, unit-tested
// source (templates/runtime/signing.test.ts in the tcgen repo). No platform import: hashing comes
// from hash.ts (native where offered, else pure), so it runs on any web-standard runtime.
import { hashBackend, type Bytes } from "./hash.js";

// ---- primitives ----

/** The last day number utcDate formatted, and its date. */
let lastDay = -1;
let lastDate = "";

/** UTC calendar date (YYYY-MM-DD) of a Unix timestamp in seconds: the TC3 credential-scope date. */
export function utcDate(timestamp: number): string {
  // A Unix day is exactly 86400 s (no leap seconds), so the day number decides the date: requests
  // signed or verified in a row share it, and the Date work is done once a day, not per request.
  const day = Math.floor(checkTimestamp(timestamp) / 86400);
  if (day !== lastDay) {
    lastDate = formatUtcDate(day * 86400);
    lastDay = day;
  }
  return lastDate;
}

function formatUtcDate(timestamp: number): string {
  // Never local time: in UTC+8 the scope date would flip a day early and the signature would fail.
  const date = new Date(timestamp * 1000);
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${String(date.getUTCFullYear()).padStart(4, "0")}-${month}-${day}`;
}

/** Lower-case hex SHA-256; strings are hashed as UTF-8, as they travel on the wire. */
export function sha256Hex(data: Bytes): string {
  return hashBackend.digestText("sha256", data, "hex");
}

/** Raw HMAC-SHA256 bytes: TC3 chains these as the keys of the next step. */
export function hmacSha256(key: Bytes, message: string): Uint8Array {
  return hashBackend.hmac("sha256", key, message);
}

/**
 * The timestamp is signed as decimal text and must equal `X-TC-Timestamp`; a fraction or NaN would
 * produce a signature no server accepts, so fail here instead.
 */
function checkTimestamp(timestamp: number): number {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(
      `timestamp must be a non-negative integer of Unix seconds, got ${String(timestamp)}`,
    );
  }
  return timestamp;
}

// ---- TC3-HMAC-SHA256 ----

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** Credential-scope service, e.g. "gaap" */
  service: string;
  /** Host as used in the canonical headers (no port unless the caller wants it) */
  host: string;
  method: "POST" | "GET";
  /** Raw query string after "?" exactly as sent ("" for POST) */
  query: string;
  /** Content-Type header exactly as sent */
  contentType: string;
  /** Exact body bytes (empty string for GET) */
  payload: string | Uint8Array;
  /** Unix seconds */
  timestamp: number;
  /** When true, hash the literal "UNSIGNED-PAYLOAD" (the X-TC-Content-SHA256 option) */
  unsignedPayload?: boolean;
}

export interface Tc3Signature {
  /** The whole `Authorization` header value. */
  authorization: string;
  /** Lower-case hex. */
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
  /** `<UTC date>/<service>/tc3_request` */
  credentialScope: string;
}

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";

/** Both SDKs sign exactly these two headers; more could be signed, but nothing needs it. */
export const TC3_SIGNED_HEADERS = "content-type;host";

/** The payload hash line when `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` is sent. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/**
 * Signs an API 3.0 request. Everything is taken as it goes on the wire (query text, content type,
 * body bytes): re-serialising or re-encoding any of them is the classic way to break the signature.
 */
export function signTc3(request: Tc3Request): Tc3Signature {
  const canonicalRequest = tc3CanonicalRequest(request);
  const date = utcDate(request.timestamp);
  const credentialScope = `${date}/${request.service}/tc3_request`;
  // Template literals rather than an array joined: no array per signature (the mock verifies one
  // per request).
  const stringToSign = `${TC3_ALGORITHM}\n${request.timestamp}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
  const signature = hashBackend.hmacText(
    "sha256",
    signingKey(request.secretKey, date, request.service),
    stringToSign,
    "hex",
  );
  const authorization = `${TC3_ALGORITHM} Credential=${request.secretId}/${credentialScope}, SignedHeaders=${TC3_SIGNED_HEADERS}, Signature=${signature}`;
  return { authorization, signature, canonicalRequest, stringToSign, credentialScope };
}

/**
 * Six lines: method, URI (always `/` in API 3.0), raw query, canonical headers (each ending in a
 * newline, so an empty line shows), signed headers, payload hash. Header values are trimmed but not
 * lower-cased: both official SDKs sign the value as sent.
 */
export function tc3CanonicalRequest(request: Tc3Request): string {
  const headers = `content-type:${request.contentType.trim()}\nhost:${request.host.trim()}\n`;
  const payloadHash =
    request.unsignedPayload === true ? sha256Hex(UNSIGNED_PAYLOAD) : sha256Hex(request.payload);
  return `${request.method}\n/\n${request.query}\n${headers}\n${TC3_SIGNED_HEADERS}\n${payloadHash}`;
}

/**
 * The TC3 key chain: date, then service, then the fixed `tc3_request`. Exposed so tests (and anyone
 * debugging a mismatch) can compare each step with the documented intermediate keys.
 */
export function deriveTc3Keys(
  secretKey: string,
  date: string,
  service: string,
): { kDate: Uint8Array; kService: Uint8Array; kSigning: Uint8Array } {
  const kDate = hmacSha256(`TC3${secretKey}`, date);
  const kService = hmacSha256(kDate, service);
  const kSigning = hmacSha256(kService, "tc3_request");
  return { kDate, kService, kSigning };
}

/**
 * kSigning changes once a day per secret and service, yet deriving it costs three HMACs per
 * request; a client (or the mock, verifying) signs thousands of requests with the same one.
 * Bounded, so a server verifying many callers cannot grow it without limit.
 */
const signingKeys = new Map<string, Uint8Array>();
const SIGNING_KEYS_KEPT = 64;

/** The key used last, checked before the map: requests in a row almost always share it. */
let lastKey: { secretKey: string; date: string; service: string; key: Uint8Array } = {
  secretKey: "",
  date: "",
  service: "",
  key: new Uint8Array(0),
};

function signingKey(secretKey: string, date: string, service: string): Uint8Array {
  if (lastKey.date === date && lastKey.service === service && lastKey.secretKey === secretKey)
    return lastKey.key;
  const key = cachedSigningKey(secretKey, date, service);
  lastKey = { secretKey, date, service, key };
  return key;
}

function cachedSigningKey(secretKey: string, date: string, service: string): Uint8Array {
  // The newline cannot occur in a date or a service code, so the key is unambiguous.
  const cacheKey = `${date}\n${service}\n${secretKey}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    if (signingKeys.size >= SIGNING_KEYS_KEPT) signingKeys.clear();
    key = deriveTc3Keys(secretKey, date, service).kSigning;
    signingKeys.set(cacheKey, key);
  }
  return key;
}

// ---- signature v1 ----

export type V1Method = "HmacSHA1" | "HmacSHA256";

const V1_HASHES: Record<V1Method, "sha1" | "sha256"> = { HmacSHA1: "sha1", HmacSHA256: "sha256" };

/** `<METHOD><host><path>?k=v&...` with keys sorted by byte order, raw (unencoded) values, Signature excluded. */
export function v1StringToSign(
  method: "GET" | "POST",
  host: string,
  path: string,
  params: Record<string, string>,
): string {
  const pairs = Object.keys(params)
    .filter((key) => key !== "Signature")
    .sort(compareBytes)
    .map((key) => `${key}=${params[key] ?? ""}`);
  return `${method}${host}${path}?${pairs.join("&")}`;
}

/**
 * Byte (UTF-8) order, which is code-point order: upper case before lower case, `.` before digits,
 * so `InstanceIds.10` precedes `InstanceIds.2`. Same as the SDKs' default sort for ASCII names.
 */
function compareBytes(a: string, b: string): number {
  // Code points, not UTF-16 units: "\u{10000}" (F0 in UTF-8) sorts after "\uFFFF" (EF), though its
  // first unit (D800) is smaller.
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
}

/** Base64 HMAC of the UTF-8 string to sign, keyed with the SecretKey itself. */
export function signV1(secretKey: string, stringToSign: string, method: V1Method): string {
  // Callers from plain JS may pass anything; the server would silently fall back to HmacSHA1.
  if (!Object.hasOwn(V1_HASHES, method))
    throw new TypeError(
      `unsupported signature method ${JSON.stringify(method)} (HmacSHA1 or HmacSHA256)`,
    );
  return hashBackend.hmacText(V1_HASHES[method], secretKey, stringToSign, "base64");
}

// ---- GET / form parameters ----

/** Flattens structured parameters as the Node SDK's mergeData does (section 1.6): objects -> Parent.Child, arrays -> List.0, skip null/undefined, booleans as "true"/"false", numbers via String(), bigint via toString(), empty arrays/objects vanish. Returns entries in insertion (caller) order. */
export function flattenParams(params: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) flattenValue(out, key, value);
  return out;
}

/** Recurses into lists and objects; an empty one adds nothing, which is why GET cannot send `[]`. */
function flattenValue(out: [string, string][], name: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => flattenValue(out, `${name}.${index}`, item));
  } else if (typeof value === "object") {
    for (const [key, child] of Object.entries(value)) flattenValue(out, `${name}.${key}`, child);
  } else {
    out.push([name, scalarText(name, value)]);
  }
}

/** Scalar text as the SDK's querystring prints it (bigints in full, without precision loss). */
function scalarText(name: string, value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return String(value);
    case "bigint":
      return value.toString();
    default:
      throw new TypeError(`parameter ${name} cannot be sent as text: got ${typeof value}`);
  }
}

/**
 * RFC 3986 percent-encoding with upper-case hex (UTF-8 first): unreserved A-Z a-z 0-9 - _ . ~ stay, space -> %20.
 * Stricter than encodeURIComponent (also encodes `! ' ( ) *`). A lone surrogate has no UTF-8 form:
 * it throws URIError rather than silently becoming U+FFFD.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `k=v` joined by `&`, both sides percent-encoded, in the given order (TC3 signs the order sent). */
export function encodeQuery(entries: [string, string][]): string {
  return entries.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join("&");
}

// ---- verifying ----

/**
 * Constant-time comparison of two signatures (for servers/mocks verifying): the loop visits every
 * character whatever differs. Only the lengths may end it early, and the length of a signature is
 * no secret (fixed by its algorithm and encoding), so nothing is hashed first (a mock verifies
 * every request: two digests per call showed in its profile).
 */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
