// The mock's record of calls: bounded in count and bytes, always serialisable. Copied verbatim
// into the generated package by tcgen.
import { parseJson, toJson } from "./json.js";

export interface CallRecord {
  at: number;
  account: string;
  region: string;
  product: string;
  action: string;
  params: unknown;
  outcome: string;
}

export interface LogLimits {
  /** Most calls kept. */
  calls: number;
  /** Most characters of serialised parameters kept, over all calls. */
  chars: number;
}

/**
 * A call as stored: the parameters as JSON text, written once when the call is made. What a
 * request sent can therefore never make the log unreadable later (a bigint, a cycle, depth), and
 * what the log holds is counted exactly.
 */
interface Entry {
  head: Omit<CallRecord, "params">;
  params: string;
}

export class CallLog {
  private entries: Entry[] = [];
  private first = 0;
  private chars = 0;

  constructor(private readonly limits: LogLimits) {}

  add(record: CallRecord): void {
    // Named members rather than `{ params, ...head }`: a rest copy takes V8's generic path, and
    // this runs once per call. Same members, same order.
    const head = {
      at: record.at,
      account: record.account,
      region: record.region,
      product: record.product,
      action: record.action,
      outcome: record.outcome,
    };
    const entry = { head, params: toJson(record.params, true) };
    this.entries.push(entry);
    this.chars += entry.params.length;
    while (this.size > this.limits.calls || (this.chars > this.limits.chars && this.size > 1))
      this.chars -= this.entries[this.first++]!.params.length;
    // Drop the evicted prefix now and then, so eviction stays O(1) per call on average.
    if (this.first > 1024 && this.first * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  get size(): number {
    return this.entries.length - this.first;
  }

  clear(): void {
    this.entries = [];
    this.first = 0;
    this.chars = 0;
  }

  /** The calls, oldest first, each with its parameters parsed afresh (callers may change them). */
  records(): CallRecord[] {
    return this.live().map((entry) => ({ ...entry.head, params: parseJson(entry.params) }));
  }

  /** The calls as a JSON array, written from the stored text without parsing it again. */
  toJson(): string {
    return `[${this.live()
      .map((entry) => `${toJson(entry.head, true).slice(0, -1)},"params":${entry.params}}`)
      .join(",")}]`;
  }

  private live(): Entry[] {
    return this.entries.slice(this.first);
  }
}
