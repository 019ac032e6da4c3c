/**
 * Bounded prefetch: starts fetching work units in order while fewer than `concurrency` are in
 * flight and their memory fits the budget, so fetches of later units overlap the merge and
 * write of earlier ones. A unit bigger than the whole budget still runs, alone.
 */
import type { WorkUnit } from "./work-units.ts";

export class Prefetcher<T> {
  private next = 0;
  private active = 0;
  private held = 0;
  private readonly started = new Map<number, Promise<T>>();
  /** A take() of the next unit that the budget held back. */
  private waiter: { i: number; resolve: (v: T) => void; reject: (e: unknown) => void } | null = null;

  constructor(
    private readonly units: readonly WorkUnit[],
    private readonly fetch: (u: WorkUnit) => Promise<T>,
    private readonly budgetBytes: number,
    private readonly concurrency: number,
  ) {}

  /**
   * The fetched inputs of unit `i` (units must be taken in order). The next unit may be taken
   * before the previous one is released (the merge loop runs one ahead); if the budget holds it
   * back, the promise waits for that release.
   */
  take(i: number): Promise<T> {
    this.pump();
    const p = this.started.get(i);
    if (p) {
      this.started.delete(i);
      return p;
    }
    if (i !== this.next || this.waiter) throw new Error(`Prefetcher: unit ${i} was not started; take units in order and release each one.`);
    return new Promise<T>((resolve, reject) => (this.waiter = { i, resolve, reject }));
  }

  /** Give back the memory of a unit once its output is written. */
  release(u: WorkUnit): void {
    this.held -= u.memBytes;
    this.pump();
  }

  /** Bytes currently reserved by fetched or in-flight units. */
  get heldBytes(): number {
    return this.held;
  }

  private pump(): void {
    while (this.next < this.units.length && this.active < this.concurrency) {
      const u = this.units[this.next];
      if (this.held > 0 && this.held + u.memBytes > this.budgetBytes) break;
      this.held += u.memBytes;
      this.active++;
      const p = this.fetch(u).finally(() => {
        this.active--;
        this.pump();
      });
      // Awaited later by take(); this keeps an early failure from being reported as unhandled.
      p.catch(() => undefined);
      this.started.set(this.next++, p);
    }
    const w = this.waiter;
    if (w && this.started.has(w.i)) {
      this.waiter = null;
      this.take(w.i).then(w.resolve, w.reject);
    }
  }
}
