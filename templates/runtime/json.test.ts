import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonDepthError, parseJson, toJson } from "./json.js";

describe("toJson", () => {
  it("writes bigints bare, drops null and undefined members, keeps caller order", () => {
    expect(toJson({ b: 2n ** 64n, a: [1, null, "x"], n: null, u: undefined, t: true, s: 'q"' })).toBe('{"b":18446744073709551616,"a":[1,null,"x"],"t":true,"s":"q\\""}');
  });
});

it("keeps null members when asked (answers, where null is a value)", () => {
  expect(toJson({ a: null, b: [null], c: 2n ** 60n, u: undefined }, true)).toBe('{"a":null,"b":[null],"c":1152921504606846976}');
});

describe("parseJson", () => {
  it("keeps integers beyond 2^53 as bigints, everything else as JSON.parse does", () => {
    const text = '{"Id":12345678901234567890,"Small":42,"Neg":-9007199254740993,"F":1.5e3,"S":"12345678901234567890","L":[true,false,null,{"x":"\\u4e2d\\n"}]}';
    expect(parseJson(text)).toEqual({ Id: 12345678901234567890n, Small: 42, Neg: -9007199254740993n, F: 1500, S: "12345678901234567890", L: [true, false, null, { x: "中\n" }] });
  });

  it("matches JSON.parse on ordinary text and rejects malformed text", () => {
    const plain = '{"Response":{"TotalCount":1,"RequestId":"r"}}';
    expect(parseJson(plain)).toEqual(JSON.parse(plain));
    expect(() => parseJson('{"a":12345678901234567890,}')).toThrow(SyntaxError);
    expect(() => parseJson('{"a":12345678901234567890} x')).toThrow(SyntaxError);
  });
});

describe("parseJson on hostile text", () => {
  const deep = (depth: number, big = false) => `{"a":${"[".repeat(depth - 1)}${big ? "12345678901234567890" : "1"}${"]".repeat(depth - 1)}}`;

  it.each([false, true])("refuses nesting beyond maxDepth with a JsonDepthError, and accepts it up to the limit (big numbers: %s)", (big) => {
    expect(() => parseJson(deep(32, big), { maxDepth: 32 })).not.toThrow();
    expect(() => parseJson(deep(33, big), { maxDepth: 32 })).toThrow(JsonDepthError);
    expect(() => parseJson(deep(100_000, big), { maxDepth: 32 })).toThrow(JsonDepthError);
  });

  it("ignores brackets inside strings when counting depth", () => {
    const text = `{"s":"${"[".repeat(100)}\\"${"{".repeat(100)}"}`;
    expect(parseJson(text, { maxDepth: 1 })).toEqual({ s: `${"[".repeat(100)}"${"{".repeat(100)}` });
  });

  it("the big-number parser refuses deep text with a SyntaxError, never a stack overflow, even without a limit", () => {
    expect(() => parseJson(deep(200_000, true))).toThrow(SyntaxError);
  });

  it("keeps a __proto__ key as an own member on both paths, never as the prototype", () => {
    for (const text of ['{"__proto__":{"polluted":1}}', '{"__proto__":{"polluted":1},"n":12345678901234567890}']) {
      const value = parseJson(text) as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toContain("__proto__");
      expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });

  it("parses strings and numbers of megabytes (no pattern runs out of backtracking stack)", () => {
    const digits = "7".repeat(8 * 1024 * 1024);
    expect((parseJson(`{"s":"${digits}","n":12345678901234567890}`) as { s: string }).s).toHaveLength(digits.length);
    expect(() => parseJson(`{"n":${digits}}`)).toThrow(/longer than 400 digits/);
  });
});

it("toJson writes the holes of a sparse list as null", () => {
  const sparse: unknown[] = [];
  sparse[2] = 1;
  expect(toJson({ l: sparse }, true)).toBe('{"l":[null,null,1]}');
  expect(JSON.parse(toJson(sparse))).toEqual([null, null, 1]);
});

describe("toJson's JSON.stringify fast path writes what the general writer writes", () => {
  // The writer as it was before the fast path: the reference the fast path must match byte for byte.
  function reference(value: unknown, keepNulls = false): string {
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
        if (Array.isArray(value)) return `[${Array.from(value, (item) => reference(item, keepNulls)).join(",")}]`;
        const members = Object.entries(value as Record<string, unknown>)
          .filter(([, member]) => member !== undefined && (keepNulls || member !== null))
          .map(([key, member]) => `${JSON.stringify(key)}:${reference(member, keepNulls)}`);
        return `{${members.join(",")}}`;
      }
      default:
        return "null";
    }
  }

  const listWithToJson = Object.assign([1, 2], { toJSON: () => "list" });
  it.each([
    ["a Date", { at: new Date(0) }],
    ["a boxed string", { s: new String("ab") }],
    ["an own toJSON member", { a: 1, toJSON: () => "x" }],
    ["a list with toJSON", { l: listWithToJson }],
    ["a function member", { f: () => 1, a: 1 }],
    ["a symbol member", { s: Symbol("s") }],
    ["a function item", { l: [() => 1, Symbol("s"), undefined, null] }],
    ["a nested null member", { a: { b: null, c: [{ d: null }] } }],
    ["non-finite numbers and -0", { n: NaN, i: -Infinity, z: -0, l: [Infinity] }],
    ["a bigint deep down", { a: [{ b: [1, 2n ** 70n] }] }],
    ["a null prototype", Object.assign(Object.create(null) as object, { a: 1, b: { c: "x" } })],
    ["nesting beyond the fast path's depth", { a: JSON.parse("[".repeat(100) + "1" + "]".repeat(100)) as unknown }],
  ])("with %s", (_, value) => {
    for (const keepNulls of [false, true]) expect(toJson(value, keepNulls)).toBe(reference(value, keepNulls));
  });

  it("on arbitrary values", () => {
    const leaf = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.date());
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node")), fc.dictionary(fc.string(), tie("node"))),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (v, keepNulls) => {
        expect(toJson(v, keepNulls)).toBe(reference(v, keepNulls));
      }),
      { numRuns: 500 },
    );
  });
});
