import { describe, expect, it } from "vitest";
import { validateBigNumbersRequest } from "./golden/names/expected/src/names/validate/big-numbers.js";
import { validateDeleteRequest } from "./golden/names/expected/src/names/validate/delete.js";
import { validateDescribeGroupRequest_ } from "./golden/names/expected/src/names/validate/describe-group.js";
import { validateInlineRequest } from "./golden/names/expected/src/names/validate/inline.js";

/**
 * Validators of the names golden case (test/golden/names): they read own properties only, as the
 * client sends them (Object.entries), and keep working with hostile and colliding names.
 */
describe("validators read own properties", () => {
  it("refuses a required field present only on the prototype (it would never be sent)", () => {
    const request = Object.create({ GroupId: "g-1" }) as object;
    const result = validateDescribeGroupRequest_(request);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([expect.objectContaining({ path: "GroupId", rule: "required" })]);
    expect(validateDescribeGroupRequest_({ GroupId: "g-1" }).ok).toBe(true);
  });

  it("ignores inherited members, which are not sent either", () => {
    const request = Object.assign(Object.create({ Unknown: 1, GroupId: 5 }) as object, { GroupId: "g-1" });
    expect(validateDescribeGroupRequest_(request)).toEqual({ ok: true, failures: [] });
  });

  it("accepts a request without fields named like Object.prototype members", () => {
    expect(validateDeleteRequest({})).toEqual({ ok: true, failures: [] });
    expect(validateDeleteRequest({ toString: "a", constructor: "b", valueOf: 1, hasOwnProperty: true }).ok).toBe(true);
    expect(validateDeleteRequest({ valueOf: "one" }).failures).toEqual([expect.objectContaining({ path: "valueOf", rule: "type" })]);
  });

  it("checks nested objects whose members are named like the field holding them", () => {
    expect(validateInlineRequest({ Spec: { Spec: "s", Items: [{ Spec: "t" }] } }).ok).toBe(true);
    expect(validateInlineRequest({ Spec: { Spec: 1 } }).failures).toEqual([expect.objectContaining({ path: "Spec.Spec", rule: "type" })]);
  });

  it("checks past the inlining bound and through recursion", () => {
    const deep = { Level2: { Level3: [{ Level4: { Level5: {} } }] } };
    expect(validateInlineRequest({ Spec: { Spec: "s" }, Level1: deep }).failures).toEqual([
      expect.objectContaining({ path: "Level1.Level2.Level3[0].Level4.Level5.Leaf", rule: "required" }),
    ]);
    const tree = { Children: [{ Tree: { Children: [{ Tree: { Children: [{ Tree: { Children: 1 } }] } }] } }] };
    expect(validateInlineRequest({ Spec: { Spec: "s" }, Tree: tree }).failures).toEqual([
      expect.objectContaining({ path: "Tree.Children[0].Tree.Children[0].Tree.Children[0].Tree.Children", rule: "type" }),
    ]);
  });
});

describe("validators keep 64-bit bounds exact", () => {
  it("compares with the exact bound, not its rounded double", () => {
    expect(validateBigNumbersRequest({ Count: 9007199254740993n }).ok).toBe(true);
    expect(validateBigNumbersRequest({ Count: 9007199254740991 }).failures).toEqual([expect.objectContaining({ path: "Count", rule: "range" })]);
    expect(validateBigNumbersRequest({ Small: 9007199254740994n }).failures).toEqual([expect.objectContaining({ path: "Small", rule: "range" })]);
    expect(validateBigNumbersRequest({ Id: 9223372036854775807n, Mode: "fast" }).ok).toBe(true);
  });
});
