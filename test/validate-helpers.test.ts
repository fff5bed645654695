import { describe, expect, it } from "vitest";
import { plainScalarHelpers } from "../generator/emit/validate/checks.js";
import { RUNTIME_NAMES } from "../generator/emit/validate/emit-validators.js";
import { RESERVED_NAMES } from "../generator/ir/names.js";
import * as runtime from "../templates/runtime/validation.js";
import { collectFailures, type FailureDraft } from "../templates/runtime/validation.js";

/**
 * A plain scalar field is checked by a runtime helper on both paths, or written out when a rule
 * reads it: the generator names the helpers and the type failure the written-out check records,
 * the runtime records its own. Here the two are held to each other, so that neither side can
 * change alone.
 */
describe("the runtime helpers of plain scalar fields", () => {
  const helpers = plainScalarHelpers();
  const named = (name: string) => (runtime as unknown as Record<string, unknown>)[name];

  it("cover the generator's plain scalars, each a runtime function the validators import and no spec name takes", () => {
    expect(helpers.map((h) => h.scalar).sort()).toEqual(["boolean", "float", "int", "int64", "string", "uint64"]);
    for (const name of helpers.flatMap((h) => [h.check, h.maybe])) {
      expect(typeof named(name), name).toBe("function");
      expect(RUNTIME_NAMES, name).toContain(name);
      expect(RESERVED_NAMES.has(name), name).toBe(true);
    }
  });

  it("record the type failure the written-out check records, and pass what it passes", () => {
    for (const { scalar, check, maybe, expected } of helpers) {
      const at = named(check) as (out: FailureDraft[], base: string, key: string | number, value: unknown) => void;
      const failures = collectFailures((out) => at(out, "r", "F", {}), "all");
      expect(failures.map((f) => [f.path, f.rule, f.bound]), scalar).toEqual([["r.F", "type", expected]]);
      const good = { boolean: true, float: 1.5, int: 1, int64: 2n ** 62n, string: "s", uint64: 2n ** 63n }[scalar as string];
      expect(collectFailures((out) => at(out, "r", "F", good), "all"), scalar).toEqual([]);
      const test = named(maybe) as (value: unknown) => boolean;
      expect([test(undefined), test(good), test({})], scalar).toEqual([true, true, false]);
    }
  });
});
