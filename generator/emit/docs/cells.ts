import type { Field, Rule, ScalarTypeRef, Traced, TypeRef } from "../../ir/types.js";
import { ownMarker } from "./provenance.js";
import { range } from "../shared/field-facts.js";
import { conditionText } from "../shared/rules.js";
import { literal, unitLabel } from "../shared/text.js";
import { say, type Lang, LABELS } from "./labels.js";
import { md, mdCode, mdJoin, mdText, structAnchor, type Md } from "./markdown.js";
import { exactJson } from "../../render/exact-json.js";

/** One row of a parameter table, every cell safe Markdown. */
export interface FieldRow {
  name: Md;
  required: Md;
  type: Md;
  range: Md;
  values: Md;
  default: Md;
  unit: Md;
  description: Md;
}

const BR = md`<br>`;

export function fieldRow(field: Field, lang: Lang, prefix = "", parent?: Traced): FieldRow {
  const l = LABELS[lang];
  const scalar = innermostScalar(field.type);
  const notes = [field.nullable ? md`<em>${l.nullable}</em>` : null, field.deprecated ? md`<strong>Deprecated.</strong> ${say(field.deprecated.note, lang)}` : null];
  const enumValues = scalar?.constraints.enum?.map((e) => (e.description ? md`${mdCode(literal(e.value))}: ${say(e.description, lang)}` : mdCode(literal(e.value))));
  return {
    name: mdCode(prefix + field.name),
    required: mdText(field.required ? l.yes : l.no),
    type: typeCell(field.type),
    range: rangeCell(field.type, lang),
    values: mdJoin(enumValues ?? [], BR),
    default: field.default === undefined ? md`` : mdCode(exactJson(field.default)),
    unit: field.unit ? mdText(unitLabel(field.unit)[lang === "en" ? "en" : "zh"]) : md``,
    description: md`${mdJoin([field.description ? say(field.description, lang) : null, ...notes].filter((n): n is Md => n !== null), BR)}${ownMarker(field, parent, lang)}`,
  };
}

function innermostScalar(type: TypeRef): ScalarTypeRef | undefined {
  return type.kind === "list" ? innermostScalar(type.items) : type.kind === "scalar" ? type : undefined;
}

/** `Array of [RealServer](#struct-realserver)`, `Integer (int64)`, `String`. */
export function typeCell(type: TypeRef): Md {
  switch (type.kind) {
    case "list":
      return md`Array of ${typeCell(type.items)}`;
    case "struct":
      return md`[${type.name}](#${structAnchor(type.name)})`;
    case "scalar":
      return mdText(SCALAR_NAMES[type.scalar]);
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

function rangeCell(type: TypeRef, lang: Lang): Md {
  const parts: Md[] = [];
  if (type.kind === "list") {
    const items = range(type.minItems, type.maxItems);
    if (items) parts.push(md`${lang === "en" ? "items" : "元素个数"}: ${items}`);
  }
  const c = innermostScalar(type)?.constraints;
  if (c) {
    const numeric = range(c.min, c.max);
    if (numeric) parts.push(mdText(numeric));
    const length = range(c.minLength, c.maxLength);
    if (length) parts.push(md`${lang === "en" ? "length" : "长度"}: ${length}`);
    if (c.format) parts.push(md`${lang === "en" ? "format" : "格式"}: ${c.format}`);
    if (c.idPrefix) parts.push(md`${lang === "en" ? "prefix" : "前缀"}: ${mdCode(c.idPrefix)}`);
    if (c.pattern) parts.push(md`${lang === "en" ? "pattern" : "正则"}: ${mdCode(c.pattern)}`);
  }
  return mdJoin(parts, BR);
}

/** A rule in words: the generated sentence with the spec's own prose. */
export function ruleItem(rule: Rule, lang: Lang, parent?: Traced): Md {
  const l = LABELS[lang];
  const notes = [
    rule.severity === "warning" ? l.warning : "",
    (rule.kind === "onlyWhen" || rule.kind === "requiredWhen") && rule.when.kind === "external" ? l.checkedByService : "",
  ].filter(Boolean);
  const tail = notes.length ? md` (${notes.join("; ")})` : md``;
  return md`${ruleSummary(rule, lang)}: ${say(rule.description, lang)}${tail}${ownMarker(rule, parent, lang)}`;
}

function ruleSummary(rule: Rule, lang: Lang): Md {
  const fields = (names: string[]) => mdJoin(names.map((n) => mdCode(n)), md`, `);
  const ops = { "<": "<", "<=": "≤", ">": ">", ">=": "≥", "!=": "≠" } as const;
  switch (rule.kind) {
    case "compare":
      return md`${mdCode(rule.left)} ${ops[rule.op]} ${mdCode(rule.right)}`;
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      return md`${rule.kind}: ${fields(rule.fields)}`;
    case "onlyWhen":
    case "requiredWhen": {
      const when = rule.when.kind === "external" ? say(rule.when.description, lang) : mdText(conditionText(rule.when).replace(/`/g, ""));
      const words = rule.kind === "onlyWhen" ? (lang === "en" ? "only applies when" : "仅在以下情况生效：") : lang === "en" ? "is required when" : "在以下情况必填：";
      return md`${mdCode(rule.field)} ${words} ${when}`;
    }
  }
}
