import type { DiagnosticBag } from "../diagnostics.js";
import { Site } from "./context.js";
import { innermost } from "./build-field.js";
import { checkScalarType } from "./check-value.js";
import type { Action, Field, Rule, Service, TypeRef } from "./types.js";
import { serviceFields } from "./walk.js";
import { exactJson } from "../render/exact-json.js";

/** Checks every reference between nodes: struct types, rule conditions, async pollers, task status. */
export function resolveReferences(service: Service, bag: DiagnosticBag): void {
  const structNames = new Set(service.structs.map((s) => s.name));
  for (const field of serviceFields(service)) {
    const type = innermost(field.type);
    if (type.kind === "struct" && !structNames.has(type.name))
      Site.of(bag, field.source).at("type").error(`unknown struct "${type.name}"${suggest(type.name, structNames)} in service ${service.product}`);
  }
  for (const struct of service.structs) checkRuleValues(struct.rules, [...struct.fields, ...(struct.union?.variants.flatMap((v) => v.fields) ?? [])], bag);
  for (const action of service.actions) {
    checkRuleValues(action.rules, action.request, bag);
    checkRuleCodes(action, bag);
    checkAsync(action, service, bag);
    checkTaskStatus(action, service, bag);
  }
}

function checkRuleValues(rules: Rule[], fields: Field[], bag: DiagnosticBag): void {
  for (const rule of rules) {
    if ((rule.kind !== "onlyWhen" && rule.kind !== "requiredWhen") || rule.when.kind !== "field") continue;
    const target = fields.find((f) => f.name === (rule.when as { field: string }).field);
    if (!target || target.type.kind !== "scalar") continue;
    for (const value of rule.when.in) {
      const problem = checkScalarType(value, target.type.scalar);
      if (problem) Site.of(bag, rule.source).at("when").error(`condition value for "${target.name}" ${problem}`);
    }
  }
}

function checkRuleCodes(action: Action, bag: DiagnosticBag): void {
  for (const rule of action.rules)
    if (rule.errorCode && !action.errors.some((e) => e.code === rule.errorCode))
      Site.of(bag, rule.source).at("errorCode").error(`error code "${rule.errorCode}" is not among the errors of ${action.name}`);
}

function checkAsync(action: Action, service: Service, bag: DiagnosticBag): void {
  if (!action.async) return;
  const site = Site.of(bag, action.source).at("async");
  if (!action.response.some((f) => f.name === action.async!.taskIdField))
    site.at("taskIdField").error(`"${action.async.taskIdField}" is not a response field of ${action.name}`);
  const poller = service.actions.find((a) => a.name === action.async!.poller);
  if (!poller) site.at("poller").error(`unknown action "${action.async.poller}" in service ${service.product}`);
  else if (!poller.taskStatus) site.at("poller").error(`${poller.name} cannot poll a task: it declares no taskStatus`);
}

function checkTaskStatus(action: Action, service: Service, bag: DiagnosticBag): void {
  const status = action.taskStatus;
  if (!status) return;
  const site = Site.of(bag, action.source).at("taskStatus");
  if (!action.request.some((f) => f.name === status.taskIdParam))
    site.at("taskIdParam").error(`"${status.taskIdParam}" is not a request parameter of ${action.name}`);
  const type = resolvePath(action.response, status.statusField, service);
  if (!type || type.kind !== "scalar") {
    site.at("statusField").error(`"${status.statusField.join(".")}" does not name a scalar response field of ${action.name}`);
    return;
  }
  const seen = new Set<string>();
  for (const key of ["succeeded", "failed", "running"] as const)
    status[key].forEach((value, i) => {
      const problem = checkScalarType(value, type.scalar);
      if (problem) site.at(key, i).error(`status value ${problem}`);
      if (seen.has(exactJson(value))) site.at(key, i).error(`status value ${exactJson(value)} is listed in two states`);
      seen.add(exactJson(value));
    });
}

/** Follows a dotted path through response fields and structs (not through lists). */
export function resolvePath(fields: Field[], path: string[], service: Service): TypeRef | undefined {
  let current: Field[] = fields;
  let type: TypeRef | undefined;
  for (const segment of path) {
    const field = current.find((f) => f.name === segment);
    if (!field) return undefined;
    type = field.type;
    if (type.kind === "struct") {
      const struct = service.structs.find((s) => s.name === (type as { name: string }).name);
      current = struct ? struct.fields : [];
    } else current = [];
  }
  return type;
}

function suggest(name: string, known: Set<string>): string {
  const scored = [...known].map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1));
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best.k}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
