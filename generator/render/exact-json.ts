/**
 * `JSON.stringify` for spec data that may hold integers beyond ±2^53 as bigints (the IR keeps them
 * exact, see generator/load/exact-integers.ts). A bigint is written with all its digits: bare in
 * JSON text (JSON numbers have no precision limit; it is the reader that may round), or with
 * `bigintSuffix` `n` as a JavaScript bigint literal. Everything else is printed as JSON.stringify
 * prints it, so output without bigints is unchanged.
 */
export function exactJson(value: unknown, options: { bigintSuffix?: "" | "n"; indent?: number } = {}): string {
  const native = nativeJson(value, options.indent ?? 0);
  const text = native === HAS_BIGINT ? print(value, options.bigintSuffix ?? "", " ".repeat(options.indent ?? 0), "") : native;
  return text ?? "undefined";
}

const HAS_BIGINT = Symbol("has a bigint");

/**
 * Nearly every value holds no bigint: JSON.stringify prints it natively, several times faster
 * than the walk below. It throws a TypeError on a bigint (and on a cycle, which the walk then
 * reports as it always did).
 */
function nativeJson(value: unknown, indent: number): string | undefined | typeof HAS_BIGINT {
  try {
    return JSON.stringify(value, null, indent);
  } catch (error) {
    if (error instanceof TypeError) return HAS_BIGINT;
    throw error;
  }
}

function print(value: unknown, suffix: string, indent: string, current: string): string | undefined {
  if (typeof value === "bigint") return `${value}${suffix}`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
  const inner = current + indent;
  const open = indent ? `\n${inner}` : "";
  const close = indent ? `\n${current}` : "";
  const separator = indent ? `,\n${inner}` : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => print(item, suffix, indent, inner) ?? "null");
    return `[${open}${items.join(separator)}${close}]`;
  }
  const members = Object.entries(value).flatMap(([key, member]) => {
    const text = print(member, suffix, indent, inner);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${indent ? " " : ""}${text}`];
  });
  if (members.length === 0) return "{}";
  return `{${open}${members.join(separator)}${close}}`;
}

/**
 * exactJson for JSON shown inside a Markdown fence or read line by line: U+2028, U+2029 and U+0085
 * escaped (still the same JSON value), so no line reader or fence splits a string.
 */
export function exactJsonLines(value: unknown, indent = 2): string {
  return exactJson(value, { indent }).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029").replace(/\u0085/g, "\\u0085");
}
