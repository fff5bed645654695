import type { Condition, Rule } from "../../ir/types.js";
import { inline, literal } from "./text.js";

/** An English sentence for a rule, naming the fields as code. */
export function ruleSentence(rule: Rule): string {
  switch (rule.kind) {
    case "compare":
      return `\`${rule.left}\` must be ${OPS[rule.op]} \`${rule.right}\` (checked when both are known: given, or absent with a default outside update actions).`;
    case "exactlyOne":
      return `Exactly one of ${list(rule.fields)} must be given.`;
    case "atMostOne":
      return `At most one of ${list(rule.fields)} may be given.`;
    case "atLeastOne":
      return `At least one of ${list(rule.fields)} must be given.`;
    case "onlyWhen":
      return `\`${rule.field}\` only applies when ${conditionText(rule.when)}${rule.severity === "warning" ? "; otherwise the service ignores it" : ""}.`;
    case "requiredWhen":
      return `\`${rule.field}\` is required when ${conditionText(rule.when)}.`;
  }
}

/** Whether a client-side validator can check the rule at all. */
export function isExternal(rule: Rule): boolean {
  return (rule.kind === "onlyWhen" || rule.kind === "requiredWhen") && rule.when.kind === "external";
}

/** The fields a rule talks about. */
export function ruleFields(rule: Rule): string[] {
  switch (rule.kind) {
    case "compare":
      return [rule.left, rule.right];
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      return rule.fields;
    case "onlyWhen":
    case "requiredWhen":
      return rule.when.kind === "field" ? [rule.field, rule.when.field] : [rule.field];
  }
}

export function conditionText(condition: Condition): string {
  if (condition.kind === "external") return inline(condition.description);
  const values = condition.in.map(literal);
  return values.length === 1 ? `\`${condition.field}\` is ${values[0]}` : `\`${condition.field}\` is one of ${values.join(", ")}`;
}

const OPS = { "<": "less than", "<=": "at most", ">": "greater than", ">=": "at least", "!=": "different from" } as const;

function list(fields: string[]): string {
  return fields.map((f) => `\`${f}\``).join(", ");
}
