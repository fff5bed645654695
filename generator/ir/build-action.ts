import type { Site } from "./context.js";
import { buildErrors, mergeErrors } from "./build-errors.js";
import { buildRules } from "./build-rules.js";
import { buildFields, reportDuplicateNames } from "./build-struct.js";
import { kebabCase } from "./naming.js";
import { unnamedAction } from "./names.js";
import type { RawAction, RawRule } from "./raw.js";
import type { Action, Example, Protocol, ProtocolName, ScopeStatement, Service } from "./types.js";

/** Builds one action; references to structs and other actions are checked later, once all exist. */
export function buildAction(raw: RawAction, service: Service, protocol: Protocol | undefined, site: Site): Action {
  const request = buildFields(raw.request, site.at("request"));
  const ownResponse = buildFields(raw.response, site.at("response"));
  const response = [...ownResponse, ...(protocol?.responseFields ?? []).filter((c) => !ownResponse.some((f) => f.name === c.name))];
  reportDuplicateNames(response, site.at("response"));
  const ownErrors = buildErrors(raw.errors, service.protocol, "action", site.at("errors"));
  const endpoints = raw.endpoints ?? service.endpoints;
  const action: Action = {
    name: raw.name,
    fileName: kebabCase(raw.name),
    title: raw.title,
    description: raw.description,
    request,
    flatRequest: [],
    rules: buildRules(withoutScope(raw.rules), request, site.at("rules")),
    scope: scopeStatements(raw, site),
    response,
    examples: (raw.examples ?? []).map((e, i) => buildExample(e, endpoints.domestic, service.protocol, site.at("examples", i))),
    endpoints,
    absentMeansUnchanged: raw.absentMeansUnchanged ?? false,
    errors: mergeErrors(ownErrors, protocol?.errors ?? [], service.protocol),
    names: unnamedAction(),
    source: site.source,
  };
  const rateLimit = raw.rateLimit ?? service.rateLimit;
  if (rateLimit !== undefined) action.rateLimit = rateLimit;
  if (raw.status) action.status = raw.status;
  if (raw.async) action.async = raw.async;
  if (raw.mock) action.mock = { requires: raw.mock.requires ?? [], effect: raw.mock.effect, source: site.at("mock").source };
  if (raw.taskStatus) action.taskStatus = { ...raw.taskStatus, statusField: raw.taskStatus.statusField.split(".") };
  return action;
}

type RawExample = NonNullable<RawAction["examples"]>[number];

/** An example as published: what the page does not show stays absent, the rest keeps its values. */
function buildExample(raw: RawExample, host: string, protocol: ProtocolName, site: Site): Example {
  const { method, host: own, placeholders, violations, ...rest } = raw;
  return {
    ...rest,
    method: method ?? (protocol === "tc3" ? "POST" : "GET"),
    host: own ?? host,
    placeholders: placeholders ?? [],
    violations: violations ?? [],
    source: site.source,
  };
}

/** Rules without the action-scope statements, which are not checks over the request. */
function withoutScope(rules: RawRule[] | undefined): RawRule[] {
  return (rules ?? []).filter((r) => r.kind !== "scope");
}

function scopeStatements(raw: RawAction, site: Site): ScopeStatement[] {
  return (raw.rules ?? []).flatMap((rule, i) => {
    if (rule.kind !== "scope") return [];
    const at = site.at("rules", i);
    for (const key of ["left", "op", "right", "fields", "field", "when", "severity", "errorCode"] as const)
      if (rule[key] !== undefined) at.at(key).error(`"${key}" does not belong to a rule of kind "scope" (it states what the whole action applies to)`, true);
    return [{ description: rule.description, source: at.source }];
  });
}
