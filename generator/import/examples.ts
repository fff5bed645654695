import type { ApiExample } from "./catalogue.js";
import { htmlToText } from "./html.js";
import type { Data } from "./convert.js";

export type ParsedExample = { example: Data } | { skip: string };

/**
 * Reads one examples.json entry: an HTTP request (POST with a JSON body, or a GET URL whose query
 * holds flattened parameters) and a JSON `{ Response: ... }`. Error answers are not examples of
 * the response shape and are left out.
 */
export function parseExample(raw: ApiExample): ParsedExample {
  const title = raw.title?.trim();
  if (!title) return { skip: "no title" };
  const request = parseRequest(raw.input ?? "");
  if ("skip" in request) return request;
  let answer: unknown;
  try {
    answer = JSON.parse(raw.output ?? "");
  } catch {
    return { skip: "the response is not JSON" };
  }
  const response = (answer as { Response?: unknown } | null)?.Response;
  if (!isRecord(response)) return { skip: "the response has no Response object" };
  if ("Error" in response) return { skip: "it shows an error answer" };
  const example: Data = { title: { zh: title } };
  const description = htmlToText(raw.document ?? "");
  if (description) example.description = { zh: description };
  if (request.region) example.region = request.region;
  example.request = request.params;
  example.response = response;
  return { example };
}

type ParsedRequest = { params: Data; region?: string; flat: boolean } | { skip: string };

function parseRequest(input: string): ParsedRequest {
  const text = input.replace(/\r\n?/g, "\n").trim();
  if (/^(https?:\/\/|GET )/.test(text)) return parseQuery(text);
  const split = text.indexOf("\n\n");
  if (!/^POST /.test(text) || split < 0) return { skip: "the request is neither a POST with a JSON body nor a GET URL" };
  const region = /^X-TC-Region:\s*(\S+)/im.exec(text.slice(0, split))?.[1];
  let params: unknown;
  try {
    params = JSON.parse(text.slice(split + 2));
  } catch {
    return { skip: "the request body is not JSON" };
  }
  if (!isRecord(params)) return { skip: "the request body is not a JSON object" };
  return region && !region.startsWith("<") ? { params, region, flat: false } : { params, flat: false };
}

/**
 * GET examples carry `A=1&B.0.C=x`; they are marked `flat` so the caller can rebuild structured
 * parameters with the action's types (the query string alone cannot tell "1" from 1).
 */
function parseQuery(text: string): ParsedRequest {
  // Tencent wraps long URLs: one `&Name=value` per line.
  const url = text.replace(/^GET\s+/, "").replace(/\s*\n\s*/g, "").split(/\s/)[0]!;
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  const params: Data = {};
  let region: string | undefined;
  for (const part of query.split("&")) {
    if (!part || part.startsWith("<")) continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = safeDecode(eq < 0 ? "" : part.slice(eq + 1));
    if (key === "Action" || key === "Version") continue;
    if (key === "Region") region = value;
    else params[key] = value;
  }
  return region ? { params: { [FLAT]: params }, region, flat: true } : { params: { [FLAT]: params }, flat: true };
}

/** Key under which a GET example keeps its flattened parameters until they are typed. */
export const FLAT = "\u0000flat";

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
