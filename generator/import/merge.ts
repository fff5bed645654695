import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import type { Data } from "./convert.js";
import { originOf, type Origin } from "./source.js";
import { inlineSmallMaps } from "./yaml-text.js";

/** A fact import would have to change but must not, located by its path in the document. */
export interface Conflict {
  path: (string | number)[];
  message: string;
}

/** What merging one incoming document into an existing one did. */
export interface MergeOutcome {
  changed: boolean;
  conflicts: Conflict[];
  notes: string[];
}

/** Field keys import writes; every other key (ranges, enums, English text, ...) belongs to the author. */
const FIELD_KEYS = ["type", "required", "nullable", "example"] as const;
/** Keys whose presence means an author refined the field's type: a type change upstream invalidates them. */
const TYPE_BOUND_KEYS = ["min", "max", "enum", "minLength", "maxLength", "pattern", "format", "idPrefix", "minItems", "maxItems", "items", "unit", "default"];

/** Edits an existing document in place; only facts whose origin is `catalogue` change. */
export class Merger {
  readonly outcome: MergeOutcome = { changed: false, conflicts: [], notes: [] };

  constructor(
    private readonly doc: Document,
    private readonly ref: string,
    private readonly force: boolean,
  ) {}

  /** `path` is a map node; sets `key.zh` when the key's origin is the catalogue. */
  text(path: (string | number)[], key: string, value: { zh: string } | undefined, inherited: Origin): void {
    const node = this.doc.getIn(path, true);
    // An empty upstream text leaves the old one: absence upstream is not a correction.
    if (value === undefined || !isMap(node) || originOf(plain(node.get("source")), inherited, key) !== "catalogue") return;
    const current = node.get(key, true);
    if (isMap(current)) {
      if (plain(current.get("zh")) === value.zh) return;
      current.set("zh", value.zh);
    } else node.set(key, this.node(value));
    this.outcome.changed = true;
  }

  /** Sets or removes one plain key of a map owned by the catalogue. */
  scalar(path: (string | number)[], key: string, value: unknown, inherited: Origin): void {
    const node = this.doc.getIn(path, true);
    if (!isMap(node) || originOf(plain(node.get("source")), inherited, key) !== "catalogue") return;
    if (isDeepStrictEqual(plain(node.get(key, true)), value)) return;
    if (value === undefined) node.delete(key);
    else node.set(key, this.node(value));
    this.outcome.changed = true;
  }

  /**
   * Merges a field list: catalogue-owned fields follow upstream, hand-written ones stay as they
   * are, new upstream fields are appended (marked as imported when their parent is not).
   * `named` holds names rules and mock blocks refer to: removing those is a conflict.
   */
  fields(path: (string | number)[], incoming: Data[], inherited: Origin, named: Set<string>): void {
    const seq = this.doc.getIn(path, true);
    if (!isSeq(seq)) {
      if (incoming.length === 0 || this.doc.getIn(path, true) !== undefined) return;
      this.doc.setIn(path, this.node(incoming.map((f) => this.mark(f, inherited))));
      this.outcome.changed = true;
      return;
    }
    const upstream = new Map(incoming.map((f) => [String(f.name), f]));
    const present = new Set<string>();
    const removals: number[] = [];
    seq.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const name = String(plain(item.get("name")));
      present.add(name);
      const origin = originOf(plain(item.get("source")), inherited);
      const up = upstream.get(name);
      if (!up) {
        if (origin !== "catalogue") this.outcome.notes.push(`${describe(path)} ${name}: not in api.json; kept (written by hand)`);
        else if (this.mayDrop(item, name, named, [...path, i])) removals.push(i);
        return;
      }
      this.field(item, up, [...path, i], inherited);
    });
    for (const i of removals.reverse()) seq.items.splice(i, 1);
    if (removals.length) this.outcome.changed = true;
    for (const field of incoming)
      if (!present.has(String(field.name))) {
        seq.add(this.node(this.mark(field, inherited)));
        this.outcome.changed = true;
      }
  }

  /** Example lists: imported examples are replaced as a whole; hand-written ones stay. */
  examples(incoming: Data[], inherited: Origin): void {
    const seq = this.doc.getIn(["examples"], true);
    if (!isSeq(seq)) {
      if (incoming.length === 0) return;
      this.doc.set("examples", this.node(incoming.map((e) => this.mark(e, inherited))));
      this.outcome.changed = true;
      return;
    }
    const owned = seq.items.filter((item) => isMap(item) && originOf(plain(item.get("source")), inherited) === "catalogue");
    const kept = seq.items.filter((item) => !owned.includes(item));
    const keptRequests = kept.map((item) => plain((item as YAMLMap).get("request")));
    const fresh = incoming.filter((e) => !keptRequests.some((r) => isDeepStrictEqual(r, e.request)));
    const ownedPlain = owned.map((item) => withoutSource(plain(item)));
    if (isDeepStrictEqual(ownedPlain, fresh)) return;
    seq.items = [...kept, ...fresh.map((e) => this.node(this.mark(e, inherited)))] as typeof seq.items;
    this.outcome.changed = true;
  }

  private field(item: YAMLMap, up: Data, path: (string | number)[], inherited: Origin): void {
    const own = plain(item.get("source"));
    const name = String(up.name);
    for (const key of FIELD_KEYS) {
      const current = normalise(key, plain(item.get(key)));
      const next = normalise(key, up[key]);
      if (isDeepStrictEqual(current, next)) continue;
      if (originOf(own, inherited, key) !== "catalogue") {
        if (key === "type") this.outcome.notes.push(`${describe(path)} ${name}: api.json says type ${String(next)}, the spec ${String(current)}; kept (written by hand)`);
        continue;
      }
      if (key === "type" && TYPE_BOUND_KEYS.some((k) => item.has(k)) && !this.force) {
        this.outcome.conflicts.push({
          path: [...path, "type"],
          message: `${name}: type changed upstream from ${String(current)} to ${String(next)}, but the field has hand-written ${TYPE_BOUND_KEYS.filter((k) => item.has(k)).join(", ")}; check them and re-run with --force`,
        });
        continue;
      }
      if (next === undefined || next === false) item.delete(key);
      else item.set(key, this.node(next));
      this.outcome.changed = true;
    }
    this.text(path, "description", up.description as { zh: string } | undefined, inherited);
  }

  private mayDrop(item: YAMLMap, name: string, named: Set<string>, path: (string | number)[]): boolean {
    const reasons = [
      ...(named.has(name) ? ["a rule, mock block or task declaration names it"] : []),
      ...(TYPE_BOUND_KEYS.some((k) => item.has(k)) ? ["it has hand-written constraints"] : []),
    ];
    if (reasons.length === 0 || this.force) return true;
    this.outcome.conflicts.push({ path: [...path, "name"], message: `${name}: removed upstream, but ${reasons.join(" and ")}; edit the spec or re-run with --force` });
    return false;
  }

  /** Facts added to a node that is not itself imported say where they came from. */
  private mark(data: Data, inherited: Origin): Data {
    return inherited === "catalogue" ? data : { ...data, source: { from: "catalogue", ref: this.ref } };
  }

  private node(value: unknown) {
    const node = this.doc.createNode(value);
    if (isMap(node) || isSeq(node)) inlineSmallMaps(node);
    return node;
  }
}

/** Every identifier a document's rules, mock, async and taskStatus blocks mention. */
export function namedIdentifiers(data: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") for (const part of value.split(".")) names.add(part);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "description") walk(v);
  };
  walk(data);
  return names;
}

export function plain(node: unknown): unknown {
  if (node === undefined || node === null) return node ?? undefined;
  if (isScalar(node)) return node.value;
  if (isMap(node) || isSeq(node)) return (node as YAMLMap | YAMLSeq).toJSON();
  return node;
}

function normalise(key: string, value: unknown): unknown {
  if ((key === "required" || key === "nullable") && value !== true) return undefined;
  return value;
}

function withoutSource(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const { source: _ignored, ...rest } = value as Data;
  return rest;
}

function describe(path: (string | number)[]): string {
  return path.filter((p) => typeof p === "string" && p !== "fields").join(" ");
}

/** Adds `key: data` to the map at `path` when absent (a new struct in `structs`). */
export function addEntry(merger: Merger, doc: Document, path: (string | number)[], key: string, data: Data, inherited: Origin, ref: string): boolean {
  let map = doc.getIn(path, true);
  if (map === undefined) {
    doc.setIn(path, doc.createNode({}));
    map = doc.getIn(path, true);
  }
  if (!isMap(map) || map.has(key)) return false;
  const value = inherited === "catalogue" ? data : { source: { from: "catalogue", ref }, ...data };
  const node = doc.createNode(value);
  inlineSmallMaps(node as YAMLMap);
  map.set(key, node);
  merger.outcome.changed = true;
  return true;
}
