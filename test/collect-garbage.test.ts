import { getHeapStatistics } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";

const MiB = 2 ** 20;

afterEach(() => {
  vi.doUnmock("node:v8");
  vi.resetModules();
});

describe("collectGarbage", () => {
  it("frees what is no longer reachable, and leaves `gc` unexposed to new contexts", async () => {
    const { collectGarbage } = await import("../generator/write/collect-garbage.mjs");
    let junk: string[] | undefined = Array.from({ length: 200_000 }, (_, i) => `${i}`.repeat(40));
    const before = getHeapStatistics().used_heap_size;
    expect(junk.length).toBe(200_000);
    junk = undefined;
    expect(collectGarbage()).toBe(true);
    const after = getHeapStatistics().used_heap_size;
    expect(before - after).toBeGreaterThan(8 * MiB);
    expect(collectGarbage()).toBe(true); // again, with the function it found
    expect(runInNewContext("typeof gc")).toBe("undefined");
  });

  it("collects nothing, without throwing, when another thread turned the flag off in between, and tries again next time", async () => {
    // The flag is process-wide: a worker may turn it off between this thread's turning it on and
    // creating its context. Simulated by a setFlagsFromString that does nothing the first time.
    const real = await vi.importActual<typeof import("node:v8")>("node:v8");
    let calls = 0;
    vi.doMock("node:v8", () => ({ ...real, setFlagsFromString: (flags: string) => (calls++ < 2 ? undefined : real.setFlagsFromString(flags)) }));
    const { collectGarbage, readyCollector } = await import("../generator/write/collect-garbage.mjs");
    expect(readyCollector()).toBe(false);
    expect(collectGarbage()).toBe(true);
    expect(readyCollector()).toBe(true);
    expect(runInNewContext("typeof gc")).toBe("undefined");
  });
});
