import { describe, expect, it } from "vitest";
import { mapBounded } from "../generator/write/worker-pool.js";

describe("mapBounded", () => {
  it("keeps at most `limit` jobs in flight and returns results in the items' order", async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, i) => i);
    const results = await mapBounded(items, 4, async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5)); // finish out of order
      inFlight--;
      return i * 2;
    });
    expect(results).toEqual(items.map((i) => i * 2));
    expect(most).toBe(4);
  });
});
