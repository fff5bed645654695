import type { DiagnosticBag } from "../diagnostics.js";
import { Site } from "./context.js";
import { innermost } from "./build-field.js";
import { checkFields, checkScalarType, checkValue, type StructLookup, type ValueProblem } from "./check-value.js";
import { describePathSegments } from "../describe-path.js";
import type { Field, Service } from "./types.js";
import { serviceFields } from "./walk.js";

/**
 * Checks every value written in a service's spec against its own definition: enum values, defaults,
 * field examples and whole action examples. Runs after references resolve. Whole examples are not
 * checked against definitions the schema check had to prune (`degraded` files).
 */
export function checkSpecValues(service: Service, bag: DiagnosticBag, degraded: ReadonlySet<string>): void {
  const byName = new Map(service.structs.map((s) => [s.name, s]));
  const structs: StructLookup = (name) => byName.get(name);
  for (const field of serviceFields(service)) checkFieldValues(field, structs, bag);
  for (const action of service.actions) {
    // Nodes the schema check removed would only show up again as "unknown field" noise.
    if (degraded.has(action.source.file) || degraded.has(service.source.file)) continue;
    for (const example of action.examples) {
      const site = Site.of(bag, example.source);
      report(site.at("request"), checkFields(example.request, action.request, structs), `example request of ${action.name}`);
      report(site.at("response"), checkFields(example.response, action.response, structs), `example response of ${action.name}`);
    }
  }
}

function checkFieldValues(field: Field, structs: StructLookup, bag: DiagnosticBag): void {
  const site = Site.of(bag, field.source);
  const scalar = innermost(field.type);
  if (scalar.kind === "scalar") {
    const enumSite = field.type.kind === "list" ? site.at("items", "enum") : site.at("enum");
    scalar.constraints.enum?.forEach((entry, i) => {
      const problem = checkScalarType(entry.value, scalar.scalar);
      if (problem) enumSite.at(i, "value").error(`enum value of "${field.name}" ${problem}`);
    });
  }
  for (const key of ["default", "example"] as const) {
    if (field[key] === undefined) continue;
    report(site.at(key), checkValue(field[key], field.type, structs, field.nullable), `${key} of "${field.name}"`);
  }
}

function report(site: Site, problems: ValueProblem[], what: string): void {
  for (const problem of problems) {
    const where = problem.path.length ? ` at ${describePathSegments(problem.path)}` : "";
    site.at(...problem.path).error(`${what}${where} ${problem.message}`);
  }
}
