import type { CheckerNames, Field, Rule, Struct } from "../../ir/types.js";
import { codeLine, jsonLiteral, literal, type Code } from "../../render/escape-code.js";
import { cleanTest, fieldChecks, objectTest, ruleChecks, type CheckContext } from "./checks.js";

/** A generated pair of functions checking one object shape: `is<Name>` and `collect<Name>`. */
export interface CheckerView {
  /** Function and constant names (ir/names.ts). */
  names: CheckerNames;
  doc: string[];
  exported: boolean;
  /** Field names, for the unknown-key check. */
  fieldNames: string[];
  /** The body of `clean<Name>`; none for an object without fields. */
  cleanBody: Code | null;
  /** The boolean path, object checks included. */
  testBody: Code[];
  collectBody: Code[];
  /** Set for a union: the discriminator switch instead of field checks. */
  union: { discriminator: Code; values: Code; cases: { when: Code; variant: CheckerNames }[] } | null;
}

export function objectChecker(names: CheckerNames, fields: Field[], rules: Rule[], doc: string[], exported: boolean, ctx: Omit<CheckContext, "mode">): CheckerView {
  return {
    names,
    doc,
    exported,
    fieldNames: fields.map((f) => f.name),
    cleanBody: fields.length ? codeLine(cleanTest(fields)) : null,
    testBody: testBody(names, fields, rules, ctx).map(codeLine),
    collectBody: collectBody(fields, rules, ctx).map(codeLine),
    union: null,
  };
}

/** The boolean path. */
function testBody(names: CheckerNames, fields: Field[], rules: Rule[], ctx: Omit<CheckContext, "mode">): string[] {
  return objectTest(fields, rules, names, { ...ctx, mode: "test" });
}

/** The collecting path: nested objects are tested by their boolean checkers first (see checks.ts). */
function collectBody(fields: Field[], rules: Rule[], ctx: Omit<CheckContext, "mode">): string[] {
  const collectCtx: CheckContext = { ...ctx, mode: "collect" };
  return [...fieldChecks(fields, collectCtx), ...ruleChecks(rules, fields, collectCtx)];
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
    cleanBody: null,
    testBody: [],
    collectBody: [],
    union: {
      discriminator: literal(union.discriminator),
      values: literal(union.variants.map((v) => v.when)),
      cases: union.variants.map((v) => ({ when: literal(v.when), variant: v.names.checker })),
    },
  };
  return [...variants, dispatcher];
}
