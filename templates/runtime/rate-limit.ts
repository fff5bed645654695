// Client-side rate limiting. Copied verbatim into the generated package by tcgen.
import type { Clock } from "./clock.js";

/**
 * A token bucket per action: up to `perSecond` calls in any one-second burst, refilled
 * continuously. Callers wait (on the clock, so tests can use a fake one) instead of being refused.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(private readonly clock: Clock) {}

  async acquire(key: string, perSecond: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const bucket = this.buckets.get(key) ?? { tokens: perSecond, updated: now };
      bucket.tokens = Math.min(
        perSecond,
        bucket.tokens + ((now - bucket.updated) / 1000) * perSecond,
      );
      bucket.updated = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - bucket.tokens) / perSecond) * 1000), signal);
    }
  }
}
