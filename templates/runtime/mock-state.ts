// The mock's in-memory state. Copied verbatim into the generated package by tcgen.
import type { ProductMock } from "./mock-types.js";

/** Records of every resource kind, for one product: maps only, so no name can reach a prototype. */
export type ProductState = Map<string, Map<string, Record<string, unknown>>>;

/** A space the store cannot hold: a new one beyond `maxSpaces`. */
export class SpaceLimitError extends Error {}

/**
 * State per (account, region, product): accounts (SecretIds) and regions never see each other's
 * resources. Each starts as a copy of the spec's initial state, made on first use. Accounts and
 * regions come from requests, so the number of spaces is bounded (`maxSpaces`).
 */
export class StateStore {
  private spaces = new Map<string, ProductState>();
  private overrides = new Map<string, ProductMock["resources"]>();
  /**
   * The initial state of each product as read-only calls see it, built once: copying every record
   * for each read cost more than the rest of the request. Its records are frozen, so an effect
   * that wrongly wrote to them would throw instead of changing what every account reads.
   */
  private pristine = new Map<string, ProductState>();

  constructor(
    private readonly products: ProductMock[],
    readonly maxSpaces = 1000,
  ) {}

  /**
   * The state of a space. A call that only reads (`keep` false) gets the shared initial state
   * without storing a space, so reading under many accounts or regions holds no memory and never
   * meets the limit; a call that writes stores its space, up to `maxSpaces`.
   */
  space(account: string, region: string, product: string, keep = true): ProductState {
    const key = spaceKey(account, region, product);
    const existing = this.spaces.get(key);
    if (existing) return existing;
    if (keep && this.spaces.size >= this.maxSpaces)
      throw new SpaceLimitError(
        `the mock already holds state for ${this.maxSpaces} account/region/product combinations; reset it to start over`,
      );
    if (!keep) return this.pristineState(product);
    const state = fromRecords(this.initialResources(product));
    this.spaces.set(key, state);
    return state;
  }

  private initialResources(product: string): ProductMock["resources"] {
    return (
      this.overrides.get(product) ??
      this.products.find((p) => p.product === product)?.resources ??
      {}
    );
  }

  private pristineState(product: string): ProductState {
    let state = this.pristine.get(product);
    if (!state) {
      state = fromRecords(this.initialResources(product));
      for (const records of state.values())
        for (const record of records.values()) deepFreeze(record);
      this.pristine.set(product, state);
    }
    return state;
  }

  /** Back to the initial state everywhere (or the state last loaded). */
  reset(): void {
    this.spaces.clear();
  }

  /** Initial state for every account and region from now on (replaces the spec's). */
  seed(product: string, resources: ProductMock["resources"]): void {
    this.overrides.set(product, structuredClone(resources));
    this.pristine.delete(product);
    this.reset();
  }

  dump(): StateDump {
    return [...this.spaces].map(([key, state]) => {
      const [account, region, product] = key.split("\u0000") as [string, string, string];
      return {
        account,
        region,
        product,
        resources: Object.fromEntries(
          [...state].map(([name, records]) => [name, [...records.values()]]),
        ),
      };
    });
  }

  /** Replaces every space with the dump's (checked by the caller: see `checkDump`). */
  load(dump: StateDump): void {
    if (dump.length > this.maxSpaces)
      throw new SpaceLimitError(
        `a dump holds at most ${this.maxSpaces} spaces, not ${dump.length}`,
      );
    this.spaces.clear();
    for (const entry of dump) {
      const mock = this.products.find((p) => p.product === entry.product);
      const ids = new Map(Object.entries(mock?.resources ?? {}).map(([name, r]) => [name, r.id]));
      const state: ProductState = new Map();
      for (const [name, records] of Object.entries(entry.resources)) {
        const id = ids.get(name) ?? "id";
        state.set(
          name,
          new Map(
            records.map((r) => [
              String(Object.hasOwn(r, id) ? r[id] : undefined),
              structuredClone(r),
            ]),
          ),
        );
      }
      this.spaces.set(spaceKey(entry.account, entry.region, entry.product), state);
    }
  }
}

export type StateDump = {
  account: string;
  region: string;
  product: string;
  resources: Record<string, Record<string, unknown>[]>;
}[];

function spaceKey(account: string, region: string, product: string): string {
  return `${account}\u0000${region}\u0000${product}`;
}

function fromRecords(resources: ProductMock["resources"]): ProductState {
  const state: ProductState = new Map();
  for (const [name, resource] of Object.entries(resources))
    state.set(
      name,
      new Map(
        resource.records.map((record) => [String(record[resource.id]), structuredClone(record)]),
      ),
    );
  return state;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}
