import type { DiagnosticBag } from "../diagnostics.js";
import { compareBytes } from "../compare.js";
import { Site } from "./context.js";
import type { Field, Service, Struct, TypeRef } from "./types.js";

/**
 * Refuses structs that no finite value can satisfy: required fields that lead back to their own
 * struct (A requires B requires A), directly, through lists that must not be empty, or through a
 * rule that demands one of several fields (exactlyOne, atLeastOne) none of which can be. Such a spec
 * would make every request or answer that uses the struct impossible to build, and the validators
 * and mock would accept nothing. A link that is optional, nullable or a list that may be empty
 * breaks a cycle; a union is satisfiable when one of its variants is. Each cycle is reported once,
 * at the field of the cycle in the struct whose name sorts first.
 */
export function checkRequiredCycles(service: Service, bag: DiagnosticBag): void {
  const structs = new Map(service.structs.map((s) => [s.name, s]));
  const satisfiable = satisfiableStructs(service.structs, structs);
  const reported = new Set<string>();
  for (const struct of [...service.structs].sort((a, b) => compareBytes(a.name, b.name))) {
    if (satisfiable.has(struct.name)) continue;
    const cycle = findCycle(struct, structs, satisfiable);
    const key = cycle.map((link) => link.struct.name).sort(compareBytes).join(" ");
    if (reported.has(key)) continue;
    reported.add(key);
    const path = [...cycle.map((link) => `${link.struct.name}.${link.field.name}`), cycle[0]!.struct.name].join(" -> ");
    Site.of(bag, cycle[0]!.field.source).error(
      `required fields form a cycle no finite value can satisfy: ${path}; make one of them optional or nullable, or let its list be empty${viaRule(cycle)}`,
    );
  }
}

/** A link through an optional field is there because a rule demands it; say so. */
function viaRule(cycle: Link[]): string {
  const optional = cycle.filter((link) => !link.field.required).map((link) => `${link.struct.name}.${link.field.name}`);
  return optional.length ? ` (${optional.join(", ")}: a rule demands one of its fields)` : "";
}

interface Link {
  struct: Struct;
  field: Field;
}

/** Least fixpoint: a struct is satisfiable once every required link of it (or of one variant) is. */
function satisfiableStructs(all: Struct[], structs: Map<string, Struct>): Set<string> {
  const done = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const struct of all) {
      if (done.has(struct.name) || blockingField(struct, structs, done)) continue;
      done.add(struct.name);
      changed = true;
    }
  }
  return done;
}

/**
 * The first required field that cannot be built yet, or undefined when the struct can be. A rule
 * that demands one of several fields (exactlyOne, atLeastOne) blocks when none of them can be.
 */
function blockingField(struct: Struct, structs: Map<string, Struct>, done: Set<string>): Field | undefined {
  const canBe = (f: Field) => f.nullable || buildable(f.type, structs, done);
  const blocked = (fields: Field[]) => fields.find((f) => f.required && !canBe(f));
  const common = blocked(struct.fields) ?? blockedByRule(struct, canBe);
  if (common) return common;
  const variants = struct.union?.variants ?? [];
  if (variants.length === 0) return undefined;
  const perVariant = variants.map((v) => blocked(v.fields));
  return perVariant.every((f) => f !== undefined) ? perVariant[0] : undefined;
}

function blockedByRule(struct: Struct, canBe: (f: Field) => boolean): Field | undefined {
  for (const rule of struct.rules) {
    if (rule.severity !== "error" || (rule.kind !== "exactlyOne" && rule.kind !== "atLeastOne")) continue;
    // Only common fields: a variant's field may be absent in other variants, so stay permissive.
    const fields = rule.fields.map((name) => struct.fields.find((f) => f.name === name));
    if (fields.every((f) => f !== undefined && !canBe(f))) return fields[0];
  }
  return undefined;
}

function buildable(type: TypeRef, structs: Map<string, Struct>, done: Set<string>): boolean {
  if (type.kind === "scalar") return true;
  if (type.kind === "list") return (type.minItems ?? 0) === 0 || buildable(type.items, structs, done);
  // An unknown struct is reported by resolveReferences; it must not also look like a cycle.
  return done.has(type.name) || !structs.has(type.name);
}

/** Follows blocking fields from an unsatisfiable struct until one repeats: that loop is a cycle. */
function findCycle(start: Struct, structs: Map<string, Struct>, satisfiable: Set<string>): Link[] {
  const chain: Link[] = [];
  const seen = new Map<string, number>();
  let struct = start;
  while (!seen.has(struct.name)) {
    seen.set(struct.name, chain.length);
    const field = blockingField(struct, structs, satisfiable)!;
    chain.push({ struct, field });
    struct = structs.get(structName(field.type))!;
  }
  return rotateToFirst(chain.slice(seen.get(struct.name)));
}

function structName(type: TypeRef): string {
  return type.kind === "list" ? structName(type.items) : type.kind === "struct" ? type.name : "";
}

function rotateToFirst(cycle: Link[]): Link[] {
  let first = 0;
  for (let i = 1; i < cycle.length; i++) if (compareBytes(cycle[i]!.struct.name, cycle[first]!.struct.name) < 0) first = i;
  return [...cycle.slice(first), ...cycle.slice(0, first)];
}
