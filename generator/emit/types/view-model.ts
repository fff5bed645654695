import type { Action, ErrorCode, Field, Protocol, Rule, Service, Struct } from "../../ir/types.js";
import { fieldFacts } from "../shared/field-facts.js";
import { isExternal, ruleFields, ruleSentence } from "../shared/rules.js";
import { bilingual, inline } from "../shared/text.js";
import { codeLine, identifier, literal, type Code } from "../../render/escape-code.js";
import { isExactlyOneType } from "../../ir/names.js";
import { unionDeclaration } from "../shared/final-layout.js";
import { tsType } from "./ts-type.js";

export interface PropertyView {
  doc: string[];
  name: string;
  optional: boolean;
  type: Code;
}

export interface InterfaceView {
  doc: string[];
  name: string;
  /** Base interface, or null. */
  extends: string | null;
  properties: PropertyView[];
}

export interface UnionView {
  doc: string[];
  name: string;
  members: Code[];
  /** `export type Name = ...;` laid out as prettier would (see final-layout.ts). */
  declaration: Code[];
}

export type ErrorUnionView = UnionView;

function unionView(doc: string[], name: string, members: Code[]): UnionView {
  return { doc, name, members, declaration: unionDeclaration(identifier(name), members) };
}

export function propertyView(field: Field, rules: Rule[], int64: "number" | "bigint"): PropertyView {
  const related = rules.filter((r) => ruleFields(r).includes(field.name)).map(ruleSentence);
  const doc = [...paragraphs(bilingual(field.description)), ...spaced(fieldFacts(field).map(asListItem)), ...spaced(related.map(asListItem))];
  if (field.deprecated) doc.push(`@deprecated ${inline(field.deprecated.note) || "Deprecated by the service."}`);
  const type = codeLine(tsType(field.type, int64) + (field.nullable ? " | null" : ""));
  return { doc, name: field.name, optional: !field.required, type };
}

/** Interfaces for a struct; a union struct yields a base, one interface per variant and the union. */
export function structViews(struct: Struct, int64: "number" | "bigint"): { interfaces: InterfaceView[]; unions: UnionView[] } {
  const doc = [...paragraphs(bilingual(struct.description)), ...spaced(rulesDoc(struct.rules))];
  const properties = struct.fields.map((f) => propertyView(f, struct.rules, int64));
  if (!struct.union && struct.names.common) return exactlyOneViews(struct, doc, properties, int64);
  if (!struct.union) return { interfaces: [{ doc, name: struct.names.type, extends: null, properties }], unions: [] };
  const union = struct.union;
  const baseName = struct.names.common ?? `${struct.name}Common`;
  const variants: InterfaceView[] = union.variants.map((variant) => ({
    doc: [...bilingual(variant.description), `Variant of ${struct.name} selected by \`${union.discriminator}\` = ${JSON.stringify(variant.when)}.`],
    name: variant.names.type,
    extends: baseName,
    properties: [
      { doc: [], name: union.discriminator, optional: false, type: literal(variant.when) },
      ...variant.fields.map((f) => propertyView(f, struct.rules, int64)),
    ],
  }));
  return {
    interfaces: [{ doc: [`Fields every ${struct.name} variant has.`], name: baseName, extends: null, properties }, ...variants],
    unions: [unionView([...doc, "", `Discriminated by \`${union.discriminator}\`.`], struct.names.type, variants.map((v) => identifier(v.name)))],
  };
}

/**
 * A struct with exactly-one rules as a union, as the validators check it: its fields in
 * `<Name>Base` (with their docs), narrowed to each choice, given, the others absent.
 */
function exactlyOneViews(struct: Struct, doc: string[], properties: PropertyView[], int64: "number" | "bigint"): { interfaces: InterfaceView[]; unions: UnionView[] } {
  return exactlyOneUnion({ name: struct.names.type, base: struct.names.common!, label: struct.name, fields: struct.fields, rules: struct.rules, doc, properties }, int64);
}

export interface ExactlyOneShape {
  /** The union's type name and its base interface's. */
  name: string;
  base: string;
  /** What the docs call it: a struct or `<Action> request`. */
  label: string;
  fields: Field[];
  rules: Rule[];
  doc: string[];
  properties: PropertyView[];
}

/**
 * Fields with exactly-one rules (of a struct or an action request) as a union, as the validators
 * check them: every field in the base interface (with its docs), then one member per choice of
 * every rule, the chosen field given and the rule's others absent.
 */
export function exactlyOneUnion(shape: ExactlyOneShape, int64: "number" | "bigint"): { interfaces: InterfaceView[]; unions: UnionView[] } {
  const typeOf = (name: string) => {
    const field = shape.fields.find((f) => f.name === name)!;
    return tsType(field.type, int64) + (field.nullable ? " | null" : "");
  };
  let choices: string[][] = [[]];
  for (const rule of shape.rules) {
    if (!isExactlyOneType(rule) || !("fields" in rule)) continue;
    const group = rule.fields;
    choices = choices.flatMap((prefix) => group.map((chosen) => [...prefix, ...group.map((f) => (f === chosen ? `${property(f)}: ${typeOf(f)}` : `${property(f)}?: undefined`))]));
  }
  return {
    interfaces: [{ doc: [`The fields of ${shape.label}; the type ${shape.name} says which of them exactly one may be.`], name: shape.base, extends: null, properties: shape.properties }],
    unions: [unionView(shape.doc, shape.name, choices.map((parts) => intersection(shape.base, parts, choices.length > 1)))],
  };
}

/** `Base & { ... }`, in parentheses inside a union of several, as prettier prints it there. */
function intersection(base: string, parts: string[], inUnion: boolean): Code {
  const type = `${base} & { ${parts.join("; ")} }`;
  return codeLine(inUnion ? `(${type})` : type);
}

function property(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

export function rulesDoc(rules: Rule[]): string[] {
  if (rules.length === 0) return [];
  return [
    "Cross-field rules:",
    ...rules.map((r) => `- ${ruleSentence(r)} ${inline(r.description)}${isExternal(r) ? " (depends on state outside the request; checked by the service)" : ""}`),
  ];
}

export function errorUnion(name: string, errors: ErrorCode[], extra: string[], doc: string[]): ErrorUnionView {
  const lines = errors.map((e) => `- \`${e.code}\`${e.number !== undefined ? ` (${e.number})` : ""}: ${inline(e.description)}`);
  const members = [...new Set(errors.map((e) => e.code))].map(literal);
  return unionView([...doc, ...lines], name, [...members, ...extra.map(identifier)]);
}

export function errorNumberUnion(name: string, errors: ErrorCode[], extra: string[], doc: string[]): ErrorUnionView {
  return unionView(doc, name, [...errors.filter((e) => e.number !== undefined).map((e) => literal(e.number)), ...extra.map(identifier)]);
}

export function commonErrorNames(protocol: Protocol): { code: string; number: string } {
  const base = protocol.name === "tc3" ? "Tc3" : "LegacyV2";
  return { code: `${base}CommonErrorCode`, number: `${base}CommonErrorNumber` };
}

export function actionDoc(action: Action, service: Service): string[] {
  return [
    `${action.name}: ${inline(action.title)}`,
    "",
    ...paragraphs(bilingual(action.description)),
    "",
    `Product ${service.product}${service.version ? ` (${service.version})` : ""}, ${service.protocol === "tc3" ? "API 3.0" : "legacy v2 API"}; rate limit ${action.rateLimit === undefined ? "not documented" : `${action.rateLimit} calls/s`}.`,
    ...(action.async ? [`Asynchronous: \`${action.async.taskIdField}\` of the response is a task id; poll it with ${action.async.poller}.`] : []),
  ];
}

/** Blank lines between paragraphs, so Chinese and English do not run together in a hover. */
function paragraphs(texts: string[]): string[] {
  return texts.flatMap((t, i) => (i === 0 ? [t] : ["", t]));
}

/** Markdown list items, so an editor's hover shows one fact per line. */
function asListItem(line: string): string {
  return line.startsWith(" ") ? line : `- ${line}`;
}

function spaced(lines: string[]): string[] {
  return lines.length ? ["", ...lines] : [];
}
