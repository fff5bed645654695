import type { Field, Rule, ScalarTypeRef, TypeRef } from "../../ir/types.js";
import { range } from "../shared/field-facts.js";
import { conditionText } from "../shared/rules.js";
import { literal, unitLabel } from "../shared/text.js";
import { say, type Lang, LABELS } from "./labels.js";
import { mdCode, mdText, structAnchor } from "./markdown.js";
import { exactJson } from "../../render/exact-json.js";

/** One row of a parameter table, every cell already safe Markdown. */
export interface FieldRow {
  name: string;
  required: string;
  type: string;
  range: string;
  values: string;
  default: string;
  unit: string;
  description: string;
}

export function fieldRow(field: Field, lang: Lang, prefix = ""): FieldRow {
  const l = LABELS[lang];
  const scalar = innermostScalar(field.type);
  const notes = [field.nullable ? `<em>${l.nullable}</em>` : "", field.deprecated ? `<strong>Deprecated.</strong> ${say(field.deprecated.note, lang)}` : ""].filter(Boolean);
  return {
    name: mdCode(prefix + field.name),
    required: field.required ? l.yes : l.no,
    type: typeCell(field.type),
    range: rangeCell(field.type, lang),
    values: scalar?.constraints.enum?.map((e) => `${mdCode(literal(e.value))}${e.description ? `: ${say(e.description, lang)}` : ""}`).join("<br>") ?? "",
    default: field.default === undefined ? "" : mdCode(exactJson(field.default)),
    unit: field.unit ? mdText(unitLabel(field.unit)[lang === "en" ? "en" : "zh"]) : "",
    description: [say(field.description, lang), ...notes].filter(Boolean).join("<br>"),
  };
}

function innermostScalar(type: TypeRef): ScalarTypeRef | undefined {
  return type.kind === "list" ? innermostScalar(type.items) : type.kind === "scalar" ? type : undefined;
}

/** `Array of [RealServer](#struct-realserver)`, `Integer (int64)`, `String`. */
export function typeCell(type: TypeRef): string {
  switch (type.kind) {
    case "list":
      return `Array of ${typeCell(type.items)}`;
    case "struct":
      return `[${type.name}](#${structAnchor(type.name)})`;
    case "scalar":
      return SCALAR_NAMES[type.scalar];
  }
}

const SCALAR_NAMES: Record<ScalarTypeRef["scalar"], string> = {
  string: "String",
  int: "Integer",
  int64: "Integer (int64)",
  uint64: "Integer (uint64)",
  float: "Float",
  boolean: "Boolean",
  datetime: "String (YYYY-MM-DD HH:mm:ss)",
  datetime_iso: "String (ISO 8601)",
  date: "String (YYYY-MM-DD)",
};

function rangeCell(type: TypeRef, lang: Lang): string {
  const parts: string[] = [];
  if (type.kind === "list") {
    const items = range(type.minItems, type.maxItems);
    if (items) parts.push(`${lang === "en" ? "items" : "元素个数"}: ${items}`);
  }
  const scalar = innermostScalar(type);
  const c = scalar?.constraints;
  if (c) {
    const numeric = range(c.min, c.max);
    if (numeric) parts.push(numeric);
    const length = range(c.minLength, c.maxLength);
    if (length) parts.push(`${lang === "en" ? "length" : "长度"}: ${length}`);
    if (c.format) parts.push(`${lang === "en" ? "format" : "格式"}: ${c.format}`);
    if (c.idPrefix) parts.push(`${lang === "en" ? "prefix" : "前缀"}: ${mdCode(c.idPrefix)}`);
    if (c.pattern) parts.push(`${lang === "en" ? "pattern" : "正则"}: ${mdCode(c.pattern)}`);
  }
  return parts.join("<br>");
}

/** A rule in words: the generated sentence with the spec's own prose. */
export function ruleItem(rule: Rule, lang: Lang): string {
  const l = LABELS[lang];
  const fields = (names: string[]) => names.map((n) => mdCode(n)).join(", ");
  const ops = { "<": "<", "<=": "≤", ">": ">", ">=": "≥", "!=": "≠" } as const;
  let summary: string;
  switch (rule.kind) {
    case "compare":
      summary = `${mdCode(rule.left)} ${mdText(ops[rule.op])} ${mdCode(rule.right)}`;
      break;
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      summary = `${rule.kind}: ${fields(rule.fields)}`;
      break;
    case "onlyWhen":
    case "requiredWhen": {
      const when = rule.when.kind === "external" ? say(rule.when.description, lang) : mdText(conditionText(rule.when).replace(/`/g, ""));
      summary = `${mdCode(rule.field)} ${rule.kind === "onlyWhen" ? (lang === "en" ? "only applies when" : "仅在以下情况生效：") : lang === "en" ? "is required when" : "在以下情况必填："} ${when}`;
      break;
    }
  }
  const notes = [
    rule.severity === "warning" ? l.warning : "",
    (rule.kind === "onlyWhen" || rule.kind === "requiredWhen") && rule.when.kind === "external" ? l.checkedByService : "",
  ].filter(Boolean);
  return `${summary}: ${say(rule.description, lang)}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}
