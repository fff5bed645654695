import type { Site } from "./context.js";
import { buildField } from "./build-field.js";
import { buildRules } from "./build-rules.js";
import type { RawField, RawStruct } from "./raw.js";
import { unnamedStruct } from "./names.js";
import type { Field, Struct, UnionVariant } from "./types.js";
import { exactJson } from "../render/exact-json.js";

export function buildFields(raws: RawField[], site: Site): Field[] {
  const fields = raws.map((raw, i) => buildField(raw, site.at(i)));
  reportDuplicateNames(fields, site);
  return fields;
}

export function reportDuplicateNames(fields: Field[], site: Site): void {
  const seen = new Map<string, Field>();
  for (const field of fields) {
    const first = seen.get(field.name);
    if (first) site.bag.add(field.source.file, [...field.source.path, "name"], `duplicate field name "${field.name}" (first defined at ${first.source.path.join(".")})`);
    else seen.set(field.name, field);
  }
}

export function buildStruct(name: string, raw: RawStruct, site: Site): Struct {
  const fields = buildFields(raw.fields, site.at("fields"));
  const struct: Struct = { name, fields, rules: [], names: unnamedStruct(), source: site.source };
  if (raw.description) struct.description = raw.description;
  if (raw.union) {
    const unionSite = site.at("union");
    const variants: UnionVariant[] = raw.union.variants.map((v, i) => {
      const vSite = unionSite.at("variants", i);
      const variantFields = buildFields(v.fields, vSite.at("fields"));
      for (const f of variantFields)
        if (fields.some((c) => c.name === f.name))
          reportAtName(f, `field "${f.name}" is already a common field of ${name}`, vSite);
      const variant: UnionVariant = { when: v.when, name: v.name ?? `${name}${variantSuffix(v.when)}`, fields: variantFields, names: unnamedStruct(), source: vSite.source };
      if (v.description) variant.description = v.description;
      return variant;
    });
    struct.union = { discriminator: raw.union.discriminator, variants };
    checkUnion(struct, unionSite);
  }
  const allFields = [...fields, ...(struct.union?.variants.flatMap((v) => v.fields) ?? [])];
  struct.rules = buildRules(raw.rules, uniqueByName(allFields), site.at("rules"));
  return struct;
}

function reportAtName(field: Field, message: string, site: Site): void {
  site.bag.add(field.source.file, [...field.source.path, "name"], message);
}

function uniqueByName(fields: Field[]): Field[] {
  return [...new Map(fields.map((f) => [f.name, f])).values()];
}

function variantSuffix(when: unknown): string {
  const text = String(when);
  return /^[0-9]/.test(text) ? `Variant${text}` : text.charAt(0).toUpperCase() + text.slice(1).replace(/[^A-Za-z0-9]/g, "");
}

function checkUnion(struct: Struct, site: Site): void {
  const union = struct.union!;
  const discriminator = struct.fields.find((f) => f.name === union.discriminator);
  if (!discriminator) {
    site.at("discriminator").error(`discriminator "${union.discriminator}" is not a field of ${struct.name}`);
    return;
  }
  const values = discriminator.type.kind === "scalar" ? discriminator.type.constraints.enum : undefined;
  if (!values) {
    site.at("discriminator").error(`discriminator "${union.discriminator}" needs an enum listing every variant's value`);
    return;
  }
  const seen = new Set<string>();
  union.variants.forEach((variant, i) => {
    const key = exactJson(variant.when);
    if (seen.has(key)) site.at("variants", i, "when").error(`two variants are selected by ${key}`);
    seen.add(key);
    if (!values.some((e) => e.value === variant.when))
      site.at("variants", i, "when").error(`variant value ${key} is not in the enum of "${union.discriminator}"`);
  });
}
