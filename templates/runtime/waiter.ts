// Waiting for asynchronous tasks. Copied verbatim into the generated package by tcgen.
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { brand, hasInstance } from "./brand.js";

const BRAND = brand("TaskError");

export interface WaitOptions {
  /** Between polls. Default 1000 ms. */
  intervalMs?: number;
  /** Give up after this long. Default 300000 ms (5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/** The task reported failure, or did not finish in time. */
export class TaskError extends Error {
  override readonly name = "TaskError";
  constructor(
    readonly reason: "failed" | "timeout",
    readonly taskId: string | number,
    readonly lastStatus: unknown,
    message: string,
  ) {
    super(message);
    BRAND.mark(this);
  }

  /** True for errors of any copy of the runtime (ESM or CommonJS build): see brand.ts. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasInstance(this, TaskError, BRAND, value);
  }
}

export interface TaskStates {
  succeeded: readonly unknown[];
  failed: readonly unknown[];
  running: readonly unknown[];
}

/**
 * Polls until the status is a success (resolves with the last answer), a failure or an unknown
 * value (TaskError), or time runs out (TaskError "timeout").
 */
export async function waitForTask<Answer>(
  taskId: string | number,
  poll: () => Promise<Answer>,
  statusOf: (answer: Answer) => unknown,
  states: TaskStates,
  options: WaitOptions = {},
): Promise<Answer> {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? 1000;
  const deadline = clock.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const answer = await poll();
    const status = statusOf(answer);
    if (states.succeeded.includes(status)) return answer;
    if (states.failed.includes(status))
      throw new TaskError(
        "failed",
        taskId,
        status,
        `task ${taskId} failed (status ${String(status)})`,
      );
    if (!states.running.includes(status))
      throw new TaskError(
        "failed",
        taskId,
        status,
        `task ${taskId} reported an unknown status ${String(status)}`,
      );
    if (clock.now() + interval > deadline)
      throw new TaskError(
        "timeout",
        taskId,
        status,
        `task ${taskId} still running after ${options.timeoutMs ?? 300_000} ms`,
      );
    await clock.sleep(interval, options.signal);
  }
}
