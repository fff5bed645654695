// Shared by the micro-benchmarks (bench:sign, bench:validate): rounds that alternate between the
// contenders in one process, so that drift in the machine's speed (5 engineers share 2 cores)
// hits every contender alike, and a ratio taken per round.

/** Calls per second of `run` over about `ms` milliseconds. */
export function opsPerSecond(run: () => unknown, ms: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 20; i++) run();
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs every contender `rounds` times, one after the other within each round (after a warm-up),
 * and returns per contender the median ops/s and the median of its per-round ratio to `baseline`.
 */
export function alternate(contenders: Record<string, () => unknown>, baseline: string, rounds: number, ms = 250): Record<string, { ops: number; ratio: number }> {
  const names = Object.keys(contenders);
  for (const name of names) opsPerSecond(contenders[name]!, 300);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    // Rotating the order keeps any one contender from always running right after another.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      samples[name]!.push(opsPerSecond(contenders[name]!, ms));
    }
  }
  const base = samples[baseline]!;
  return Object.fromEntries(names.map((n) => [n, { ops: median(samples[n]!), ratio: median(samples[n]!.map((v, i) => v / base[i]!)) }]));
}

export const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

/** A Markdown table, numbers right-aligned from column `numericFrom` on. */
export function table(header: string[], rows: string[][], numericFrom: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => (i >= numericFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ") + " |";
  const rule = "| " + widths.map((w, i) => (i >= numericFrom ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** `met` or `NOT met`, for the goal line every benchmark ends with. */
export const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");
