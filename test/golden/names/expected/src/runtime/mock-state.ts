// The mock's in-memory state. Copied verbatim into the generated package by tcgen.
import type { ProductMock } from "./mock-types.js";

/** Records of every resource kind, for one product. */
export type ProductState = Record<string, Map<string, Record<string, unknown>>>;

/**
 * State per (account, region, product): accounts (SecretIds) and regions never see each other's
 * resources. Each starts as a copy of the spec's initial state, made on first use.
 */
export class StateStore {
  private spaces = new Map<string, ProductState>();
  private overrides = new Map<string, ProductMock["resources"]>();

  constructor(private readonly products: ProductMock[]) {}

  space(account: string, region: string, product: string): ProductState {
    const key = `${account}\u0000${region}\u0000${product}`;
    let state = this.spaces.get(key);
    if (!state) {
      const mock = this.products.find((p) => p.product === product);
      state = fromRecords(this.overrides.get(product) ?? mock?.resources ?? {});
      this.spaces.set(key, state);
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
          Object.entries(state).map(([name, records]) => [name, [...records.values()]]),
        ),
      };
    });
  }

  load(dump: StateDump): void {
    this.spaces.clear();
    for (const entry of dump) {
      const mock = this.products.find((p) => p.product === entry.product);
      const ids = Object.fromEntries(
        Object.entries(mock?.resources ?? {}).map(([name, r]) => [name, r.id]),
      );
      const state: ProductState = {};
      for (const [name, records] of Object.entries(entry.resources))
        state[name] = new Map(
          records.map((r) => [String(r[ids[name] ?? "id"]), structuredClone(r)]),
        );
      this.spaces.set(`${entry.account}\u0000${entry.region}\u0000${entry.product}`, state);
    }
  }
}

export type StateDump = {
  account: string;
  region: string;
  product: string;
  resources: Record<string, Record<string, unknown>[]>;
}[];

function fromRecords(resources: ProductMock["resources"]): ProductState {
  const state: ProductState = {};
  for (const [name, resource] of Object.entries(resources))
    state[name] = new Map(
      resource.records.map((record) => [String(record[resource.id]), structuredClone(record)]),
    );
  return state;
}
