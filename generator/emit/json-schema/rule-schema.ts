import type { Field, Rule, ScalarValue } from "../../ir/types.js";

/**
 * Cross-field rules as JSON Schema, where it can say them with the validators' meaning: the
 * one-of rules as `oneOf`/`anyOf`/`not`, and field conditions (severity error) as `if`/`then`,
 * where an absent field counts as its default. Comparisons between two values, warnings (the
 * service accepts the request) and facts outside the request cannot be said; they are returned
 * to be listed.
 */
export function ruleSchemas(rules: Rule[], fields: Field[]): { allOf: object[]; unexpressed: Rule[] } {
  const allOf: object[] = [];
  const unexpressed: Rule[] = [];
  for (const rule of rules) {
    const schema = rule.severity === "error" ? expressed(rule, fields) : undefined;
    if (schema) allOf.push(schema);
    else unexpressed.push(rule);
  }
  return { allOf, unexpressed };
}

function expressed(rule: Rule, fields: Field[]): object | undefined {
  switch (rule.kind) {
    case "exactlyOne":
      return { oneOf: rule.fields.map((f) => ({ required: [f] })) };
    case "atLeastOne":
      return { anyOf: rule.fields.map((f) => ({ required: [f] })) };
    case "atMostOne":
      return { not: { anyOf: pairs(rule.fields).map((pair) => ({ required: pair })) } };
    case "requiredWhen":
      if (rule.when.kind !== "field") return undefined;
      return { if: holds(rule.when.field, rule.when.in, fields, "absent-counts"), then: { required: [rule.field] } };
    case "onlyWhen": {
      if (rule.when.kind !== "field") return undefined;
      // Sending a field's own default is the same as leaving it out (as in the validators).
      const own = fields.find((f) => f.name === rule.field)?.default;
      const given = own === undefined ? { required: [rule.field] } : { required: [rule.field], properties: { [rule.field]: { not: { const: own } } } };
      return { if: given, then: holds(rule.when.field, rule.when.in, fields, "absent-passes") };
    }
    case "compare":
      return undefined;
  }
}

/**
 * "Field c is one of values", with an absent c read as its default; without a default an absent
 * c is unknown, which neither triggers a requirement (`absent-counts`: the `if` fails) nor breaks
 * a condition (`absent-passes`: the `then` holds), as in the validators.
 */
function holds(name: string, values: ScalarValue[], fields: Field[], absent: "absent-counts" | "absent-passes"): object {
  const fallback = fields.find((f) => f.name === name)?.default;
  const test = { properties: { [name]: { enum: values } } };
  const absentHolds = fallback !== undefined ? values.includes(fallback as ScalarValue) : absent === "absent-passes";
  return absentHolds ? test : { ...test, required: [name] };
}

function pairs(names: string[]): [string, string][] {
  return names.flatMap((a, i) => names.slice(i + 1).map((b): [string, string] => [a, b]));
}
