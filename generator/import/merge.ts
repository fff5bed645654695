import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import type { Data } from "./convert.js";
import { originOf, type Origin } from "./source.js";
import { inlineSmallMaps } from "./yaml-text.js";

/** `file:line:col` of a path in the document as it was read (before any edit shifts list indexes). */
export type Locate = (path: (string | number)[]) => string;

/** What merging one incoming document into an existing one did; every line is `file:line:col: message`. */
export interface MergeOutcome {
  changed: boolean;
  /** Facts import would have to change but must not: nothing is written while there are any. */
  conflicts: string[];
  /** Imported items upstream no longer has, which the merge drops: always shown, never silent. */
  removed: string[];
  notes: string[];
}

/** Keys import writes on a field; every other key (ranges, enums, English text, ...) belongs to the author. */
const IMPORTED_FIELD_KEYS = ["name", "type", "required", "nullable", "description", "example", "source"];
/** Keys import writes on an example. */
const IMPORTED_EXAMPLE_KEYS = ["title", "description", "region", "request", "response", "source"];
/** Text keys import writes only the Chinese of; an `en` there is the author's. */
const TEXT_KEYS = new Set(["title", "description"]);
/** Field keys import updates in place. */
const FIELD_KEYS = ["type", "required", "nullable", "example"] as const;
/** Keys whose presence means an author refined the field's type: a type change upstream invalidates them. */
const TYPE_BOUND_KEYS = ["min", "max", "enum", "minLength", "maxLength", "pattern", "format", "idPrefix", "minItems", "maxItems", "items", "unit", "default"];

/** Edits an existing document in place; only facts whose origin is `catalogue` change. */
export class Merger {
  readonly outcome: MergeOutcome = { changed: false, conflicts: [], removed: [], notes: [] };

  constructor(
    private readonly doc: Document,
    private readonly ref: string,
    private readonly force: boolean,
    private readonly locate: Locate,
  ) {}

  conflict(path: (string | number)[], message: string): void {
    this.outcome.conflicts.push(`${this.locate(path)}: ${message}`);
  }

  /** `path` is a map node; sets `key.zh` when the key's origin is the catalogue. */
  text(path: (string | number)[], key: string, value: { zh: string } | undefined, inherited: Origin): void {
    this.textOn(this.doc.getIn(path, true), key, value, inherited);
  }

  /** Sets or removes one plain key of a map owned by the catalogue. */
  scalar(path: (string | number)[], key: string, value: unknown, inherited: Origin): void {
    this.scalarOn(this.doc.getIn(path, true), key, value, inherited);
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
      const up = upstream.get(name);
      if (up) this.field(item, up, [...path, i], inherited);
      else if (this.dropsField(item, name, [...path, i], inherited, named)) removals.push(i);
    });
    for (const i of removals.reverse()) seq.items.splice(i, 1);
    if (removals.length) this.outcome.changed = true;
    for (const field of incoming)
      if (!present.has(String(field.name))) {
        seq.add(this.node(this.mark(field, inherited)));
        this.outcome.changed = true;
      }
  }

  /**
   * Example lists: an imported example follows its upstream counterpart (same title, else same
   * request) where it stands; hand-written ones keep their places; new upstream examples go after
   * the last imported one.
   */
  examples(incoming: Data[], inherited: Origin): void {
    const seq = this.doc.getIn(["examples"], true);
    if (!isSeq(seq)) {
      if (incoming.length === 0) return;
      this.doc.set("examples", this.node(incoming.map((e) => this.mark(e, inherited))));
      this.outcome.changed = true;
      return;
    }
    const isOwned = (item: unknown): item is YAMLMap => isMap(item) && originOf(plain(item.get("source")), inherited) === "catalogue";
    const keptRequests = seq.items.filter((item) => !isOwned(item)).map((item) => (isMap(item) ? plain(item.get("request")) : undefined));
    // A hand-written example with the same request stands in for the upstream one.
    const fresh = incoming.filter((e) => !keptRequests.some((r) => isDeepStrictEqual(r, e.request)));
    const owned = seq.items.map((item, i) => ({ item, i })).filter((x): x is { item: YAMLMap; i: number } => isOwned(x.item));
    const counterpart = pairExamples(owned.map((o) => o.item), fresh);
    const dropped = new Set<unknown>();
    for (const { item, i } of owned) {
      const up = counterpart.get(item);
      if (up) this.updateExample(item, up, inherited);
      else if (this.dropsExample(item, ["examples", i])) dropped.add(item);
    }
    const added = fresh.filter((e) => ![...counterpart.values()].includes(e)).map((e) => this.node(this.mark(e, inherited)));
    if (dropped.size === 0 && added.length === 0) return;
    const lastOwned = owned.length ? owned[owned.length - 1]!.i : seq.items.length - 1;
    seq.items = withoutAndAfter(seq.items, dropped, added, lastOwned) as typeof seq.items;
    this.outcome.changed = true;
  }

  private textOn(node: unknown, key: string, value: { zh: string } | undefined, inherited: Origin): void {
    // An empty upstream text leaves the old one: absence upstream is not a correction.
    if (value === undefined || !isMap(node) || originOf(plain(node.get("source")), inherited, key) !== "catalogue") return;
    const current = node.get(key, true);
    if (isMap(current)) {
      if (plain(current.get("zh")) === value.zh) return;
      current.set("zh", value.zh);
    } else node.set(key, this.node(value));
    this.outcome.changed = true;
  }

  private scalarOn(node: unknown, key: string, value: unknown, inherited: Origin): void {
    if (!isMap(node) || originOf(plain(node.get("source")), inherited, key) !== "catalogue") return;
    if (isDeepStrictEqual(plain(node.get(key, true)), value)) return;
    if (value === undefined) node.delete(key);
    else node.set(key, this.node(value));
    this.outcome.changed = true;
  }

  /** Updates the keys import writes on an imported example; an English title or other additions stay. */
  private updateExample(item: YAMLMap, up: Data, inherited: Origin): void {
    this.textOn(item, "title", up.title as { zh: string }, inherited);
    this.textOn(item, "description", up.description as { zh: string } | undefined, inherited);
    for (const key of ["region", "request", "response"]) this.scalarOn(item, key, up[key], inherited);
  }

  private field(item: YAMLMap, up: Data, path: (string | number)[], inherited: Origin): void {
    const own = plain(item.get("source"));
    const name = String(up.name);
    for (const key of FIELD_KEYS) {
      const current = normalise(key, plain(item.get(key)));
      const next = normalise(key, up[key]);
      if (isDeepStrictEqual(current, next)) continue;
      if (originOf(own, inherited, key) !== "catalogue") {
        if (key === "type") this.handTypeDiffers(item, name, path, String(current), String(next));
        continue;
      }
      const bound = TYPE_BOUND_KEYS.filter((k) => item.has(k));
      if (key === "type" && bound.length && !this.force) {
        this.conflict([...path, "type"], `${name}: type changed upstream from ${String(current)} to ${String(next)}, but the field has hand-written ${bound.join(", ")}; check them and re-run with --force`);
        continue;
      }
      if (next === undefined || next === false) item.delete(key);
      else item.set(key, this.node(next));
      this.outcome.changed = true;
    }
    this.text(path, "description", up.description as { zh: string } | undefined, inherited);
  }

  /**
   * A hand-written field whose type api.json now states differently. Its constraints were written
   * for the old type, so unless the author said so on the field itself (`source: { from: hand }`:
   * "this type is deliberate"), that is a conflict. Import never edits it either way.
   */
  private handTypeDiffers(item: YAMLMap, name: string, path: (string | number)[], current: string, next: string): void {
    const bound = TYPE_BOUND_KEYS.filter((k) => item.has(k));
    if (bound.length && !item.has("source") && !this.force)
      this.conflict([...path, "type"], `${name}: api.json now says type ${next}, the hand-written spec ${current} with ${bound.join(", ")}; update the field, or mark it source: { from: hand } to keep it, or re-run with --force (hand-written files are never edited)`);
    else this.note([...path, "type"], `${name}: api.json says type ${next}, the spec ${current}; kept (written by hand)`);
  }

  /**
   * Whether a field upstream lacks is dropped. Import cannot tell a field upstream removed from one
   * an author added without marking it: an imported one that carries only keys import writes is
   * dropped (and said so); one with the author's keys, or named by a rule, stops the import.
   */
  private dropsField(item: YAMLMap, name: string, path: (string | number)[], inherited: Origin, named: Set<string>): boolean {
    const origin = originOf(plain(item.get("source")), inherited);
    const namedBy = named.has(name) ? ["a rule, mock block or task declaration names it"] : [];
    if (origin !== "catalogue") {
      // In a hand-written file, a rule naming a field api.json lacks will fail against the service.
      if (namedBy.length && !item.has("source") && !this.force)
        this.conflict([...path, "name"], `${name}: not in api.json, but ${namedBy[0]}; edit the spec, or mark the field source: { from: hand } to keep it, or re-run with --force (hand-written files are never edited)`);
      else this.note([...path, "name"], `${name}: not in api.json; kept (written by hand)`);
      return false;
    }
    const authored = authorKeys(item, IMPORTED_FIELD_KEYS);
    const reasons = [...namedBy, ...(authored.length ? [`it has hand-written ${authored.join(", ")}`] : [])];
    if (reasons.length && !this.force) {
      this.conflict([...path, "name"], `${name}: removed upstream, but ${reasons.join(" and ")}; edit the spec, or mark it source: { from: hand } to keep it, or re-run with --force`);
      return false;
    }
    this.removal([...path, "name"], `removed field ${name}`);
    return true;
  }

  /** Like `dropsField`, for an imported example no upstream example matches. */
  private dropsExample(item: YAMLMap, path: (string | number)[]): boolean {
    const authored = authorKeys(item, IMPORTED_EXAMPLE_KEYS);
    const title = exampleTitle(item);
    if (authored.length && !this.force) {
      this.conflict(path, `example "${title}": removed upstream, but it has hand-written ${authored.join(", ")}; edit the spec, or mark it source: { from: hand } to keep it, or re-run with --force`);
      return false;
    }
    this.removal(path, `removed example "${title}"`);
    return true;
  }

  private removal(path: (string | number)[], what: string): void {
    this.outcome.removed.push(`${this.locate(path)}: ${what} (api.json no longer has it; mark it source: { from: hand } to keep it)`);
  }

  private note(path: (string | number)[], message: string): void {
    this.outcome.notes.push(`${this.locate(path)}: ${message}`);
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

/**
 * Keys of an imported item that import never writes (`min`, `rules`, ...), and `en` texts: the
 * author's work, which import must not drop silently.
 */
function authorKeys(item: YAMLMap, imported: string[]): string[] {
  const data = plain(item) as Data;
  return Object.entries(data).flatMap(([key, value]) => {
    if (!imported.includes(key)) return [key];
    if (!TEXT_KEYS.has(key) || !value || typeof value !== "object") return [];
    return Object.keys(value).filter((k) => k !== "zh").map((k) => `${key}.${k}`);
  });
}

/** `items` less `dropped`, with `added` after index `after` (at the end of an empty list). */
function withoutAndAfter(items: unknown[], dropped: Set<unknown>, added: unknown[], after: number): unknown[] {
  if (items.length === 0) return added;
  return items.flatMap((item, i) => [...(dropped.has(item) ? [] : [item]), ...(i === after ? added : [])]);
}

function exampleTitle(item: YAMLMap): string {
  const title = plain(item.get("title")) as { zh?: string; en?: string } | undefined;
  return String(title?.zh ?? title?.en ?? "untitled");
}

/** Each imported example's upstream counterpart: the first unpaired one with its title, else with its request. */
function pairExamples(owned: YAMLMap[], fresh: Data[]): Map<YAMLMap, Data> {
  const pairs = new Map<YAMLMap, Data>();
  const taken = new Set<Data>();
  const pairBy = (same: (item: YAMLMap, e: Data) => boolean) => {
    for (const item of owned) {
      if (pairs.has(item)) continue;
      const match = fresh.find((e) => !taken.has(e) && same(item, e));
      if (match) {
        pairs.set(item, match);
        taken.add(match);
      }
    }
  };
  pairBy((item, e) => (plain(item.get("title")) as { zh?: string } | undefined)?.zh === (e.title as { zh: string }).zh);
  pairBy((item, e) => isDeepStrictEqual(plain(item.get("request")), e.request));
  return pairs;
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
