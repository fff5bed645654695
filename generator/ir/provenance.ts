import type { Protocol, Provenance, Service, SourceRef, Traced } from "./types.js";
import { serviceFields } from "./walk.js";

/**
 * Fills `provenance` and `facts` of every traced node from the `source:` keys of the documents:
 * a node's own `source`, else the nearest one on the way down from its document's root.
 */
export function attachProvenance(services: Service[], protocols: Protocol[], documents: { file: string; data: unknown }[]): void {
  const byFile = new Map(documents.map((d) => [d.file, d.data]));
  const trace = (node: Traced & { source: SourceRef }) => traceNode(node, byFile.get(node.source.file));
  for (const protocol of protocols) for (const node of [...protocol.responseFields, ...protocol.envelope, ...protocol.errors]) trace(node);
  for (const service of services) {
    trace(service);
    for (const struct of service.structs) {
      trace(struct);
      struct.rules.forEach(trace);
    }
    for (const field of serviceFields(service)) trace(field);
    for (const action of service.actions) {
      trace(action);
      for (const node of [...action.rules, ...action.scope, ...action.examples, ...action.errors]) trace(node);
    }
  }
}

function traceNode(node: Traced & { source: SourceRef }, document: unknown): void {
  let current: unknown = document;
  let nearest = sourceOf(current);
  for (const segment of node.source.path) {
    current = isObject(current) ? (current as Record<string | number, unknown>)[segment] : undefined;
    nearest = sourceOf(current) ?? nearest;
  }
  if (nearest) node.provenance = note(nearest);
  const own = sourceOf(current);
  if (own?.facts && Object.keys(own.facts).length)
    node.facts = Object.fromEntries(Object.entries(own.facts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => [key, note(value)]));
}

interface RawSource extends Provenance {
  facts?: Record<string, Provenance>;
}

function sourceOf(node: unknown): RawSource | undefined {
  if (!isObject(node)) return undefined;
  const source = (node as { source?: unknown }).source;
  return isObject(source) && typeof (source as { from?: unknown }).from === "string" ? (source as RawSource) : undefined;
}

function note(source: Provenance): Provenance {
  return { from: source.from, ...(source.ref ? { ref: source.ref } : {}), ...(source.reason ? { reason: source.reason } : {}) };
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** Where one key of a node came from: its own override, else the node's. */
export function provenanceOf(node: Traced, key?: string): Provenance | undefined {
  return (key !== undefined ? node.facts?.[key] : undefined) ?? node.provenance;
}
