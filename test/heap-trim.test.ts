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
    const trim = new HeapTrim(50 * MiB, () => collections++, () => used);
    expect(trim.afterUnit()).toBe(false); // alive: 300, the start
    used = 100 * MiB; // V8's own collection
    expect(trim.afterUnit()).toBe(false);
    used = 160 * MiB; // 60 past what was alive at 100, though below 300
    expect(trim.afterUnit()).toBe(true);
    expect(collections).toBe(1);
  });
});
