import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, removeDir, runTcgen } from "./support/run.js";

/** `tcgen lint` reports every resource an example names that mock-state.yaml lacks, at the example. */
const BASE = path.join(REPO, "test", "fixtures", "mock-examples", "spec");
const DESCRIBE = "shop/actions/DescribeCart.yaml";
const ADD = "shop/actions/AddItems.yaml";
let dir = "";

afterEach(async () => {
  if (dir) await removeDir(dir);
  dir = "";
});

async function errorsAfter(file: string, find: string, replace: string, pointAt?: string): Promise<{ errors: string[]; at: string }> {
  dir = await copySpec(BASE);
  const at = await edit(path.join(dir, file), find, replace, pointAt);
  const result = await compileSpec(dir, "spec");
  return { errors: result.ok ? [] : result.errors, at: `spec/${file}:${at}` };
}

const lacks = (resource: string, id: string, product = "shop", idField = `${resource[0]!.toUpperCase()}${resource.slice(1)}Id`) =>
  `the example names ${resource} "${id}", which ${product}/mock-state.yaml lacks (add a record with ${idField}: "${id}" to resources.${resource}, so the example runs against the mock)`;

describe("lint: example resources missing from mock-state.yaml", () => {
  it("passes the fixture, whose examples name only resources it holds (or fail on purpose)", async () => {
    expect(await compileSpec(BASE, "spec")).toMatchObject({ ok: true });
  });

  it("reports a resource a `requires` entry looks up", async () => {
    const { errors, at } = await errorsAfter(DESCRIBE, "{ StoreId: store-1, CartId: cart-1 }", "{ StoreId: store-9, CartId: cart-1 }", "store-9");
    expect(errors).toEqual([`${at}: ${lacks("store", "store-9")}`]);
  });

  it("reports the resource the effect reads by id", async () => {
    const { errors, at } = await errorsAfter(DESCRIBE, "{ StoreId: store-1, CartId: cart-1 }", "{ StoreId: store-1, CartId: cart-9 }", "cart-9");
    expect(errors).toEqual([`${at}: ${lacks("cart", "cart-9")}`]);
  });

  it("reports each item of an `add` effect whose resource is missing, unless the example's response rejects it", async () => {
    const { errors, at } = await errorsAfter(ADD, "{ CartId: cart-2, Sku: sku-2 }", "{ CartId: cart-7, Sku: sku-2 }", "cart-7");
    expect(errors).toEqual([`${at}: ${lacks("cart", "cart-7")}`]);
  });

  it("reports every example that names a record removed from mock-state.yaml", async () => {
    dir = await copySpec(BASE);
    await edit(path.join(dir, "shop/mock-state.yaml"), "      - { CartId: cart-1, StoreId: store-1, Items: [] }\n", "");
    const result = await compileSpec(dir, "spec");
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.replace(/:\d+:\d+:/, ":L:C:"))).toEqual([`spec/${ADD}:L:C: ${lacks("cart", "cart-1")}`, `spec/${DESCRIBE}:L:C: ${lacks("cart", "cart-1")}`]);
  });

  it("tcgen lint prints the located problem on stderr and exits 1", async () => {
    dir = await copySpec(BASE);
    const at = await edit(path.join(dir, DESCRIBE), "{ StoreId: store-1, CartId: cart-1 }", "{ StoreId: store-1, CartId: cart-3 }", "cart-3");
    const run = await runTcgen(["lint", "--spec", dir]);
    expect(run.code).toBe(1);
    const shown = path.relative(REPO, dir).split(path.sep).join("/");
    expect(run.stderr).toContain(`${shown}/${DESCRIBE}:${at}: ${lacks("cart", "cart-3")}`);
    expect(run.stdout).toBe("");
  });
});
