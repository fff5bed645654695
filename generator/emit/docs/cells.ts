import type { Condition, Field, Rule, ScalarTypeRef, Traced, TypeRef } from "../../ir/types.js";
import { ownMarker } from "./provenance.js";
import { conditionText, ruleFields } from "../shared/rules.js";
import { literal, unitLabel } from "../shared/text.js";
import { say, type Lang, LABELS } from "./labels.js";
import { md, mdCode, mdId, mdJoin, mdText, structAnchor, type Md } from "./markdown.js";
import { exactJson } from "../../render/exact-json.js";

/**
 * One row of a parameter table, every cell safe Markdown. The table keeps what a reader scans
 * (name, type with its range, required); everything else stands in the details cell, one fact
 * per line, so the table fits its column at any width (site/.vitepress/theme/reference.css
 * stacks the cells on a phone).
 */
export interface ParameterRow {
  name: Md;
  type: Md;
  required: Md;
  details: Md;
}

const BR = md`<br>`;

/**
 * Where a parameter row is linked from: the request's own parameters get their bare name
 * (`#timeOut`), others a prefix for their table (`out-`, `envelope-`, `struct-target-`), so that
 * ids stay unique on the page.
 */
export interface RowPlace {
  anchorPrefix: string;
  /** The rules of the object the field belongs to, listed under each field they name. */
  rules: Rule[];
  /** The action or struct the field belongs to: a field sourced like it carries no marker of its own. */
  parent?: Traced;
}

/** Heading ids the action page uses itself; a request parameter of that name gets a prefix. */
const PAGE_IDS = new Set(["top", "input", "rules", "output", "structs", "examples", "errors"]);

export function parameterRow(field: Field, lang: Lang, place: RowPlace): ParameterRow {
  const l = LABELS[lang];
  return {
    name: parameterName(field.name, place.anchorPrefix),
    type: md`${typeCell(field.type)}${mdJoin(rangeParts(field.type, lang).map((p) => md`<br>${p}`), md``)}`,
    required: mdText(field.required ? l.requiredYes : l.requiredNo),
    details: mdJoin(parameterDetails(field, lang, place), BR),
  };
}

/** The parameter's id on the page, as written in a link (`#timeOut`). */
export function parameterAnchor(name: string, prefix: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || !/^[a-z0-9-]*$/.test(prefix)) throw new Error(`internal: parameter anchor ${JSON.stringify(prefix + name)}`);
  return prefix === "" && PAGE_IDS.has(name) ? `param-${name}` : prefix + name;
}

/** The name as a self-link, so a reader can copy the address of one parameter. */
function parameterName(name: string, prefix: string): Md {
  const id = mdId(parameterAnchor(name, prefix));
  return md`<a id="${id}" class="tc-param" href="#${id}">${mdCode(name)}</a>`;
}

/** Description, notes, then one line per fact: default, unit, pattern, values, rules. */
function parameterDetails(field: Field, lang: Lang, { rules, parent }: RowPlace): Md[] {
  const l = LABELS[lang];
  const scalar = innermostScalar(field.type);
  const c = scalar?.constraints;
  const lines: (Md | null)[] = [
    md`${field.description ? say(field.description, lang) : md``}${ownMarker(field, parent, lang)}`,
    field.nullable ? md`<em>${l.nullable}</em>` : null,
    field.deprecated ? md`<strong>${l.deprecated}</strong> ${say(field.deprecated.note, lang)}` : null,
    field.default === undefined ? null : md`${l.default}: ${mdCode(exactJson(field.default))}`,
    field.unit ? md`${l.unit}: ${mdText(unitLabel(field.unit)[lang])}` : null,
    c?.pattern ? md`${l.pattern}: ${mdCode(c.pattern)}` : null,
    ...(c?.enum?.length ? [md`${l.values}:`, ...c.enum.map((e) => (e.description ? md`· ${mdCode(literal(e.value))}: ${say(e.description, lang)}` : md`· ${mdCode(literal(e.value))}`))] : []),
    ...rules.filter((r) => ruleFields(r).includes(field.name)).map((r) => md`${l.rule}: ${ruleSummary(r, lang)} ([${l.rules}](#rules))`),
  ];
  return lines.filter((n): n is Md => n !== null && n.text !== "");
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

/** The short constraint summary under the type: item count, range, length, format, id prefix. */
function rangeParts(type: TypeRef, lang: Lang): Md[] {
  const parts: Md[] = [];
  if (type.kind === "list") {
    const items = rangeText(type.minItems, type.maxItems, lang);
    if (items) parts.push(md`${lang === "en" ? "items" : "元素个数"}: ${items}`);
  }
  const c = innermostScalar(type)?.constraints;
  if (c) {
    const numeric = rangeText(c.min, c.max, lang);
    if (numeric) parts.push(mdText(numeric));
    const length = rangeText(c.minLength, c.maxLength, lang);
    if (length) parts.push(md`${lang === "en" ? "length" : "长度"}: ${length}`);
    if (c.format) parts.push(md`${lang === "en" ? "format" : "格式"}: ${c.format}`);
    if (c.idPrefix) parts.push(md`${lang === "en" ? "prefix" : "前缀"}: ${mdCode(c.idPrefix)}`);
  }
  return parts;
}

/** `2 to 60`, `at least 1` in English; `2 ~ 60`, `≥ 1` in Chinese. */
function rangeText(min: number | bigint | undefined, max: number | bigint | undefined, lang: Lang): string | undefined {
  if (min !== undefined && max !== undefined) return lang === "en" ? `${min} to ${max}` : `${min} ~ ${max}`;
  if (min !== undefined) return lang === "en" ? `at least ${min}` : `≥ ${min}`;
  if (max !== undefined) return lang === "en" ? `at most ${max}` : `≤ ${max}`;
  return undefined;
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

export function ruleSummary(rule: Rule, lang: Lang): Md {
  const fields = (names: string[]) => mdJoin(names.map((n) => mdCode(n)), md`, `);
  const ops = { "<": "<", "<=": "≤", ">": ">", ">=": "≥", "!=": "≠" } as const;
  switch (rule.kind) {
    case "compare":
      return md`${mdCode(rule.left)} ${ops[rule.op]} ${mdCode(rule.right)}`;
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      return md`${GROUP_RULE_WORDS[rule.kind][lang]} ${fields(rule.fields)}`;
    case "onlyWhen":
    case "requiredWhen": {
      const when = rule.when.kind === "external" ? say(rule.when.description, lang) : lang === "en" ? mdText(conditionText(rule.when).replace(/`/g, "")) : fieldConditionZh(rule.when);
      const words = rule.kind === "onlyWhen" ? (lang === "en" ? "only applies when" : "仅在以下情况生效：") : lang === "en" ? "is required when" : "在以下情况必填：";
      return md`${mdCode(rule.field)} ${words} ${when}`;
    }
  }
}

/** `healthSwitch 为 1`, `inputType 为 "text"、"hexadecimal" 之一`: a field condition in Chinese. */
function fieldConditionZh(when: Extract<Condition, { kind: "field" }>): Md {
  const values = when.in.map(literal);
  return values.length === 1 ? md`${mdCode(when.field)} 为 ${values[0]!}` : md`${mdCode(when.field)} 为 ${values.join("、")} 之一`;
}

const GROUP_RULE_WORDS = {
  exactlyOne: { en: "exactly one of", zh: "必须且只能传其中一个：" },
  atMostOne: { en: "at most one of", zh: "最多传其中一个：" },
  atLeastOne: { en: "at least one of", zh: "至少传其中一个：" },
} as const;
