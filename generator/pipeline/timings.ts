/** Wall-clock time per pipeline stage, for `--timings`. */
export class Timings {
  readonly stages: { stage: string; ms: number }[] = [];

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

  report(): string {
    const total = this.stages.reduce((sum, s) => sum + s.ms, 0);
    return [...this.stages, { stage: "total", ms: total }].map((s) => `${s.stage.padEnd(10)} ${s.ms.toFixed(1).padStart(8)} ms`).join("\n");
  }
}
