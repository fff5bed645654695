import type { Site } from "./context.js";
import type { RawRule } from "./raw.js";
import type { Condition, Field, Rule, ScalarValue } from "./types.js";

/**
 * Builds cross-field rules and checks that every field they name exists among `fields`, and that
 * compared fields are numbers.
 */
export function buildRules(raws: RawRule[] | undefined, fields: Field[], site: Site): Rule[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  return (raws ?? []).flatMap((raw, i) => {
    const rule = buildRule(raw, site.at(i));
    if (!rule) return [];
    checkReferences(rule, byName, site.at(i));
    return [rule];
  });
}

function buildRule(raw: RawRule, site: Site): Rule | undefined {
  const base = { description: raw.description, severity: raw.severity ?? "error", source: site.source } as const;
  const withCode = raw.errorCode ? { ...base, errorCode: raw.errorCode } : base;
  const need = (keys: (keyof RawRule)[]) => {
    const missing = keys.filter((k) => raw[k] === undefined);
    for (const key of missing) site.error(`rule "${raw.kind}" needs "${String(key)}"`);
    const extra = (["left", "op", "right", "fields", "field", "when"] as const).filter((k) => raw[k] !== undefined && !keys.includes(k));
    for (const key of extra) site.at(key).error(`"${key}" does not belong to a rule of kind "${raw.kind}"`, true);
    return missing.length === 0;
  };
  switch (raw.kind) {
    case "scope":
      site.at("kind").error('a rule of kind "scope" states what a whole action applies to; it belongs in an action\'s rules');
      return undefined;
    case "compare":
      return need(["left", "op", "right"]) ? { ...withCode, kind: "compare", left: raw.left!, op: raw.op!, right: raw.right! } : undefined;
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      return need(["fields"]) ? { ...withCode, kind: raw.kind, fields: raw.fields! } : undefined;
    case "onlyWhen":
    case "requiredWhen": {
      if (!need(["field", "when"])) return undefined;
      const when = buildCondition(raw.when!, site.at("when"));
      return when ? { ...withCode, kind: raw.kind, field: raw.field!, when } : undefined;
    }
  }
}

function buildCondition(raw: NonNullable<RawRule["when"]>, site: Site): Condition | undefined {
  if (raw.external !== undefined) {
    if (raw.field !== undefined || raw.equals !== undefined || raw.in !== undefined)
      site.error("a condition is either external or on a field, not both");
    return { kind: "external", description: raw.external };
  }
  if (raw.field === undefined) {
    site.error('a condition needs "field" (with "equals" or "in") or "external"');
    return undefined;
  }
  if ((raw.equals === undefined) === (raw.in === undefined)) {
    site.error('a field condition needs exactly one of "equals" and "in"');
    return undefined;
  }
  const values: ScalarValue[] = raw.in ?? [raw.equals!];
  return { kind: "field", field: raw.field, in: values };
}

function checkReferences(rule: Rule, fields: Map<string, Field>, site: Site): void {
  const known = (name: string, key: string, index?: number) => {
    if (fields.has(name)) return true;
    const at = index === undefined ? site.at(key) : site.at(key, index);
    at.error(`rule refers to unknown field "${name}" (known: ${[...fields.keys()].join(", ")})`);
    return false;
  };
  switch (rule.kind) {
    case "compare":
      for (const key of ["left", "right"] as const) {
        const name = rule[key];
        if (!known(name, key)) continue;
        const type = fields.get(name)!.type;
        if (type.kind !== "scalar" || !["int", "int64", "uint64", "float"].includes(type.scalar))
          site.at(key).error(`compare needs numbers, but "${name}" is not a number`);
      }
      if (rule.left === rule.right) site.error("compare needs two different fields");
      break;
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      rule.fields.forEach((name, i) => known(name, "fields", i));
      if (new Set(rule.fields).size !== rule.fields.length) site.at("fields").error("a field is listed twice");
      break;
    case "onlyWhen":
    case "requiredWhen":
      known(rule.field, "field");
      if (rule.when.kind === "field") {
        if (known(rule.when.field, "when") && rule.when.field === rule.field) site.at("when").error("a field cannot depend on itself");
      }
      break;
  }
}
