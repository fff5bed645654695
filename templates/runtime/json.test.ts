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
