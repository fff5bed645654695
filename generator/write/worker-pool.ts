import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/**
 * A fixed set of worker threads, each given one job at a time: at most `size` jobs run and no job
 * queues inside a worker, so memory stays bounded by what the caller has in flight. Workers speak
 * one protocol: `{ id, job }` in, `{ id, result }` or `{ id, error }` out; besides it, `hint`
 * messages that need no answer, which do queue in the worker (the caller bounds what it sends).
 */
export class WorkerPool<Job, Result> {
  private readonly idle: Worker[] = [];
  /** Callers waiting for a worker, first in first out (a head index: shift() is O(n) on big arrays). */
  private waiting: (() => void)[] = [];
  private waitingHead = 0;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private readonly workers: Worker[];
  private nextId = 0;
  /** Set when a worker died: the pool refuses further jobs instead of waiting on a dead thread. */
  private failure: Error | undefined;
  private closing = false;

  /**
   * `workerData` for the first `size` workers; `laterData` (default the same) for those added
   * later, which may not need what the first ones do at their start.
   */
  constructor(
    private readonly entry: URL,
    size: number,
    workerData?: unknown,
    private readonly laterData: unknown = workerData,
  ) {
    this.workers = Array.from({ length: size }, () => this.spawn(entry, workerData));
    this.idle.push(...this.workers);
  }

  /** Runs `job` on the next free worker. */
  async run(job: Job): Promise<Result> {
    const worker = await this.acquire();
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    try {
      return await new Promise<Result>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      });
    } finally {
      this.release(worker);
    }
  }

  /** How many workers there are. */
  get size(): number {
    return this.workers.length;
  }

  /** Posts `message` to every worker, outside the jobs' protocol: a hint, which no answer follows. */
  hint(message: unknown): void {
    for (const worker of this.workers) worker.postMessage(message);
  }

  /** Adds workers until there are `size` (a pool started small for an edit that turned out big). */
  grow(size: number): void {
    while (this.workers.length < size && !this.closing) {
      const worker = this.spawn(this.entry, this.laterData);
      this.workers.push(worker);
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(entry: URL, workerData: unknown): Worker {
    const worker = new Worker(entry, { workerData });
    worker.on("message", (message: { id: number; result?: Result; error?: string }) => {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result as Result);
    });
    // A crashed worker fails every job in flight rather than hanging the run.
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => {
      if (code !== 0 && !this.closing) this.fail(new Error(`internal: a worker thread exited with code ${code}`));
    });
    return worker;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  /** The worker idle longest: one that just answered may still be collecting its heap after the job. */
  private async acquire(): Promise<Worker> {
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.idle.shift()!;
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    const next = this.waiting[this.waitingHead];
    if (next === undefined) return;
    this.waitingHead++;
    if (this.waitingHead === this.waiting.length) [this.waiting, this.waitingHead] = [[], 0];
    next();
  }
}

/**
 * `run` over every item with at most `limit` in flight, results in the items' order: callers
 * with 100,000 files start a few jobs at a time instead of parking them all at once.
 */
export async function mapBounded<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Both cores of the target machine (or however many there are), never more than `limit`. */
export function poolSize(limit: number): number {
  return Math.max(1, Math.min(limit, availableParallelism()));
}
