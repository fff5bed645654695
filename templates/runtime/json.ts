// JSON for request bodies. Copied verbatim into the generated package by tcgen.

/**
 * `JSON.stringify` that writes bigints as bare integers (int64/uint64 beyond 2^53 arrive intact, as
 * with the official SDK's json-bigint) and leaves out undefined members and, unless `keepNulls`
 * (answers, where null is a value), null members as the official SDK does for requests. Compact,
 * members in the caller's order.
 */
export function toJson(value: unknown, keepNulls = false): string {
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
      if (Array.isArray(value)) return `[${Array.from(value, (item) => toJson(item, keepNulls)).join(",")}]`;
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined && (keepNulls || member !== null))
        .map(([key, member]) => `${JSON.stringify(key)}:${toJson(member, keepNulls)}`);
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
  if (/\d{16,}/.test(text)) return new BigJsonParser(text, Math.min(maxDepth, RECURSION_LIMIT)).parse();
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
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new JsonDepthError(`JSON: nested deeper than ${maxDepth} levels at position ${i}`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

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
    for (const [word, result] of [["true", true], ["false", false], ["null", null]] as const)
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return result;
      }
    return this.fail("unexpected character");
  }

  private nested(open: "{" | "["): unknown {
    if (++this.depth > this.maxDepth) throw new JsonDepthError(`JSON: nested deeper than ${this.maxDepth} levels at position ${this.at}`);
    const result = open === "{" ? this.object() : this.array();
    this.depth--;
    return result;
  }

  /** Members are defined, never assigned: a "__proto__" key stays an own member, as with JSON.parse. */
  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.text[this.at] === "}") return this.at++, result;
    for (;;) {
      this.space();
      const key = this.string();
      this.expect(":");
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      if (this.text[this.at] === "}") return this.at++, result;
      this.expect(",");
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === "]") return this.at++, result;
    for (;;) {
      result.push(this.value());
      this.space();
      if (this.text[this.at] === "]") return this.at++, result;
      this.expect(",");
    }
  }

  /** Sticky patterns match in place: no copy of the rest of the text per token. */
  private token(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (match) this.at += match[0].length;
    return match;
  }

  private string(): string {
    const match = this.token(STRING);
    if (!match) return this.fail("bad string");
    return JSON.parse(match[0]) as string;
  }

  private number(): number | bigint {
    const match = this.token(NUMBER);
    if (!match) return this.fail("bad number");
    const value = Number(match[0]);
    return match[2] === undefined && match[3] === undefined && !Number.isSafeInteger(value) ? BigInt(match[0]) : value;
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
