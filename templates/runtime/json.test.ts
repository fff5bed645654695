import { describe, expect, it } from "vitest";
import { parseJson, toJson } from "./json.js";

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
