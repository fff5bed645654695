import type { Field, Rule, Struct } from "../../ir/types.js";
import { jsonLiteral } from "../../render/handlebars.js";
import { fieldChecks, ruleChecks, type CheckContext } from "./checks.js";

/** A generated pair of functions checking one object shape: `is<Name>` and `collect<Name>`. */
export interface CheckerView {
  name: string;
  doc: string[];
  exported: boolean;
  /** Field names, for the unknown-key check. */
  fieldNames: string[];
  testBody: string[];
  collectBody: string[];
  /** Set for a union: the discriminator switch instead of field checks. */
  union: { discriminator: string; values: string; cases: { when: string; variant: string }[] } | null;
}

export function objectChecker(name: string, fields: Field[], rules: Rule[], doc: string[], exported: boolean, ctx: Omit<CheckContext, "mode">): CheckerView {
  return {
    name,
    doc,
    exported,
    fieldNames: fields.map((f) => f.name),
    testBody: [...fieldChecks(fields, { ...ctx, mode: "test" }), ...ruleChecks(rules, fields, { ...ctx, mode: "test" })],
    collectBody: [...fieldChecks(fields, { ...ctx, mode: "collect" }), ...ruleChecks(rules, fields, { ...ctx, mode: "collect" })],
    union: null,
  };
}

/** Checkers for a struct: one, or for a union one per variant plus the dispatcher. */
export function structCheckers(struct: Struct, ctx: Omit<CheckContext, "mode">): CheckerView[] {
  const doc = [`Checks a ${struct.name} against its spec.`];
  if (!struct.union) return [objectChecker(struct.name, struct.fields, struct.rules, doc, true, ctx)];
  const union = struct.union;
  const variants = union.variants.map((variant) =>
    objectChecker(variant.name, [...struct.fields, ...variant.fields], struct.rules, [`Checks the ${struct.name} variant with ${union.discriminator} = ${jsonLiteral(variant.when)}.`], true, ctx),
  );
  const dispatcher: CheckerView = {
    name: struct.name,
    doc: [...doc, `The variant is chosen by \`${union.discriminator}\`.`],
    exported: true,
    fieldNames: [],
    testBody: [],
    collectBody: [],
    union: {
      discriminator: jsonLiteral(union.discriminator),
      values: `[${union.variants.map((v) => jsonLiteral(v.when)).join(", ")}]`,
      cases: union.variants.map((v) => ({ when: jsonLiteral(v.when), variant: v.name })),
    },
  };
  return [...variants, dispatcher];
}
