import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Field, Service } from "../generator/ir/types.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO } from "./support/run.js";

/** The spec's own examples and default values pass the generated validators. */
const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
const services = compiled.ir.services;
const cases = services.flatMap((service) => service.actions.map((action) => ({ service, action, label: `${service.product} ${action.name}` })));

/** `BindRealServerSet.0.Role` as the validators write it: `BindRealServerSet[0].Role`. */
function validatorPath(dotted: string): string {
  return dotted.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

type Validate = (input: unknown) => { ok: boolean; failures: unknown[] };

async function validators(product: string, file: string, name: string): Promise<{ request: Validate; response: Validate }> {
  const module = (await import(`../generated/src/${product}/validate/${file}.ts`)) as Record<string, Validate>;
  return { request: module[`validate${name}Request`]!, response: module[`validate${name}Response`]! };
}

/** Every object in `value` that is an instance of struct `name`, following the IR types. */
function instancesOf(value: unknown, fields: Field[], name: string, service: Service): Record<string, unknown>[] {
  if (typeof value !== "object" || value === null) return [];
  const found: Record<string, unknown>[] = [];
  for (const field of fields) {
    let type = field.type;
    let items: unknown[] = [(value as Record<string, unknown>)[field.name]];
    while (type.kind === "list") {
      type = type.items;
      items = items.flatMap((i) => (Array.isArray(i) ? i : []));
    }
    if (type.kind !== "struct") continue;
    const struct = service.structs.find((s) => s.name === (type as { name: string }).name)!;
    for (const item of items) {
      if (typeof item !== "object" || item === null) continue;
      if (struct.name === name) found.push(item as Record<string, unknown>);
      found.push(...instancesOf(item, [...struct.fields, ...(struct.union?.variants.flatMap((v) => v.fields) ?? [])], name, service));
    }
  }
  return found;
}

describe.each(cases)("$label", ({ service, action }) => {
  it("examples pass their own validators", async () => {
    const { request, response } = await validators(service.product, action.fileName, action.name);
    expect(action.examples.length).toBeGreaterThan(0);
    for (const example of action.examples) {
      expect(request(example.request)).toEqual({ ok: true, failures: [] });
      // A published example kept as published fails exactly where the spec says it breaks a rule.
      const documented = example.violations.map((v) => ({ path: validatorPath(v.path.replace(/^response\./, "")), rule: v.rule }));
      const failures = response(example.response).failures as { path: string; rule: string }[];
      expect(failures.map(({ path, rule }) => ({ path, rule }))).toEqual(documented);
    }
  });

  it("default values pass the validators", async () => {
    const { request } = await validators(service.product, action.fileName, action.name);
    const base = action.examples[0]!.request;
    // Only the required parameters, so no other field's cross-field rule is involved.
    const minimal = Object.fromEntries(action.request.filter((f) => f.required).map((f) => [f.name, base[f.name]]));
    let checked = 0;
    for (const field of action.request.filter((f) => f.default !== undefined)) {
      expect(request({ ...minimal, [field.name]: field.default }).failures, field.name).toEqual([]);
      checked++;
    }
    for (const struct of service.structs)
      for (const field of struct.fields.filter((f) => f.default !== undefined)) {
        const copy = structuredClone(base);
        const targets = instancesOf(copy, action.request, struct.name, service);
        for (const target of targets) target[field.name] = field.default;
        if (targets.length) {
          expect(request(copy).failures, `${struct.name}.${field.name}`).toEqual([]);
          checked++;
        }
      }
    const hasDefaults = action.request.some((f) => f.default !== undefined);
    if (hasDefaults) expect(checked).toBeGreaterThan(0);
  });
});
