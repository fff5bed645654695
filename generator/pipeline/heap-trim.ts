// The main thread's heap between products. After each full collection V8 lets a heap grow to a
// multiple of what survived it before collecting again. On the whole catalogue, with its IR (about
// 0.5 GB) alive throughout, that let about 1 GB of finished products' text pile up on the main
// thread, and V8 kept those pages once it had them, while a worker's program for a large product
// needed 1.5 GB of its own: that sum was the run's peak, 3.1 GiB. Collecting once a product is
// done, when that much may have piled up, kept the peak at 2.5 GiB for about 3 s of collections in
// a 390 s run (bench:generate's catalogue). A small spec never piles up that much, so pays nothing.
import { getHeapStatistics } from "node:v8";
import { collectGarbage } from "../write/collect-garbage.mjs";

/** Growth of the main thread's heap since its last collection that makes the next unit collect. */
export const TRIM_AFTER_BYTES = 400 * 2 ** 20;

export class HeapTrim {
  /** Heap in use after the last collection: what was alive then (at first, the IR and whatever else the run starts with). */
  private alive: number;

  constructor(
    private readonly thresholdBytes = TRIM_AFTER_BYTES,
    /** Collects; false when it could not (then nothing was). */
    private readonly collect: () => boolean = collectGarbage,
    private readonly used: () => number = () => getHeapStatistics().used_heap_size,
  ) {
    this.alive = used();
  }

  /** A unit of work (a product) is done: collects if the heap grew past the threshold since the last collection; true when it did. */
  afterUnit(): boolean {
    const used = this.used();
    // V8 collected in between: less is alive than we last saw.
    this.alive = Math.min(this.alive, used);
    if (used - this.alive <= this.thresholdBytes) return false;
    // Could not collect this time (see collectGarbage): the next unit tries again.
    if (!this.collect()) return false;
    this.alive = this.used();
    return true;
  }
}
