import type { Site } from "./context.js";
import { compareBytes } from "./naming.js";
import type { RawError } from "./raw.js";
import type { ErrorCode, ProtocolName } from "./types.js";

/** Builds error codes and reports duplicates: codes for API 3.0, numbers for legacy v2. */
export function buildErrors(raws: RawError[], protocol: ProtocolName, origin: ErrorCode["origin"], site: Site): ErrorCode[] {
  const seen = new Map<string, number>();
  return raws.map((raw, i) => {
    const at = site.at(i);
    if (protocol === "legacy-v2" && raw.number === undefined) at.error(`legacy v2 error "${raw.code}" needs its numeric code ("number")`);
    if (protocol === "tc3" && raw.number !== undefined) at.at("number").error(`API 3.0 error codes have no number ("${raw.code}")`, true);
    const key = identity(raw, protocol);
    const first = seen.get(key);
    if (first !== undefined) at.at(protocol === "tc3" ? "code" : "number").error(`duplicate error ${key} (also at errors[${first}])`);
    else seen.set(key, i);
    const error: ErrorCode = { code: raw.code, description: raw.description, origin, source: at.source };
    if (raw.number !== undefined) error.number = raw.number;
    return error;
  });
}

function identity(error: { code: string; number?: number }, protocol: ProtocolName): string {
  return protocol === "legacy-v2" && error.number !== undefined ? String(error.number) : error.code;
}

/** The action's own codes win over common codes with the same identity. */
export function mergeErrors(own: ErrorCode[], common: ErrorCode[], protocol: ProtocolName): ErrorCode[] {
  const ownKeys = new Set(own.map((e) => identity(e, protocol)));
  const merged = [...own, ...common.filter((e) => !ownKeys.has(identity(e, protocol)))];
  return sortErrors(merged, protocol);
}

export function sortErrors(errors: ErrorCode[], protocol: ProtocolName): ErrorCode[] {
  return [...errors].sort((a, b) =>
    protocol === "legacy-v2" ? (a.number ?? 0) - (b.number ?? 0) || compareBytes(a.code, b.code) : compareBytes(a.code, b.code),
  );
}
