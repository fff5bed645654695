// What each action does to the mock's state, interpreted from the generated tables. Copied
// verbatim into the generated package by tcgen.
import { toJson } from "./json.js";
import type {
  ActionMock,
  MockEffect,
  ObjectShape,
  ProductMock,
  Shape,
  StructShape,
} from "./mock-types.js";
import type { ProductState } from "./mock-state.js";

/**
 * Most items one stored list may hold, and most records (tasks) one resource kind may hold: every
 * call may add to them, so without a bound a client could grow the mock's memory for ever. Beyond
 * it, lists answer LimitExceeded (the service's quota code) and the oldest tasks are forgotten.
 */
export const MAX_LIST_ITEMS = 10_000;
export const MAX_TASKS = 10_000;

/** An answer the action gives instead of its response: an error code of the action. */
export class MockFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EffectContext {
  /** Polls a new task answers "running" before it is done (0 and no delay: done at once). */
  taskPolls: number;
  /** Time a new task stays "running", in ms. */
  taskDelayMs: number;
  now: () => number;
  /** Next task id, shared by the whole mock. */
  nextTaskId: () => number;
}

/** Runs the action's requirements and effect; returns the response fields (envelope not included). */
export function runAction(
  product: ProductMock,
  action: ActionMock,
  state: ProductState,
  params: Record<string, unknown>,
  ctx: EffectContext,
): Record<string, unknown> {
  const behaviour = action.behaviour;
  if (!behaviour)
    throw new MockFailure(
      "UnsupportedOperation",
      `tcgen mock: the spec gives no mock behaviour for ${action.action}`,
    );
  for (const need of behaviour.requires) {
    const id = own(params, need.id);
    if (id !== undefined && !records(state, need.resource).has(String(id)))
      throw new MockFailure(need.notFound, `${need.resource} ${String(id)} does not exist`);
  }
  const fields = EFFECTS[behaviour.effect.op](behaviour.effect, {
    product,
    action,
    state,
    params,
    ctx,
  });
  return shapeFields(fields, action.response, product.structs);
}

interface Run {
  product: ProductMock;
  action: ActionMock;
  state: ProductState;
  params: Record<string, unknown>;
  ctx: EffectContext;
}

const EFFECTS: Record<MockEffect["op"], (effect: MockEffect, run: Run) => Record<string, unknown>> =
  {
    read(effect, { state, params }) {
      const record = one(state, effect.resource!, own(params, effect.id!));
      const fields: Record<string, unknown> = { ...record };
      for (const [field, from] of Object.entries(effect.output ?? {})) fields[field] = record[from];
      for (const [field, list] of Object.entries(effect.counts ?? {}))
        fields[field] = asList(record[list]).length;
      return fields;
    },
    list(effect, { state, params }) {
      const matches = [...records(state, effect.resource!).values()].filter(
        (record) =>
          matchesAll(record, effect.match, params, false) &&
          matchesAll(record, effect.filters, params, true),
      );
      return { [effect.into!]: matches };
    },
    replace(effect, { product, action, state, params }) {
      const record = one(state, effect.resource!, own(params, effect.id!));
      record[effect.set!] = items(product, action, effect, params);
      return {};
    },
    add(effect, { product, action, state, params }) {
      const failed = new Set<string>();
      const changed = new Map<Record<string, unknown>, KeyedList>();
      for (const item of items(product, action, effect, params)) {
        const id = String(item[effect.itemId!]);
        const record = records(state, effect.resource!).get(id);
        if (!record || !matchesAll(record, effect.match, params, false)) {
          failed.add(id);
          continue;
        }
        let list = changed.get(record);
        if (!list)
          changed.set(
            record,
            (list = new KeyedList(asList(record[effect.set!]), effect.key ?? [])),
          );
        const { [effect.itemId!]: _owner, ...stored } = item;
        list.put(stored);
      }
      // All checks before any change: a refused call leaves the state as it was.
      if (!effect.rejected && failed.size)
        throw new MockFailure(
          "ResourceNotFound",
          `${effect.resource} ${[...failed].join(", ")} not found`,
        );
      for (const list of changed.values())
        if (list.size > MAX_LIST_ITEMS)
          throw new MockFailure(
            "LimitExceeded",
            `a ${effect.resource} would hold more than ${MAX_LIST_ITEMS} ${effect.set}`,
          );
      for (const [record, list] of changed) record[effect.set!] = list.values();
      if (!effect.rejected) return {};
      return {
        [effect.rejected.ids]: [...failed],
        [effect.rejected.message]: failed.size
          ? `${effect.resource} ${[...failed].join(", ")} not found`
          : "",
      };
    },
    remove(effect, { state, params }) {
      const record = one(state, effect.resource!, own(params, effect.id!));
      const gone = new Set(
        (asList(own(params, effect.from!)) as Record<string, unknown>[]).map((item) =>
          identity(item, effect.key!),
        ),
      );
      record[effect.set!] = (asList(record[effect.set!]) as Record<string, unknown>[]).filter(
        (entry) => !gone.has(identity(entry, effect.key!)),
      );
      return {};
    },
    update(effect, { product, action, state, params, ctx }) {
      const record = one(state, effect.resource!, own(params, effect.id!));
      const ids = new Set(action.behaviour!.requires.map((r) => r.id));
      for (const [name, value] of Object.entries(params))
        if (!ids.has(name)) record[name] = structuredClone(value);
      if (!effect.task || !action.async) return {};
      const task = product.resources[effect.task.resource]!;
      const taskId = ctx.nextTaskId();
      const poller = product.actions[action.async.poller];
      const running = ctx.taskPolls > 0 || ctx.taskDelayMs > 0;
      const status = running ? poller?.taskStatus?.running[0] : poller?.taskStatus?.succeeded[0];
      const tasks = records(state, effect.task.resource);
      tasks.set(String(taskId), {
        [task.id]: taskId,
        status,
        pollsLeft: ctx.taskPolls,
        doneAt: ctx.now() + ctx.taskDelayMs,
      });
      // Maps keep insertion order: the first key is the oldest task.
      if (tasks.size > MAX_TASKS) tasks.delete(tasks.keys().next().value!);
      return { [action.async.taskIdField]: taskId };
    },
    "task-status"(effect, { action, state, params, ctx }) {
      const task = one(state, effect.resource ?? "task", own(params, effect.id!));
      const states = action.taskStatus!;
      const pending = typeof task.pollsLeft === "number" && task.pollsLeft > 0;
      const waiting = typeof task.doneAt === "number" && ctx.now() < task.doneAt;
      if (pending) task.pollsLeft = (task.pollsLeft as number) - 1;
      if (!pending && !waiting && states.running.includes(task.status))
        task.status = states.succeeded[0];
      return nest(states.statusField, task.status);
    },
  };

/**
 * A stored list being added to: an item replaces the entries with the same key and goes last, as
 * `[...list.filter(other key), item]` would, in constant time per item (a call adds up to
 * thousands of items to lists of thousands).
 */
class KeyedList {
  private readonly entries: unknown[];
  private readonly dead = new Set<number>();
  private readonly positions = new Map<string, number[]>();

  constructor(
    existing: unknown[],
    private readonly key: string[],
  ) {
    this.entries = [...existing];
    this.entries.forEach((entry, i) => this.remember(entry, i));
  }

  put(item: Record<string, unknown>): void {
    const id = identity(item, this.key);
    for (const i of this.positions.get(id) ?? []) this.dead.add(i);
    this.positions.delete(id);
    this.remember(item, this.entries.push(item) - 1);
  }

  get size(): number {
    return this.entries.length - this.dead.size;
  }

  values(): unknown[] {
    return this.entries.filter((_, i) => !this.dead.has(i));
  }

  private remember(entry: unknown, index: number): void {
    const id = identity(entry as Record<string, unknown>, this.key);
    const at = this.positions.get(id);
    if (at) at.push(index);
    else this.positions.set(id, [index]);
  }
}

/** The request's items, copied, with the defaults of their struct filled in. */
function items(
  product: ProductMock,
  action: ActionMock,
  effect: MockEffect,
  params: Record<string, unknown>,
): Record<string, unknown>[] {
  const shape = action.request[effect.from!];
  const struct =
    typeof shape === "object" &&
    "list" in shape &&
    typeof shape.list === "object" &&
    "struct" in shape.list
      ? product.structs[shape.list.struct]
      : undefined;
  return (asList(own(params, effect.from!)) as Record<string, unknown>[]).map((item) => ({
    ...structuredClone(struct?.defaults ?? {}),
    ...structuredClone(item),
  }));
}

function records(state: ProductState, resource: string): Map<string, Record<string, unknown>> {
  let map = state.get(resource);
  if (!map) state.set(resource, (map = new Map()));
  return map;
}

/** A parameter the request itself carries (never one inherited from a prototype). */
function own(params: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(params, name) ? params[name] : undefined;
}

/** An item's identity for add/remove: its key fields as JSON (bigints included, which JSON.stringify refuses). */
function identity(entry: Record<string, unknown> | undefined, key: string[]): string {
  const field = (k: string) =>
    typeof entry === "object" && entry !== null && Object.hasOwn(entry, k) ? entry[k] : null;
  return toJson(
    key.map((k) => field(k) ?? null),
    true,
  );
}

function one(state: ProductState, resource: string, id: unknown): Record<string, unknown> {
  const record = records(state, resource).get(String(id));
  if (!record)
    throw new MockFailure("ResourceNotFound", `${resource} ${String(id)} does not exist`);
  return record;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Record fields equal to request parameters; with `optional`, absent parameters match all, lists mean any of. */
function matchesAll(
  record: Record<string, unknown>,
  pairs: Record<string, string> | undefined,
  params: Record<string, unknown>,
  optional: boolean,
): boolean {
  return Object.entries(pairs ?? {}).every(([field, param]) => {
    const wanted = own(params, param);
    if (wanted === undefined) return optional;
    return Array.isArray(wanted) ? wanted.includes(record[field]) : record[field] === wanted;
  });
}

function nest(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>(
    (inner, key, i) => (i === path.length - 1 ? { [key]: value } : { [key]: inner }),
    {},
  );
}

/**
 * Keeps the fields the response defines, shaped as it defines them (nested structs, unions). A
 * required field the state does not hold gets its default, or null where the spec allows null.
 */
export function shapeFields(
  fields: Record<string, unknown>,
  shape: ObjectShape,
  structs: Record<string, StructShape>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Keys, not entries: no [name, type] pair allocated per field of every answer.
  for (const name of Object.keys(shape.fields)) {
    const value =
      fields[name] ?? (shape.required.includes(name) ? shape.defaults[name] : undefined);
    if (value !== undefined) out[name] = shapeValue(value, shape.fields[name]!, structs);
    else if (shape.required.includes(name) && shape.nullable.includes(name)) out[name] = null;
  }
  return out;
}

function shapeValue(value: unknown, shape: Shape, structs: Record<string, StructShape>): unknown {
  if (value === null || typeof shape === "string") return value;
  if ("list" in shape)
    return Array.isArray(value)
      ? value.map((item) => shapeValue(item, shape.list, structs))
      : value;
  const struct = structs[shape.struct];
  if (!struct || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const variant = struct.union?.variants.find(
    (v) => v.when === record[struct.union!.discriminator],
  );
  return shapeFields(record, variant ? merge(struct, variant) : struct, structs);
}

function merge(a: ObjectShape, b: ObjectShape): ObjectShape {
  return {
    fields: { ...a.fields, ...b.fields },
    defaults: { ...a.defaults, ...b.defaults },
    required: [...a.required, ...b.required],
    nullable: [...a.nullable, ...b.nullable],
  };
}
