import { describe, expect, it } from "vitest";
import { HeapTrim } from "../generator/pipeline/heap-trim.js";

const MiB = 2 ** 20;

describe("HeapTrim", () => {
  it("collects once the heap grew past the threshold since the last collection, not before", () => {
    let used = 40 * MiB; // what the run starts with (the IR)
    let collections = 0;
    const trim = new HeapTrim(50 * MiB, () => {
      collections++;
      used = 120 * MiB; // what survived
      return true;
    }, () => used);
    used = 80 * MiB;
    expect(trim.afterUnit()).toBe(false); // 40 MiB past the start
    used = 100 * MiB;
    expect(trim.afterUnit()).toBe(true); // 60 MiB past it
    used = 160 * MiB;
    expect(trim.afterUnit()).toBe(false); // 40 MiB past the 120 alive
    used = 171 * MiB;
    expect(trim.afterUnit()).toBe(true);
    expect(collections).toBe(2);
  });

  it("counts from less when V8 collected in between", () => {
    let used = 300 * MiB;
    let collections = 0;
    const trim = new HeapTrim(50 * MiB, () => ++collections > 0, () => used);
    expect(trim.afterUnit()).toBe(false); // alive: 300, the start
    used = 100 * MiB; // V8's own collection
    expect(trim.afterUnit()).toBe(false);
    used = 160 * MiB; // 60 past what was alive at 100, though below 300
    expect(trim.afterUnit()).toBe(true);
    expect(collections).toBe(1);
  });

  it("does not count a collection that could not run, and tries again after the next unit", () => {
    let used = 40 * MiB;
    const results = [false, true];
    const trim = new HeapTrim(50 * MiB, () => {
      const collected = results.shift()!;
      if (collected) used = 45 * MiB;
      return collected;
    }, () => used);
    used = 100 * MiB;
    expect(trim.afterUnit()).toBe(false); // gc not fetched this time: nothing collected
    used = 101 * MiB;
    expect(trim.afterUnit()).toBe(true); // still 61 MiB past what was alive: tries again
    used = 90 * MiB;
    expect(trim.afterUnit()).toBe(false); // 45 past the 45 alive after it
    expect(results).toEqual([]);
  });
});
