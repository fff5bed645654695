import type { Field, ScalarTypeRef, TypeRef } from "../../ir/types.js";
import { inline, literal, unitLabel } from "./text.js";
import { exactJson } from "../../render/exact-json.js";

/**
 * What the spec says about a field besides its description, as short English facts
 * (`Range: 2 to 60`, `Unit: seconds (秒)`). Shared by every output that documents a field.
 */
export function fieldFacts(field: Field): string[] {
  const facts: string[] = [];
  facts.push(...typeFacts(field.type, ""));
  if (field.unit) {
    const label = unitLabel(field.unit);
    facts.push(`Unit: ${label.en}${label.zh !== label.en ? ` (${label.zh})` : ""}`);
  }
  if (field.default !== undefined) facts.push(`Default: \`${exactJson(field.default)}\``);
  if (field.nullable) facts.push("May be null.");
  if (field.example !== undefined) facts.push(`Example: \`${exactJson(field.example)}\``);
  return facts;
}

function typeFacts(type: TypeRef, prefix: string): string[] {
  if (type.kind === "list") {
    const facts: string[] = [];
    const count = range(type.minItems, type.maxItems);
    if (count) facts.push(`${prefix}Items: ${count}`);
    return [...facts, ...typeFacts(type.items, "Each item: ")];
  }
  if (type.kind === "struct") return [];
  return scalarFacts(type, prefix);
}

function scalarFacts(type: ScalarTypeRef, prefix: string): string[] {
  const c = type.constraints;
  const facts: string[] = [];
  const numeric = range(c.min, c.max);
  if (numeric) facts.push(`${prefix}Range: ${numeric}`);
  const length = range(c.minLength, c.maxLength);
  if (length) facts.push(`${prefix}Length: ${length} characters`);
  if (c.format) facts.push(`${prefix}Format: ${c.format}`);
  if (c.idPrefix) facts.push(`${prefix}Id prefix: \`${c.idPrefix}\``);
  if (c.pattern) facts.push(`${prefix}Pattern: \`${c.pattern}\``);
  if (type.scalar === "int64" || type.scalar === "uint64") facts.push(`${prefix}Wire type: ${type.scalar}`);
  if (type.scalar === "datetime") facts.push(`${prefix}Format: YYYY-MM-DD HH:mm:ss`);
  if (type.scalar === "date") facts.push(`${prefix}Format: YYYY-MM-DD`);
  if (type.scalar === "datetime_iso") facts.push(`${prefix}Format: ISO 8601 date-time`);
  if (c.enum) {
    facts.push(`${prefix}Values:`);
    for (const e of c.enum) facts.push(`  - \`${literal(e.value)}\`${e.description ? `: ${inline(e.description)}` : ""}`);
  }
  return facts;
}

/** `2 to 60`, `at least 1`, `at most 500`, or undefined. */
export function range(min: number | bigint | undefined, max: number | bigint | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return undefined;
}
