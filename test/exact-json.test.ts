import { expect, it } from "vitest";
import { exactJson } from "../generator/render/exact-json.js";
it("matches JSON.stringify", () => {
  for (const v of [null, 1, "a\u2028", [1, undefined, { a: undefined, b: [] }], { x: { y: [1, 2, { z: "q" }] }, e: {} }, true, -0, NaN])
    for (const indent of [0, 2]) expect(exactJson(v, { indent })).toBe(JSON.stringify(v, null, indent));
  expect(exactJson({ a: 9223372036854775807n }, { bigintSuffix: "n" })).toBe('{"a":9223372036854775807n}');
});
