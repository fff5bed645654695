import { describe, expect, it } from "vitest";
import { mapBounded, WorkerPool } from "../generator/write/worker-pool.js";

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

describe("WorkerPool", () => {
  it("grows to more workers on demand, each running a job at once", async () => {
    const pool = new WorkerPool<string, number>(new URL("./support/thread-id-worker.mjs", import.meta.url), 1);
    try {
      const alone = await Promise.all([pool.run("a"), pool.run("b")]);
      expect(new Set(alone).size).toBe(1);
      pool.grow(2);
      pool.grow(2); // already there: no third
      const threads = new Set<number>();
      for (let round = 0; round < 20 && threads.size < 2; round++) for (const id of await Promise.all([pool.run("slow"), pool.run("slow")])) threads.add(id);
      expect(threads.size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it("rejects a job its worker fails, and keeps the worker for the next jobs", async () => {
    const pool = new WorkerPool<string, number>(new URL("./support/thread-id-worker.mjs", import.meta.url), 1);
    try {
      const first = await pool.run("a");
      await expect(pool.run("fail")).rejects.toThrow("asked to fail");
      expect(await pool.run("b")).toBe(first);
    } finally {
      await pool.close();
    }
  });

  it("gives a job to the worker idle longest, not the one that just answered", async () => {
    const pool = new WorkerPool<string, number>(new URL("./support/thread-id-worker.mjs", import.meta.url), 2);
    try {
      const [one, two] = await Promise.all([pool.run("a"), pool.run("b")]);
      expect(one).not.toBe(two);
      // One after another: each job goes to the other worker than the last one's.
      const order = [];
      for (let i = 0; i < 4; i++) order.push(await pool.run(`c${i}`));
      expect(order[0]).not.toBe(order[1]);
      expect(order[1]).not.toBe(order[2]);
      expect(order[2]).not.toBe(order[3]);
    } finally {
      await pool.close();
    }
  });
});
