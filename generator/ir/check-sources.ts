import type { DiagnosticBag } from "../diagnostics.js";
import { provenanceOf } from "./provenance.js";
import type { Field, Ir, Provenance, ScalarConstraints, Traced, TypeRef } from "./types.js";
import { serviceFields } from "./walk.js";

/** Keys that restrict what a caller may send or the service may answer: each needs a source. */
const SCALAR_CONSTRAINTS = ["min", "max", "enum", "minLength", "maxLength", "pattern", "format", "idPrefix"] as const;

/**
 * `tcgen lint --strict`: every fact traceable to its source. Refuses an assumption without a
 * reason, a page or SDK without a reference, and a constraint, cross-field rule or rate limit whose
 * spec records no source (written by hand is not a source). Sources are checked where they are
 * written; constraints where they are.
 */
export function checkSourcesStrict(ir: Ir, documents: { file: string; data: unknown }[], bag: DiagnosticBag): void {
  for (const doc of documents) checkSourceNotes(doc.data, [], doc.file, bag);
  for (const service of ir.services) {
    for (const field of serviceFields(service)) checkFieldConstraints(field, bag);
    for (const struct of service.structs) for (const rule of struct.rules) needSource(rule, undefined, `rule "${rule.kind}" of struct ${struct.name}`, bag);
    for (const action of service.actions) {
      for (const rule of action.rules) needSource(rule, undefined, `rule "${rule.kind}" of ${action.name}`, bag);
      if (action.rateLimit !== undefined) {
        const own = action.facts?.rateLimit ?? action.provenance;
        const fromService = service.facts?.rateLimit ?? service.provenance;
        if (!isSource(own) && !isSource(fromService)) bag.add(action.source.file, [], `the rate limit of ${action.name} has no source; record where it is documented (source:) or drop it`);
      }
    }
  }
}

function checkFieldConstraints(field: Field, bag: DiagnosticBag): void {
  for (const [key, where] of constraintKeys(field.type)) {
    const note = field.facts?.[key] ?? (where === "items" ? field.facts?.items : undefined) ?? provenanceOf(field);
    if (isSource(note)) continue;
    const path = where === "items" ? [...field.source.path, "items", key] : [...field.source.path, key];
    bag.add(field.source.file, path, `constraint "${key}" of "${field.name}" has no source; add source: (seed, catalogue, sdk, or assumed with a reason) or remove it`, true);
  }
}

/** The constraint keys a field's type carries, and whether they sit under `items`. */
function constraintKeys(type: TypeRef): [string, "field" | "items"][] {
  if (type.kind === "scalar") return presentKeys(type.constraints).map((k) => [k, "field"]);
  if (type.kind !== "list") return [];
  const list: [string, "field" | "items"][] = [];
  if (type.minItems !== undefined) list.push(["minItems", "field"]);
  if (type.maxItems !== undefined) list.push(["maxItems", "field"]);
  if (type.items.kind === "scalar") list.push(...presentKeys(type.items.constraints).map((k): [string, "items"] => [k, "items"]));
  return list;
}

function presentKeys(constraints: ScalarConstraints): string[] {
  return SCALAR_CONSTRAINTS.filter((k) => constraints[k] !== undefined);
}

function needSource(node: Traced & { source: { file: string; path: (string | number)[] } }, key: string | undefined, what: string, bag: DiagnosticBag): void {
  if (!isSource(provenanceOf(node, key))) bag.add(node.source.file, node.source.path, `${what} has no source; add source: (seed, catalogue, sdk, or assumed with a reason)`);
}

function isSource(note: Provenance | undefined): boolean {
  return note !== undefined && note.from !== "hand";
}

/** Every `source` (and `source.facts.<key>`) written in a document. */
function checkSourceNotes(node: unknown, path: (string | number)[], file: string, bag: DiagnosticBag): void {
  if (Array.isArray(node)) return node.forEach((item, i) => checkSourceNotes(item, [...path, i], file, bag));
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "source" && typeof value === "object" && value !== null) {
      checkNote(value as Provenance, [...path, "source"], file, bag);
      for (const [fact, note] of Object.entries((value as { facts?: Record<string, Provenance> }).facts ?? {})) checkNote(note, [...path, "source", "facts", fact], file, bag);
    } else checkSourceNotes(value, [...path, key], file, bag);
  }
}

function checkNote(note: Provenance, path: (string | number)[], file: string, bag: DiagnosticBag): void {
  if (note.from === "assumed" && !note.reason) bag.add(file, [...path, "from"], "an assumption needs its reason (source.reason)");
  if ((note.from === "seed" || note.from === "sdk") && !note.ref) bag.add(file, [...path, "from"], `say which ${note.from === "seed" ? "page" : "SDK"} (source.ref)`);
}
