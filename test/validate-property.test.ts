import { readFile } from "node:fs/promises";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../generated/src/runtime/validation.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { arbitraryFor } from "./support/arbitrary.js";
import { REPO } from "./support/run.js";

/**
 * The generated validators and ajv (compiled from the emitted JSON Schema) must agree on every
 * input, outside the cross-field rules JSON Schema cannot express (it does express one-of rules
 * and field conditions). Also: the fast path (`is...`) and the collecting path agree exactly.
 */
const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
const actions = compiled.ir.services.flatMap((s) => s.actions.map((a) => ({ product: s.product, name: a.name, file: a.fileName })));

function newAjv() {
  const ajv = new Ajv2020.default({ strict: false, allErrors: false });
  // Formats are tcgen's own definitions (docs/validation.md): ajv gets the same functions.
  for (const name of ["ipv4", "ipv6", "hostname", "uuid"]) ajv.addFormat(name, FORMATS[name]!);
  return ajv;
}

interface Failure {
  rule: string;
  severity: string;
  bound?: { rule?: string; when?: unknown };
}

/**
 * What the JSON Schema says too: every check but the cross-field rules it cannot express
 * (comparisons, warnings, outside facts); one-of rules and field conditions of severity error it
 * does (emit/json-schema/rule-schema.ts).
 */
function inSchema(failure: Failure): boolean {
  if (failure.rule !== "crossField") return true;
  if (failure.severity !== "error") return false;
  const kind = failure.bound?.rule;
  return kind === "exactlyOne" || kind === "atLeastOne" || kind === "atMostOne" || ((kind === "onlyWhen" || kind === "requiredWhen") && failure.bound?.when !== undefined);
}

type Module = Record<string, (input: unknown, path?: string, out?: unknown[]) => unknown>;

describe.each(actions)("$product $name", ({ product, name, file }) => {
  for (const direction of ["Request", "Response"] as const) {
    it(`${direction.toLowerCase()}: generated validator and ajv agree`, async () => {
      const module = (await import(`../generated/src/${product}/validate/${file}.ts`)) as Module;
      const schema = JSON.parse(await readFile(path.join(REPO, "generated", "schema", product, `${name}.${direction.toLowerCase()}.schema.json`), "utf8"));
      const ajvCheck = newAjv().compile(schema);
      const validate = module[`validate${name}${direction}`]!;
      const isValid = module[`is${name}${direction}`]!;
      const collect = module[`collect${name}${direction}`]!;
      let accepted = 0;
      fc.assert(
        fc.property(arbitraryFor(schema), (input) => {
          const result = validate(input) as { failures: Failure[] };
          const schemaLevel = result.failures.filter(inSchema);
          const drafts: unknown[] = [];
          collect(input, "", drafts);
          expect(isValid(input)).toBe(drafts.length === 0);
          expect(schemaLevel.length === 0).toBe(ajvCheck(input) as boolean);
          if (schemaLevel.length === 0) accepted++;
        }),
        { numRuns: direction === "Request" ? 3000 : 1000, seed: 20261122 },
      );
      // Both verdicts must actually be exercised.
      expect(accepted).toBeGreaterThan(50);
    });
  }
});
