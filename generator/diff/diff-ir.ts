import { compareBytes } from "../compare.js";
import type { Action, Field, Ir, Rule, ScalarConstraints, Service, Struct, TypeRef } from "../ir/types.js";
import type { Change, ChangeKind, Impact } from "./changes.js";

type Direction = "request" | "response";

/** Every difference between two IRs that users of the generated package can notice, classified. */
export function diffIr(before: Ir, after: Ir): Change[] {
  const changes: Change[] = [];
  const add = (kind: ChangeKind, impact: Impact, where: string, message: string) => changes.push({ kind, impact, where, message });
  const next = new Map(after.services.map((s) => [s.product, s]));
  for (const old of before.services) {
    const now = next.get(old.product);
    if (!now) add("service-removed", "breaking", old.product, `product ${old.product} removed with its ${old.actions.length} actions`);
    else diffService(old, now, add);
  }
  for (const now of after.services)
    if (!before.services.some((s) => s.product === now.product)) add("service-added", "non-breaking", now.product, `product ${now.product} added (${now.actions.length} actions)`);
  return changes.sort((a, b) => rank(a.impact) - rank(b.impact) || compareBytes(a.where, b.where) || compareBytes(a.message, b.message));
}

type Add = (kind: ChangeKind, impact: Impact, where: string, message: string) => void;

function diffService(old: Service, now: Service, add: Add): void {
  const p = old.product;
  if (old.version !== now.version) add("service-version-changed", "non-breaking", p, `API version ${old.version ?? "-"} -> ${now.version ?? "-"}`);
  const actions = new Map(now.actions.map((a) => [a.name, a]));
  for (const action of old.actions) {
    const match = actions.get(action.name);
    if (!match) add("action-removed", "breaking", `${p} ${action.name}`, `action ${action.name} removed`);
    else diffAction(action, match, `${p} ${action.name}`, add);
  }
  for (const action of now.actions) if (!old.actions.some((a) => a.name === action.name)) add("action-added", "non-breaking", `${p} ${action.name}`, `action ${action.name} added`);
  const usesBefore = structUses(old);
  const usesAfter = structUses(now);
  const structs = new Map(now.structs.map((s) => [s.name, s]));
  for (const struct of old.structs) {
    const match = structs.get(struct.name);
    if (!match) continue; // only reachable through fields, whose type change is reported there
    const directions = new Set([...(usesBefore.get(struct.name) ?? []), ...(usesAfter.get(struct.name) ?? [])]);
    for (const direction of directions) diffFields(allFields(struct), allFields(match), direction, `${p} struct ${struct.name}`, add);
    diffRules(struct.rules, match.rules, directions.has("request"), `${p} struct ${struct.name}`, add);
  }
}

function diffAction(old: Action, now: Action, where: string, add: Add): void {
  diffFields(old.request, now.request, "request", `${where} request`, add);
  diffFields(old.response, now.response, "response", `${where} response`, add);
  diffRules(old.rules, now.rules, true, where, add);
  const codes = new Set(now.errors.map((e) => e.code));
  for (const error of old.errors) if (!codes.has(error.code)) add("error-code-removed", "breaking", where, `error code ${error.code} removed`);
  for (const error of now.errors) if (!old.errors.some((e) => e.code === error.code)) add("error-code-added", "non-breaking", where, `error code ${error.code} added`);
  if (old.rateLimit !== now.rateLimit) add("rate-limit-changed", "patch", where, `rate limit ${old.rateLimit ?? "not documented"} -> ${now.rateLimit ?? "not documented"} calls/s`);
  if (JSON.stringify(old.description) !== JSON.stringify(now.description) || JSON.stringify(old.title) !== JSON.stringify(now.title))
    add("text-changed", "patch", where, "title or description changed");
  diffActionFacts(old, now, where, add);
}

/** Hosts, update semantics, scope statements and sources: what an action says beyond its fields. */
function diffActionFacts(old: Action, now: Action, where: string, add: Add): void {
  const hosts = (a: Action) => [a.endpoints.domestic, a.endpoints.international ?? "-"].join(", ");
  if (hosts(old) !== hosts(now)) add("endpoint-changed", "non-breaking", where, `endpoints ${hosts(old)} -> ${hosts(now)}`);
  if (old.absentMeansUnchanged !== now.absentMeansUnchanged) {
    // Absent means unchanged checks fewer rules (only between present fields): it accepts more.
    const impact = now.absentMeansUnchanged ? "non-breaking" : "breaking";
    add("update-semantics-changed", impact, where, now.absentMeansUnchanged ? "absent parameters now mean unchanged" : "absent parameters now take their defaults");
  }
  const scopeText = (a: Action) => a.scope.map((s) => JSON.stringify(s.description));
  for (const text of scopeText(now)) if (!scopeText(old).includes(text)) add("scope-added", "non-breaking", where, `scope statement added: ${text}`);
  for (const text of scopeText(old)) if (!scopeText(now).includes(text)) add("scope-removed", "non-breaking", where, `scope statement removed: ${text}`);
  const sources = (a: Action) => JSON.stringify([a.provenance ?? null, a.facts ?? null]);
  if (sources(old) !== sources(now)) add("source-changed", "patch", where, "the action's recorded sources changed");
}

function diffFields(old: Field[], now: Field[], direction: Direction, where: string, add: Add): void {
  const byName = new Map(now.map((f) => [f.name, f]));
  for (const field of old) {
    const match = byName.get(field.name);
    if (!match) add("field-removed", "breaking", `${where} ${field.name}`, `${direction} field ${field.name} removed`);
    else diffField(field, match, direction, `${where} ${field.name}`, add);
  }
  for (const field of now) {
    if (old.some((f) => f.name === field.name)) continue;
    const breaking = direction === "request" && field.required;
    add("field-added", breaking ? "breaking" : "non-breaking", `${where} ${field.name}`, `${breaking ? "required " : ""}${direction} field ${field.name} added`);
  }
}

function diffField(old: Field, now: Field, direction: Direction, where: string, add: Add): void {
  const [before, after] = [typeText(old.type), typeText(now.type)];
  if (before !== after) {
    add("type-changed", "breaking", where, `type ${before} -> ${after}`);
    return;
  }
  if (old.required !== now.required) {
    const toRequired = now.required;
    // A request field that becomes required breaks callers; a response field that becomes optional breaks readers.
    const breaking = direction === "request" ? toRequired : !toRequired;
    add(toRequired ? "became-required" : "became-optional", breaking ? "breaking" : "non-breaking", where, `${direction} field became ${toRequired ? "required" : "optional"}`);
  }
  if (old.nullable !== now.nullable && direction === "response")
    add(now.nullable ? "made-nullable" : "made-non-nullable", now.nullable ? "breaking" : "non-breaking", where, `response field ${now.nullable ? "may now be null" : "is no longer null"}`);
  diffLimits(listLimits(old.type), listLimits(now.type), direction, where, add);
  diffConstraints(scalarOf(old.type), scalarOf(now.type), direction, where, add);
  if (JSON.stringify(old.description) !== JSON.stringify(now.description)) add("text-changed", "patch", where, "description changed");
}

/**
 * A new cross-field rule the validators enforce (severity error, over fields of the request)
 * rejects calls that passed before; one about a fact outside the request is only documented.
 */
function diffRules(old: Rule[], now: Rule[], request: boolean, where: string, add: Add): void {
  const key = (rule: Rule) => JSON.stringify({ ...rule, source: undefined, description: undefined, provenance: undefined, facts: undefined });
  const [before, after] = [new Set(old.map(key)), new Set(now.map(key))];
  for (const rule of now) {
    if (before.has(key(rule))) continue;
    const external = "when" in rule && rule.when.kind === "external";
    const breaking = request && rule.severity === "error" && !external;
    add("rule-added", breaking ? "breaking" : "non-breaking", where, `rule added: ${ruleText(rule)}`);
  }
  for (const rule of old) if (!after.has(key(rule))) add("rule-removed", "non-breaking", where, `rule removed: ${ruleText(rule)}`);
}

function ruleText(rule: Rule): string {
  if (rule.kind === "compare") return `${rule.left} ${rule.op} ${rule.right}`;
  if ("fields" in rule) return `${rule.kind} of ${rule.fields.join(", ")}`;
  return `${rule.field} ${rule.kind} ${rule.when.kind === "field" ? `${rule.when.field} in ${JSON.stringify(rule.when.in)}` : "an outside condition"}`;
}

const LOWER = ["min", "minLength", "minItems"] as const;
const UPPER = ["max", "maxLength", "maxItems"] as const;

function diffLimits(old: Limits, now: Limits, direction: Direction, where: string, add: Add): void {
  for (const key of [...LOWER, ...UPPER]) {
    const [a, b] = [old[key], now[key]];
    if (a === b) continue;
    const lower = (LOWER as readonly string[]).includes(key);
    // Narrowed: a bound appears, or moves inward. Only requests break: a response in a narrower range still fits.
    const narrowed = a === undefined || (b !== undefined && (lower ? b > a : b < a));
    const impact: Impact = narrowed && direction === "request" ? "breaking" : "non-breaking";
    add(narrowed ? "range-narrowed" : "range-widened", impact, where, `${key} ${a ?? "none"} -> ${b ?? "none"}`);
  }
}

function diffConstraints(old: ScalarConstraints | undefined, now: ScalarConstraints | undefined, direction: Direction, where: string, add: Add): void {
  if (!old || !now) return;
  const before = old.enum?.map((e) => e.value);
  const after = now.enum?.map((e) => e.value);
  if (before && after) {
    for (const value of before) if (!after.includes(value)) add("enum-value-removed", "breaking", where, `enum value ${JSON.stringify(value)} removed`);
    for (const value of after) if (!before.includes(value)) add("enum-value-added", "non-breaking", where, `enum value ${JSON.stringify(value)} added`);
  } else if (after && !before) add("constraint-added", direction === "request" ? "breaking" : "non-breaking", where, `enum added (${after.map((v) => JSON.stringify(v)).join(", ")})`);
  else if (before && !after) add("constraint-removed", "non-breaking", where, "enum removed");
  for (const key of ["pattern", "format", "idPrefix"] as const) {
    if (old[key] === now[key]) continue;
    const impact: Impact = now[key] !== undefined && direction === "request" ? "breaking" : "non-breaking";
    add(now[key] === undefined ? "constraint-removed" : "constraint-added", impact, where, `${key} ${old[key] ?? "none"} -> ${now[key] ?? "none"}`);
  }
}

type Limits = Partial<Record<(typeof LOWER)[number] | (typeof UPPER)[number], number | bigint>>;

function listLimits(type: TypeRef): Limits {
  const scalar = scalarOf(type) ?? {};
  const out: Limits = { min: scalar.min, max: scalar.max, minLength: scalar.minLength, maxLength: scalar.maxLength };
  if (type.kind === "list") Object.assign(out, { minItems: type.minItems, maxItems: type.maxItems });
  return out;
}

function scalarOf(type: TypeRef): ScalarConstraints | undefined {
  if (type.kind === "list") return scalarOf(type.items);
  return type.kind === "scalar" ? type.constraints : undefined;
}

function typeText(type: TypeRef): string {
  if (type.kind === "list") return `${typeText(type.items)}[]`;
  return type.kind === "scalar" ? type.scalar : type.name;
}

function allFields(struct: Struct): Field[] {
  const seen = new Map(struct.fields.map((f) => [f.name, f]));
  for (const variant of struct.union?.variants ?? []) for (const f of variant.fields) if (!seen.has(f.name)) seen.set(f.name, f);
  return [...seen.values()];
}

/** Which structs requests and responses reach: a struct change is judged by how it is used. */
function structUses(service: Service): Map<string, Set<Direction>> {
  const structs = new Map(service.structs.map((s) => [s.name, s]));
  const uses = new Map<string, Set<Direction>>();
  const visit = (fields: Field[], direction: Direction): void => {
    for (const field of fields) {
      let type = field.type;
      while (type.kind === "list") type = type.items;
      if (type.kind !== "struct") continue;
      const set = uses.get(type.name) ?? new Set<Direction>();
      if (set.has(direction)) continue;
      uses.set(type.name, set.add(direction));
      const struct = structs.get(type.name);
      if (struct) visit(allFields(struct), direction);
    }
  };
  for (const action of service.actions) {
    visit(action.request, "request");
    visit(action.response, "response");
  }
  return uses;
}

function rank(impact: Impact): number {
  return impact === "breaking" ? 0 : impact === "non-breaking" ? 1 : 2;
}
