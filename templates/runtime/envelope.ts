// Reading the two response envelopes. Copied verbatim into the generated package by tcgen.
import { TencentCloudError } from "./errors.js";
import { parseJson } from "./json.js";

/** Which call an answer belongs to: carried by every error read from it. */
export interface AnswerOrigin {
  action: string;
  /** Product code. */
  service: string;
}

/** The action's fields of an API 3.0 answer, or the error it carries. */
export function readTc3(
  origin: AnswerOrigin,
  status: number,
  text: string,
  bigIntegers = false,
): Record<string, unknown> {
  const json = parse(origin, status, text, bigIntegers);
  const response = (json as { Response?: unknown }).Response;
  if (typeof response !== "object" || response === null) {
    if (status !== 200) throw httpError(origin, status, text);
    throw invalid(origin, status, "the answer has no Response object");
  }
  const fields = response as Record<string, unknown>;
  const error = fields.Error as { Code?: unknown; Message?: unknown } | undefined;
  if (error !== undefined) {
    throw new TencentCloudError({
      kind: "service",
      ...origin,
      code: String(error.Code ?? "InternalError"),
      message: String(error.Message ?? ""),
      ...(typeof fields.RequestId === "string" ? { requestId: fields.RequestId } : {}),
      httpStatus: status,
    });
  }
  if (status !== 200) throw httpError(origin, status, text);
  return fields;
}

/** The action's fields of a legacy v2 answer (envelope removed), or the error it carries. */
export function readLegacy(
  origin: AnswerOrigin,
  status: number,
  text: string,
  bigIntegers = false,
): Record<string, unknown> {
  const json = parse(origin, status, text, bigIntegers) as Record<string, unknown>;
  if (typeof json !== "object" || json === null || typeof json.code !== "number") {
    if (status !== 200) throw httpError(origin, status, text);
    throw invalid(origin, status, "the answer has no numeric code");
  }
  const { code, message, codeDesc, ...fields } = json;
  if (code === 0) return fields;
  const text_ = String(message ?? "");
  const module = /^\((-?\d+)\)/.exec(text_);
  throw new TencentCloudError({
    kind: "service",
    ...origin,
    code: String(codeDesc ?? code),
    message: text_,
    legacyCode: code as number,
    ...(module ? { moduleCode: Number(module[1]) } : {}),
    httpStatus: status,
  });
}

/** Plain JSON.parse, as the official SDK; with `bigIntegers`, integers beyond 2^53 become bigints. */
function parse(origin: AnswerOrigin, status: number, text: string, bigIntegers: boolean): unknown {
  try {
    return bigIntegers ? parseJson(text) : JSON.parse(text);
  } catch {
    if (status !== 200) throw httpError(origin, status, text);
    throw invalid(origin, status, "the answer is not JSON");
  }
}

function httpError(origin: AnswerOrigin, status: number, text: string): TencentCloudError {
  return new TencentCloudError({
    kind: "http",
    ...origin,
    message: `HTTP ${status}: ${text.slice(0, 200)}`,
    httpStatus: status,
  });
}

function invalid(origin: AnswerOrigin, status: number, why: string): TencentCloudError {
  return new TencentCloudError({
    kind: "invalid-response",
    ...origin,
    message: why,
    httpStatus: status,
  });
}
