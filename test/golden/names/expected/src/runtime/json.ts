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
      if (Array.isArray(value))
        return `[${value.map((item) => toJson(item, keepNulls)).join(",")}]`;
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined && (keepNulls || member !== null))
        .map(([key, member]) => `${JSON.stringify(key)}:${toJson(member, keepNulls)}`);
      return `{${members.join(",")}}`;
    }
    default:
      return "null";
  }
}

/**
 * `JSON.parse`, except that integers beyond ±2^53 become bigints instead of silently losing
 * precision (the official SDK parses responses with plain JSON.parse and loses them). Text without
 * such a number takes the fast path.
 */
export function parseJson(text: string): unknown {
  return /\d{16,}/.test(text) ? new BigJsonParser(text).parse() : JSON.parse(text);
}

class BigJsonParser {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): unknown {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail("trailing characters");
    return value;
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
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

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.text[this.at] === "}") return (this.at++, result);
    for (;;) {
      this.space();
      const key = this.string();
      this.expect(":");
      result[key] = this.value();
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

  private string(): string {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(
      this.text.slice(this.at),
    );
    if (!match) return this.fail("bad string");
    this.at += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private number(): number | bigint {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) return this.fail("bad number");
    this.at += match[0].length;
    const value = Number(match[0]);
    return match[2] === undefined && match[3] === undefined && !Number.isSafeInteger(value)
      ? BigInt(match[0])
      : value;
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
