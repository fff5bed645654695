import type { CheckerNames, Field, Rule, Struct } from "../../ir/types.js";
import { codeLine, identifier, jsonLiteral, literal, type Code } from "../../render/escape-code.js";
import { itemList, setDeclaration } from "../shared/final-layout.js";
import { flatLiteral } from "../shared/final-literal.js";
import { cleanTest, fieldChecks, objectTest, ruleChecks, withoutFinalReturn, type CheckContext } from "./checks.js";
import { finalBody } from "./final/layout.js";
import { Unsupported } from "./final/syntax.js";

/** A generated pair of functions checking one object shape: `is<Name>` and `collect<Name>`. */
export interface CheckerView {
  /** Function and constant names (ir/names.ts). */
  names: CheckerNames;
  doc: string[];
  exported: boolean;
  /**
   * The boolean and collecting paths, a flat statement a line: what the imports are found in (the
   * lines written are `layout`'s, so these are not verified as code a second time).
   */
  testBody: string[];
  collectBody: string[];
  /** The checker's declarations as lines: in prettier's final form when the view was built `final`. */
  layout: CheckerLayout | null;
  /** Set for a union: the discriminator switch instead of field checks. */
  union: { discriminator: Code; values: Code; cases: { when: Code; variant: CheckerNames }[]; collectSignature: Code[] } | null;
}

/** A checker's lines: the known-fields set, `clean<Name>` (for an object with fields), `is<Name>`, `collect<Name>`. */
export interface CheckerLayout {
  fields: Code[];
  clean: Code[];
  test: Code[];
  collect: Code[];
}

export function objectChecker(names: CheckerNames, fields: Field[], rules: Rule[], doc: string[], exported: boolean, ctx: Omit<CheckContext, "mode">, final: boolean): CheckerView {
  const test = testBody(names, fields, rules, ctx);
  const collect = collectBody(fields, rules, ctx);
  const body = (lines: string[]) => [...(final ? finalBody(lines, 2) : lines).map((l) => codeLine(`  ${l}`)), codeLine("}")];
  const signature = (head: string, params: string[], tail: string) => (final ? itemList("", head, params, tail) : [codeLine(`${head}(${params.join(", ")})${tail}`)]);
  const exportWord = exported ? "export " : "";
  const declared = `const ${names.fields}: ReadonlySet<string>`;
  const fieldNames = fields.map((f) => jsonLiteral(f.name));
  const fieldSet = final ? setDeclaration(declared, fieldNames) : [codeLine(`${declared} = new Set([${fieldNames.join(", ")}]);`)];
  if (!fieldSet) throw new Unsupported("a field set too long for its line");
  const layout: CheckerLayout = {
    fields: fieldSet,
    clean: fields.length ? [...signature(`function ${names.clean}`, ["o: Record<string, unknown>"], ": boolean {"), ...body([cleanTest(fields)])] : [],
    test: [...signature(`${exportWord}function ${names.test}`, ["value: unknown"], ": boolean {"), ...body([...test, "return true;"])],
    collect: [...signature(`${exportWord}function ${names.collect}`, ["value: unknown", "path: string", "out: FailureDraft[]"], ": void {"), ...body([...COLLECT_START(names), ...collect])],
  };
  return { names, doc, exported, testBody: test, collectBody: collect, layout, union: null };
}

/** How every collecting function starts: a non-object is one failure; then unknown keys. */
const COLLECT_START = (names: CheckerNames) => ["if (!isObject(value)) {", 'failType(out, path, value, "an object");', "return;", "}", "const o = value;", `failUnknownKeys(out, path, o, ${names.fields});`];

/** The boolean path. */
function testBody(names: CheckerNames, fields: Field[], rules: Rule[], ctx: Omit<CheckContext, "mode">): string[] {
  return objectTest(fields, rules, names, { ...ctx, mode: "test" });
}

/** The collecting path: nested objects are tested by their boolean checkers first (see checks.ts). */
function collectBody(fields: Field[], rules: Rule[], ctx: Omit<CheckContext, "mode">): string[] {
  const collectCtx: CheckContext = { ...ctx, mode: "collect" };
  return withoutFinalReturn([...fieldChecks(fields, collectCtx, rules), ...ruleChecks(rules, fields, collectCtx)]);
}

/** Checkers for a struct: one, or for a union one per variant plus the dispatcher. */
export function structCheckers(struct: Struct, ctx: Omit<CheckContext, "mode">, final: boolean): CheckerView[] {
  const doc = [`True when a ${struct.name} breaks no rule of its spec (warnings included).`];
  if (!struct.union) return [objectChecker(struct.names.checker, struct.fields, struct.rules, doc, true, ctx, final)];
  const union = struct.union;
  const variants = union.variants.map((variant) =>
    objectChecker(variant.names.checker, [...struct.fields, ...variant.fields], struct.rules, [`True when a ${struct.name} with ${union.discriminator} = ${jsonLiteral(variant.when)} breaks no rule.`], true, ctx, final),
  );
  const dispatcher: CheckerView = {
    names: struct.names.checker,
    doc: [...doc, `The variant is chosen by \`${union.discriminator}\`.`],
    exported: true,
    testBody: [],
    collectBody: [],
    layout: null,
    union: {
      discriminator: literal(union.discriminator),
      values: codeLine(flatLiteral(union.variants.map((v) => v.when))),
      cases: union.variants.map((v) => ({ when: literal(v.when), variant: v.names.checker })),
      collectSignature: itemList("", `export function ${identifier(struct.names.checker.collect)}`, ["value: unknown", "path: string", "out: FailureDraft[]"], ": void {"),
    },
  };
  return [...variants, dispatcher];
}
