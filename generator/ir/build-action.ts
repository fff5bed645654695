import type { Site } from "./context.js";
import { buildErrors, mergeErrors } from "./build-errors.js";
import { buildRules } from "./build-rules.js";
import { buildFields, reportDuplicateNames } from "./build-struct.js";
import { kebabCase } from "./naming.js";
import { unnamedAction } from "./names.js";
import type { RawAction } from "./raw.js";
import type { Action, Protocol, Service } from "./types.js";

/** Builds one action; references to structs and other actions are checked later, once all exist. */
export function buildAction(raw: RawAction, service: Service, protocol: Protocol | undefined, site: Site): Action {
  const request = buildFields(raw.request, site.at("request"));
  const ownResponse = buildFields(raw.response, site.at("response"));
  const response = [...ownResponse, ...(protocol?.responseFields ?? []).filter((c) => !ownResponse.some((f) => f.name === c.name))];
  reportDuplicateNames(response, site.at("response"));
  const ownErrors = buildErrors(raw.errors, service.protocol, "action", site.at("errors"));
  const action: Action = {
    name: raw.name,
    fileName: kebabCase(raw.name),
    title: raw.title,
    description: raw.description,
    request,
    flatRequest: [],
    rules: buildRules(raw.rules, request, site.at("rules")),
    response,
    examples: (raw.examples ?? []).map((e, i) => ({ ...e, source: site.at("examples", i).source })),
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
