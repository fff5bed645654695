import type { DiagnosticBag } from "../diagnostics.js";
import { checkMockExamples } from "./check-mock-examples.js";
import { Site } from "./context.js";
import { sortBy } from "./naming.js";
import type { RawMockState } from "./raw.js";
import type { Action, MockEffect, Service } from "./types.js";
import { exactJson } from "../render/exact-json.js";

/** Adds the resources of `<product>/mock-state.yaml` to its service. */
export function attachMockState(file: string, raw: RawMockState, services: Service[], bag: DiagnosticBag): void {
  const site = new Site(bag, file);
  if (file !== `${raw.product}/mock-state.yaml`) site.at("product").error(`the mock state of "${raw.product}" must be in ${raw.product}/mock-state.yaml`);
  const service = services.find((s) => s.product === raw.product);
  if (!service) return site.at("product").error(`no ${raw.product}/service.yaml declares product "${raw.product}"`);
  service.mockResources = sortBy(
    Object.entries(raw.resources).map(([name, resource]) => {
      const at = site.at("resources", name);
      const seen = new Set<string>();
      resource.records.forEach((record, i) => {
        const id = record[resource.id];
        if (typeof id !== "string" && typeof id !== "number") at.at("records", i).error(`record has no "${resource.id}" (the id of ${name})`);
        else if (seen.has(String(id))) at.at("records", i, resource.id).error(`duplicate ${name} id ${exactJson(id)}`);
        else seen.add(String(id));
      });
      return { name, id: resource.id, records: resource.records, source: at.source, ...(resource.description ? { description: resource.description } : {}) };
    }),
    (r) => r.name,
  );
}

const NEEDS: Record<MockEffect["op"], (keyof MockEffect)[]> = {
  read: ["resource", "id"],
  list: ["resource", "into"],
  replace: ["resource", "id", "set", "from"],
  add: ["resource", "from", "itemId", "set"],
  remove: ["resource", "id", "set", "from", "key"],
  update: ["resource", "id"],
  "task-status": ["id"],
};

/**
 * Checks every name a mock block uses (resources, request parameters, response fields, codes),
 * then that mock-state.yaml holds every resource the examples name.
 */
export function checkMock(service: Service, bag: DiagnosticBag): void {
  checkMockBlocks(service, bag);
  checkMockExamples(service, bag);
}

function checkMockBlocks(service: Service, bag: DiagnosticBag): void {
  const resources = new Set(service.mockResources.map((r) => r.name));
  for (const action of service.actions) {
    if (!action.mock) continue;
    const site = Site.of(bag, action.mock.source);
    const request = new Set(action.request.map((f) => f.name));
    const response = new Set(action.response.map((f) => f.name));
    const codes = new Set(action.errors.map((e) => e.code));
    const resource = (name: string, at: Site) => resources.has(name) || at.error(`unknown mock resource "${name}" (declare it in ${service.product}/mock-state.yaml)`);
    const param = (name: string, at: Site) => request.has(name) || at.error(`"${name}" is not a request parameter of ${action.name}`);
    const field = (name: string, at: Site) => response.has(name) || at.error(`"${name}" is not a response field of ${action.name}`);
    action.mock.requires.forEach((r, i) => {
      resource(r.resource, site.at("requires", i, "resource"));
      param(r.id, site.at("requires", i, "id"));
      if (!codes.has(r.notFound)) site.at("requires", i, "notFound").error(`"${r.notFound}" is not an error code of ${action.name}`);
    });
    checkEffect(action, site.at("effect"), { resource, param, field });
  }
}

type Check = (name: string, at: Site) => unknown;

function checkEffect(action: Action, site: Site, check: { resource: Check; param: Check; field: Check }): void {
  const effect = action.mock!.effect;
  for (const key of NEEDS[effect.op]) if (effect[key] === undefined) site.error(`a "${effect.op}" effect needs "${key}"`);
  if (effect.resource) check.resource(effect.resource, site.at("resource"));
  if (effect.task) check.resource(effect.task.resource, site.at("task", "resource"));
  if (effect.op !== "task-status" && effect.id) check.param(effect.id, site.at("id"));
  if (effect.from) check.param(effect.from, site.at("from"));
  for (const [name, param] of Object.entries({ ...effect.match, ...effect.filters })) check.param(param, site.at(effect.match?.[name] === param ? "match" : "filters", name));
  if (effect.into) check.field(effect.into, site.at("into"));
  for (const name of Object.keys({ ...effect.output, ...effect.counts })) check.field(name, site.at(effect.output?.[name] ? "output" : "counts", name));
  if (effect.rejected) for (const key of ["ids", "message"] as const) check.field(effect.rejected[key], site.at("rejected", key));
  if (effect.task && !action.async) site.at("task").error(`${action.name} runs a task but declares no async block`);
  if (effect.op === "task-status") {
    if (!action.taskStatus) site.error(`${action.name} reports a task but declares no taskStatus`);
    if (effect.id) check.param(effect.id, site.at("id"));
  }
}
