// How a call looks on the wire, for each protocol and signing method. Copied verbatim by tcgen.
import {
  encodeQuery,
  flattenParams,
  signTc3,
  signV1,
  v1StringToSign,
  type V1Method,
} from "./signing.js";
import { toJson } from "./json.js";

export interface Credentials {
  secretId: string;
  secretKey: string;
  /** Session token of temporary credentials. */
  token?: string;
}

/** Everything a request needs besides the parameters. */
export interface WireContext {
  action: string;
  /** API version (API 3.0 only). */
  version?: string;
  /** Credential-scope service (the product code). */
  service: string;
  /** `https:` or `http:`. */
  scheme: string;
  /** Host name, without port. */
  hostname: string;
  port?: number;
  /** `/` for API 3.0, `/v2/index.php` for legacy v2. */
  path: string;
  region?: string;
  language?: string;
  credentials: Credentials;
  /** Unix seconds. */
  timestamp: number;
  /** Random positive integer (signature v1 only). */
  nonce: number;
}

export interface WireRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

function hostWithPort(ctx: WireContext): string {
  return ctx.port === undefined ? ctx.hostname : `${ctx.hostname}:${ctx.port}`;
}

function baseUrl(ctx: WireContext): string {
  return `${ctx.scheme}//${hostWithPort(ctx)}${ctx.path}`;
}

/**
 * API 3.0 with TC3-HMAC-SHA256: POST JSON (the default) or GET with flattened query parameters;
 * common parameters travel as X-TC-* headers. The canonical host has no port, as the official
 * Node SDK signs it.
 */
export function tc3Request(
  ctx: WireContext,
  params: Record<string, unknown>,
  method: "GET" | "POST",
): WireRequest {
  const query = method === "GET" ? encodeQuery(flattenParams(params)) : "";
  const contentType = method === "GET" ? "application/x-www-form-urlencoded" : "application/json";
  const body = method === "POST" ? toJson(params) : undefined;
  const { authorization } = signTc3({
    secretId: ctx.credentials.secretId,
    secretKey: ctx.credentials.secretKey,
    service: ctx.service,
    host: ctx.hostname,
    method,
    query,
    contentType,
    payload: body ?? "",
    timestamp: ctx.timestamp,
  });
  const headers: Record<string, string> = {
    Authorization: authorization,
    "Content-Type": contentType,
    "X-TC-Action": ctx.action,
    "X-TC-Timestamp": String(ctx.timestamp),
  };
  if (ctx.version) headers["X-TC-Version"] = ctx.version;
  if (ctx.region) headers["X-TC-Region"] = ctx.region;
  if (ctx.credentials.token) headers["X-TC-Token"] = ctx.credentials.token;
  if (ctx.language) headers["X-TC-Language"] = ctx.language;
  const url = baseUrl(ctx) + (query ? `?${query}` : "");
  return body === undefined ? { url, method, headers } : { url, method, headers, body };
}

/**
 * Signature v1 (HmacSHA1 / HmacSHA256): API 3.0 with `signatureMethod` set, and every legacy v2
 * call. Common parameters travel with the business ones (query for GET, form body for POST); the
 * string to sign uses the host with its port, as the official SDK does.
 */
export function v1Request(
  ctx: WireContext,
  params: Record<string, unknown>,
  method: "GET" | "POST",
  signatureMethod: V1Method,
): WireRequest {
  const entries = flattenParams(params);
  entries.push(["Action", ctx.action]);
  if (ctx.version) entries.push(["Version", ctx.version]);
  if (ctx.region) entries.push(["Region", ctx.region]);
  entries.push(
    ["Timestamp", String(ctx.timestamp)],
    ["Nonce", String(ctx.nonce)],
    ["SecretId", ctx.credentials.secretId],
  );
  entries.push(["SignatureMethod", signatureMethod]);
  if (ctx.credentials.token) entries.push(["Token", ctx.credentials.token]);
  if (ctx.language) entries.push(["Language", ctx.language]);
  const stringToSign = v1StringToSign(
    method,
    hostWithPort(ctx),
    ctx.path,
    Object.fromEntries(entries),
  );
  entries.push(["Signature", signV1(ctx.credentials.secretKey, stringToSign, signatureMethod)]);
  const encoded = encodeQuery(entries);
  if (method === "GET") return { url: `${baseUrl(ctx)}?${encoded}`, method, headers: {} };
  return {
    url: baseUrl(ctx),
    method,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: encoded,
  };
}
