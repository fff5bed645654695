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
      const documented = new Set(example.violations.map((v) => v.path));
      const seen = new Set<string>();
      for (const part of ["request", "response"] as const) {
        const problems = checkFields(example[part], part === "request" ? action.request : action.response, structs);
        // A published example that breaks a stated rule stays as published when the spec says so.
        const open = problems.filter((p) => {
          const key = [part, ...p.path].join(".");
          if (!documented.has(key)) return true;
          seen.add(key);
          return false;
        });
        report(site.at(part), open, `example ${part} of ${action.name}`);
      }
      example.placeholders.forEach((path, i) => {
        if (valueAt(example, path) === undefined) site.at("placeholders", i).error(`the example has no value at ${path}`);
      });
      example.violations.forEach((v, i) => {
        if (!seen.has(v.path)) site.at("violations", i, "path").error(`the example does not break a rule at ${v.path}; remove this violation`);
      });
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

/** The value at a dotted path (`response.X.0.Y`) of an example, or undefined. */
function valueAt(example: { request: unknown; response: unknown }, path: string): unknown {
  let current: unknown = example;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
