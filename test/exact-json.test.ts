import { expect, it } from "vitest";
import { exactJson } from "../generator/render/exact-json.js";
it("matches JSON.stringify", () => {
  for (const v of [null, 1, "a\u2028", [1, undefined, { a: undefined, b: [] }], { x: { y: [1, 2, { z: "q" }] }, e: {} }, true, -0, NaN])
    for (const indent of [0, 2]) expect(exactJson(v, { indent })).toBe(JSON.stringify(v, null, indent));
  expect(exactJson({ a: 9223372036854775807n }, { bigintSuffix: "n" })).toBe('{"a":9223372036854775807n}');
});

it("prints bigints anywhere in a value with every digit, the rest as JSON.stringify", () => {
  const big = 9223372036854775807n;
  const value = { a: [1, { b: big, c: "x" }], d: { e: undefined, f: -big } };
  const plain = { a: [1, { b: 0, c: "x" }], d: { e: undefined, f: 0 } };
  for (const indent of [0, 2]) {
    const expected = JSON.stringify(plain, null, indent).replace('"b":' + (indent ? " " : "") + "0", '"b":' + (indent ? " " : "") + "9223372036854775807").replace('"f":' + (indent ? " " : "") + "0", '"f":' + (indent ? " " : "") + "-9223372036854775807");
    expect(exactJson(value, { indent })).toBe(expected);
  }
  expect(exactJson([big], { bigintSuffix: "n", indent: 2 })).toBe("[\n  9223372036854775807n\n]");
});
