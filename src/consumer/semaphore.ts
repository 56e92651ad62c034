/**
 * A counting semaphore over worker slots. Acquisition never waits: the poll loop asks for what
 * is free (`tryAcquire`) and is woken by `release`, so no timer or sleep papers over counting.
 */
export class Semaphore {
  private free: number;

  /** @param onOverRelease told when more slots come back than were taken (a bug of the caller). */
  constructor(
    readonly capacity: number,
    private readonly onOverRelease: () => void = () => undefined,
  ) {
    this.free = capacity;
  }

  /** Slots free now. */
  get available(): number {
    return this.free;
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.capacity - this.free;
  }

  /** Takes up to `max` free slots; returns how many it took (possibly 0). */
  tryAcquire(max: number): number {
    const n = Math.max(0, Math.min(max, this.free));
    this.free -= n;
    return n;
  }

  /** Takes `n` slots even if fewer are free (a backend that returned more than asked). */
  forceAcquire(n: number): void {
    this.free -= n;
  }

  /** Gives `n` slots back. */
  release(n = 1): void {
    this.free += n;
    if (this.free > this.capacity) {
      // A double release is a bug in the caller: say so, and clamp so that concurrency can
      // never grow from it.
      this.free = this.capacity;
      this.onOverRelease();
    }
  }
}
