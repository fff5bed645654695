// JSON for request bodies. Copied verbatim into the generated package by tcgen.

/**
 * `JSON.stringify` that writes bigints as bare integers (int64/uint64 beyond 2^53 arrive intact, as
 * with the official SDK's json-bigint) and leaves out undefined members and, unless `keepNulls`
 * (answers, where null is a value), null members as the official SDK does for requests. Compact,
 * members in the caller's order.
 */
export function toJson(value: unknown, keepNulls = false): string {
  // Request bodies almost never hold a bigint, a null member or anything but plain objects, lists
  // and primitives; then JSON.stringify writes the very same bytes, several times faster.
  if (typeof value !== "object" || value === null) return writeJson(value, keepNulls);
  return stringifiesAlike(value, keepNulls, 0)
    ? JSON.stringify(value)
    : writeJson(value, keepNulls);
}

/**
 * Nesting beyond this is left to the writer: the check recurses, and a malicious depth would
 * otherwise overflow the stack here rather than there.
 */
const FAST_PATH_DEPTH = 64;

const isPrimitiveJson = (value: unknown): boolean =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/**
 * True when `JSON.stringify(container)` equals `writeJson(container, keepNulls)`: only plain objects
 * (no `toJSON`, no boxed primitives, no Date), lists, strings, booleans and numbers, and no null
 * member unless nulls are kept. A walk that allocates nothing, far cheaper than writing; primitives
 * are checked inline because a call per leaf would cost a good part of the walk.
 */
function stringifiesAlike(container: object, keepNulls: boolean, depth: number): boolean {
  if (depth > FAST_PATH_DEPTH) return false;
  if (Array.isArray(container)) {
    if ((container as { toJSON?: unknown }).toJSON !== undefined) return false;
    // Holes, undefined and null items are written "null" by both.
    for (let i = 0; i < container.length; i++) {
      const item: unknown = container[i];
      if (
        typeof item === "object"
          ? item !== null && !stringifiesAlike(item, keepNulls, depth + 1)
          : item !== undefined && !isPrimitiveJson(item)
      )
        return false;
    }
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(container);
  if (prototype !== Object.prototype && prototype !== null) return false;
  // for-in also walks inherited keys; a null prototype or Object.prototype has no enumerable ones
  // (and if one was added, the walk only looks at more than it needs to).
  for (const key in container) {
    const member: unknown = (container as Record<string, unknown>)[key];
    if (
      typeof member === "object"
        ? member === null
          ? !keepNulls
          : !stringifiesAlike(member, keepNulls, depth + 1)
        : member !== undefined && !isPrimitiveJson(member)
    )
      return false;
  }
  return true;
}

/** The general writer: bigints, null members left out, anything else toJson may meet. */
function writeJson(value: unknown, keepNulls: boolean): string {
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
      // Array.from visits holes (sparse lists from a query string), which map would skip.
      if (Array.isArray(value))
        return `[${Array.from(value, (item) => writeJson(item, keepNulls)).join(",")}]`;
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined && (keepNulls || member !== null))
        .map(([key, member]) => `${JSON.stringify(key)}:${writeJson(member, keepNulls)}`);
      return `{${members.join(",")}}`;
    }
    default:
      return "null";
  }
}

/** Limits for parsing text from an untrusted peer. */
export interface JsonLimits {
  /** Most objects and arrays nested in one another (the top level is depth 1). */
  maxDepth?: number;
}

/** Text nested deeper than the limit: refused before anything deeper is built. */
export class JsonDepthError extends SyntaxError {}

/**
 * The recursive parser's own ceiling: without it, deep text would end in a RangeError (stack
 * overflow) instead of a SyntaxError.
 */
const RECURSION_LIMIT = 1000;

/**
 * `JSON.parse`, except that integers beyond ±2^53 become bigints instead of silently losing
 * precision (the official SDK parses responses with plain JSON.parse and loses them), and that
 * nesting deeper than `limits.maxDepth` is refused with a `JsonDepthError`. Text without such a
 * number takes the fast path (a linear depth scan, then `JSON.parse`).
 */
export function parseJson(text: string, limits: JsonLimits = {}): unknown {
  const maxDepth = limits.maxDepth ?? Infinity;
  // `\d{16}`, not `\d{16,}`: an open-ended repeat overflows the pattern stack on megabytes of digits.
  if (/\d{16}/.test(text))
    return new BigJsonParser(text, Math.min(maxDepth, RECURSION_LIMIT)).parse();
  if (maxDepth !== Infinity) checkDepth(text, maxDepth);
  return JSON.parse(text);
}

/**
 * Throws when brackets outside strings nest deeper than `maxDepth`. Linear, allocation-free: it
 * runs before `JSON.parse` builds anything, so deep text costs no memory (malformed text is left
 * to `JSON.parse` to refuse).
 */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth)
        throw new JsonDepthError(`JSON: nested deeper than ${maxDepth} levels at position ${i}`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Longest integer literal the big-number parser turns into a bigint (int64 has 20 digits at most). */
const MAX_INTEGER_DIGITS = 400;

class BigJsonParser {
  private at = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parse(): unknown {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail("trailing characters");
    return value;
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === "{" || c === "[") return this.nested(c);
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, result] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const)
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return result;
      }
    return this.fail("unexpected character");
  }

  private nested(open: "{" | "["): unknown {
    if (++this.depth > this.maxDepth)
      throw new JsonDepthError(
        `JSON: nested deeper than ${this.maxDepth} levels at position ${this.at}`,
      );
    const result = open === "{" ? this.object() : this.array();
    this.depth--;
    return result;
  }

  /** Members are defined, never assigned: a "__proto__" key stays an own member, as with JSON.parse. */
  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.text[this.at] === "}") return (this.at++, result);
    for (;;) {
      this.space();
      const key = this.string();
      this.expect(":");
      Object.defineProperty(result, key, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.space();
      if (this.text[this.at] === "}") return (this.at++, result);
      this.expect(",");
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === "]") return (this.at++, result);
    for (;;) {
      result.push(this.value());
      this.space();
      if (this.text[this.at] === "]") return (this.at++, result);
      this.expect(",");
    }
  }

  /**
   * Scanned by hand, not by a pattern: a regular expression with an alternation per character runs
   * out of backtracking stack on strings of a few megabytes. JSON.parse checks the escapes.
   */
  private string(): string {
    const start = this.at;
    if (this.text.charCodeAt(start) !== 0x22) return this.fail("bad string");
    let i = start + 1;
    for (;;) {
      if (i >= this.text.length) return this.fail("unterminated string");
      const c = this.text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) return this.fail("control character in string");
      i += c === 0x5c ? 2 : 1;
    }
    this.at = i + 1;
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  /** Scanned by hand for the same reason as strings (a pattern over megabytes of digits overflows). */
  private number(): number | bigint {
    const start = this.at;
    if (this.text[this.at] === "-") this.at++;
    if (this.text[this.at] === "0") this.at++;
    else if (this.digits() === 0) return this.fail("bad number");
    const integerEnd = this.at;
    if (this.text[this.at] === ".") {
      this.at++;
      if (this.digits() === 0) return this.fail("bad number");
    }
    if (this.text[this.at] === "e" || this.text[this.at] === "E") {
      this.at++;
      if (this.text[this.at] === "+" || this.text[this.at] === "-") this.at++;
      if (this.digits() === 0) return this.fail("bad number");
    }
    const raw = this.text.slice(start, this.at);
    const value = Number(raw);
    if (this.at !== integerEnd || Number.isSafeInteger(value)) return value;
    // BigInt parsing grows faster than linearly: no int64 needs more than 20 digits.
    if (raw.length > MAX_INTEGER_DIGITS)
      return this.fail(`integer longer than ${MAX_INTEGER_DIGITS} digits`);
    return BigInt(raw);
  }

  private digits(): number {
    const from = this.at;
    while (
      this.at < this.text.length &&
      this.text.charCodeAt(this.at) >= 0x30 &&
      this.text.charCodeAt(this.at) <= 0x39
    )
      this.at++;
    return this.at - from;
  }

  private space(): void {
    while (this.at < this.text.length && " \t\n\r".includes(this.text[this.at]!)) this.at++;
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.at] !== char) this.fail(`expected ${char}`);
    this.at++;
  }

  private fail(why: string): never {
    throw new SyntaxError(`JSON: ${why} at position ${this.at}`);
  }
}
