/** What {@link EventRing.since} returns: the events after a point, and how many are gone. */
export interface RingReplay<T> {
  readonly events: readonly T[];
  /** Events after the point that the ring no longer holds (it keeps the latest `capacity`). */
  readonly dropped: number;
}

/**
 * The latest `capacity` events of a feed, each under its `seq` (1, 2, 3… with no gaps), so a
 * client that drops its connection can ask for what came after the last one it saw. Memory stays
 * bounded: the oldest event makes room for the newest.
 */
export class EventRing<T extends { readonly seq: number }> {
  private readonly items: (T | undefined)[];
  private last = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`An event ring holds at least one event, got capacity ${capacity}.`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  /** The `seq` of the newest event, 0 before the first. */
  get lastSeq(): number {
    return this.last;
  }

  /** Keeps `event`, whose `seq` must follow the previous one's. */
  push(event: T): void {
    if (event.seq !== this.last + 1) {
      throw new Error(`Event ${event.seq} does not follow event ${this.last}.`);
    }
    this.items[event.seq % this.capacity] = event;
    this.last = event.seq;
  }

  /**
   * The events with a `seq` above `after`, oldest first, and how many of those the ring no
   * longer has. `after` beyond the newest (a client that saw another feed) counts as 0.
   */
  since(after: number): RingReplay<T> {
    const from = Number.isInteger(after) && after >= 0 && after <= this.last ? after : 0;
    const oldest = Math.max(1, this.last - this.capacity + 1);
    const first = Math.max(from + 1, oldest);
    const events: T[] = [];
    for (let seq = first; seq <= this.last; seq++)
      events.push(this.items[seq % this.capacity] as T);
    return { events, dropped: first - (from + 1) };
  }
}
