import type { CheckerNames, Field, Rule, Struct } from "../../ir/types.js";
import { jsonLiteral } from "../../render/handlebars.js";
import { fieldChecks, knownKeyTest, objectTest, ruleChecks, type CheckContext } from "./checks.js";

/** A generated pair of functions checking one object shape: `is<Name>` and `collect<Name>`. */
export interface CheckerView {
  /** Function and constant names (ir/names.ts). */
  names: CheckerNames;
  doc: string[];
  exported: boolean;
  /** Field names, for the unknown-key check. */
  fieldNames: string[];
  /** Expression true when `key` is one of the fields. */
  knownKey: string;
  /** The boolean path, object checks included. */
  testBody: string[];
  collectBody: string[];
  /** Set for a union: the discriminator switch instead of field checks. */
  union: { discriminator: string; values: string; cases: { when: string; variant: CheckerNames }[] } | null;
}

export function objectChecker(names: CheckerNames, fields: Field[], rules: Rule[], doc: string[], exported: boolean, ctx: Omit<CheckContext, "mode">): CheckerView {
  return {
    names,
    doc,
    exported,
    fieldNames: fields.map((f) => f.name),
    knownKey: knownKeyTest(fields),
    // Each function has its own inlining budget.
    testBody: objectTest("value", fields, rules, { ...ctx, mode: "test", budget: { lines: 0 } }),
    collectBody: [...fieldChecks(fields, { ...ctx, mode: "collect" }), ...ruleChecks(rules, fields, { ...ctx, mode: "collect" })],
    union: null,
  };
}

/** Checkers for a struct: one, or for a union one per variant plus the dispatcher. */
export function structCheckers(struct: Struct, ctx: Omit<CheckContext, "mode">): CheckerView[] {
  const doc = [`True when a ${struct.name} breaks no rule of its spec (warnings included).`];
  if (!struct.union) return [objectChecker(struct.names.checker, struct.fields, struct.rules, doc, true, ctx)];
  const union = struct.union;
  const variants = union.variants.map((variant) =>
    objectChecker(variant.names.checker, [...struct.fields, ...variant.fields], struct.rules, [`True when a ${struct.name} with ${union.discriminator} = ${jsonLiteral(variant.when)} breaks no rule.`], true, ctx),
  );
  const dispatcher: CheckerView = {
    names: struct.names.checker,
    doc: [...doc, `The variant is chosen by \`${union.discriminator}\`.`],
    exported: true,
    fieldNames: [],
    knownKey: "false",
    testBody: [],
    collectBody: [],
    union: {
      discriminator: jsonLiteral(union.discriminator),
      values: `[${union.variants.map((v) => jsonLiteral(v.when)).join(", ")}]`,
      cases: union.variants.map((v) => ({ when: jsonLiteral(v.when), variant: v.names.checker })),
    },
  };
  return [...variants, dispatcher];
}
