// JSON for request bodies. Copied verbatim into the generated package by tcgen.

/**
 * `JSON.stringify` that writes bigints as bare integers (int64/uint64 beyond 2^53 arrive intact, as
 * with the official SDK's json-bigint) and leaves out null and undefined members, as the official
 * SDK does. Compact, members in the caller's order.
 */
export function toJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((item) => toJson(item)).join(",")}]`;
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== null && member !== undefined)
        .map(([key, member]) => `${JSON.stringify(key)}:${toJson(member)}`);
      return `{${members.join(",")}}`;
    }
    default:
      return "null";
  }
}
