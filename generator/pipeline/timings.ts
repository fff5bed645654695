/** Wall-clock time per pipeline stage, for `--timings`. */
export class Timings {
  /** `within`: a stage run interleaved, product by product, inside another; not added to the total. */
  readonly stages: { stage: string; ms: number; within?: boolean }[] = [];

  measure<T>(stage: string, run: () => T): T {
    const start = performance.now();
    try {
      return run();
    } finally {
      this.stages.push({ stage, ms: performance.now() - start });
    }
  }

  async measureAsync<T>(stage: string, run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.stages.push({ stage, ms: performance.now() - start });
    }
  }

  /** Adds `ms` to an interleaved stage: summed over products, which overlap, so it may exceed the wall time. */
  addWithin(stage: string, ms: number): void {
    const known = this.stages.find((s) => s.within && s.stage === stage);
    if (known) known.ms += ms;
    else this.stages.push({ stage, ms, within: true });
  }

  report(): string {
    const total = this.stages.filter((s) => !s.within).reduce((sum, s) => sum + s.ms, 0);
    const lines: string[] = [];
    for (const s of this.stages) {
      if (s.within && !lines.some((l) => l.startsWith(" "))) lines.push("  (the next lines are summed over products, which run interleaved; not in the total)");
      lines.push(`${s.stage.padEnd(10)} ${s.ms.toFixed(1).padStart(8)} ms`);
    }
    lines.push(`${"total".padEnd(10)} ${total.toFixed(1).padStart(8)} ms`);
    return lines.join("\n");
  }
}
