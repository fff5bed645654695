/**
 * Provenance of spec facts. A node (document, struct, field, example) may carry
 * `source: { from, ref?, reason?, facts? }`; a node without one inherits its parent's, and a file
 * without any is hand-written. `facts.<key>` overrides the origin of one key of the node. Import
 * owns exactly the facts whose origin is `catalogue`: it updates those and never touches others.
 */
export type Origin = "catalogue" | "seed" | "sdk" | "hand" | "assumed";

export interface SourceNote {
  from: Origin;
  ref?: string;
  reason?: string;
}

export interface Source extends SourceNote {
  facts?: Record<string, SourceNote>;
}

/** `clb/v20180317`: the catalogue folder the facts came from. */
export function catalogueSource(ref: string): Source {
  return { from: "catalogue", ref };
}

/** Origin of `key` of a node, given the node's own `source` (if any) and its parent's origin. */
export function originOf(own: unknown, inherited: Origin, key?: string): Origin {
  const source = asSource(own);
  if (key !== undefined && source?.facts?.[key]) return source.facts[key]!.from;
  return source?.from ?? inherited;
}

export function asSource(value: unknown): Source | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const from = (value as { from?: unknown }).from;
  return typeof from === "string" ? (value as Source) : undefined;
}
