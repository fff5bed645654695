import type { DiagnosticBag } from "../diagnostics.js";
import { Site } from "./context.js";
import type { Action, Example, MockResource, Service } from "./types.js";

/**
 * Every spec example runs against the generated mock as written (the mock tests do it), so every
 * resource an example names must be in `<product>/mock-state.yaml`. The mock looks a resource up
 * by a request parameter in three places, mirrored here: each `requires` entry, the effect's `id`
 * (read, replace, remove, update, task-status), and each item's `itemId` of an `add` effect.
 * A missing record is reported at the example's value. Unknown resource names are skipped: checkMock
 * already reports them.
 */
export function checkMockExamples(service: Service, bag: DiagnosticBag): void {
  const resources = new Map(service.mockResources.map((r) => [r.name, r]));
  for (const action of service.actions) {
    if (!action.mock) continue;
    action.examples.forEach((example) => checkExample(service.product, action, example, resources, Site.of(bag, example.source)));
  }
}

/** One lookup the mock makes: a resource by the id a request value gives, at a path in the example. */
interface Lookup {
  resource: string;
  value: unknown;
  at: (string | number)[];
}

function checkExample(product: string, action: Action, example: Example, resources: Map<string, MockResource>, site: Site): void {
  const reported = new Set<string>();
  for (const lookup of lookups(action, example)) {
    const resource = resources.get(lookup.resource);
    if (!resource || lookup.value === undefined || lookup.value === null) continue;
    const key = JSON.stringify([lookup.resource, lookup.value]);
    if (reported.has(key) || hasRecord(resource, lookup.value)) continue;
    reported.add(key);
    site
      .at(...lookup.at)
      .error(
        `the example names ${lookup.resource} ${JSON.stringify(lookup.value)}, which ${product}/mock-state.yaml lacks ` +
          `(add a record with ${resource.id}: ${JSON.stringify(lookup.value)} to resources.${lookup.resource}, so the example runs against the mock)`,
      );
  }
}

function lookups(action: Action, example: Example): Lookup[] {
  const mock = action.mock!;
  const request = example.request;
  const found: Lookup[] = mock.requires.map((r) => ({ resource: r.resource, value: request[r.id], at: ["request", r.id] }));
  const effect = mock.effect;
  const byId = ["read", "replace", "remove", "update", "task-status"].includes(effect.op);
  const byIdResource = effect.op === "task-status" ? (effect.resource ?? "task") : effect.resource;
  if (byId && effect.id && byIdResource) found.push({ resource: byIdResource, value: request[effect.id], at: ["request", effect.id] });
  if (effect.op === "add" && effect.resource && effect.from && effect.itemId) {
    const items = Array.isArray(request[effect.from]) ? (request[effect.from] as unknown[]) : [];
    const rejected = rejectedIds(action, example);
    items.forEach((item, i) => {
      const value = typeof item === "object" && item !== null ? (item as Record<string, unknown>)[effect.itemId!] : undefined;
      // An example may show a partial failure on purpose: ids its response lists as rejected.
      if (!rejected.has(String(value))) found.push({ resource: effect.resource!, value, at: ["request", effect.from!, i, effect.itemId!] });
    });
  }
  return found;
}

function rejectedIds(action: Action, example: Example): Set<string> {
  const field = action.mock!.effect.rejected?.ids;
  const listed = field ? example.response[field] : undefined;
  return new Set(Array.isArray(listed) ? listed.map(String) : []);
}

function hasRecord(resource: MockResource, id: unknown): boolean {
  return resource.records.some((record) => record[resource.id] !== undefined && String(record[resource.id]) === String(id));
}
