import type { ConsumerRoute } from './consumer-route';
import { MessageStage, type ReceivedMessage } from './received-message';
import { Semaphore } from './semaphore';

/**
 * The messages a consumer holds (received, not yet let go), by message id, and the worker slots
 * they take: one slot per held message, plus what open receives reserve. Every message enters
 * with `add` and leaves with `finish`, which gives its slot back, so slots and messages cannot
 * drift apart.
 */
export class HeldMessages {
  /** `concurrency` worker slots. */
  readonly slots: Semaphore;
  private readonly byId = new Map<string, ReceivedMessage>();

  constructor(concurrency: number, onOverRelease: () => void) {
    this.slots = new Semaphore(concurrency, onOverRelease);
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<ReceivedMessage> {
    return this.byId.values();
  }

  /** The held message with this id, if any. */
  get(id: string): ReceivedMessage | undefined {
    return this.byId.get(id);
  }

  /** A map view for the timers that scan held messages. */
  get map(): ReadonlyMap<string, ReceivedMessage> {
    return this.byId;
  }

  /** Whether `m` is held (not let go, and not replaced by another object for its id). */
  holds(m: ReceivedMessage): boolean {
    return this.byId.get(m.id) === m;
  }

  /** Takes a received message in; its slot was reserved by the receive that brought it. */
  add(m: ReceivedMessage): void {
    this.byId.set(m.id, m);
  }

  /** Lets a message go and frees its slot; false if it already was. */
  finish(m: ReceivedMessage): boolean {
    if (m.stage === MessageStage.Done) return false;
    m.stage = MessageStage.Done;
    if (this.holds(m)) this.byId.delete(m.id);
    this.slots.release(1);
    return true;
  }

  /** Messages in handlers now, in all and per handler, and the longest-running call's age. */
  running(now: number): { total: number; byHandler: Map<string, number>; longestMs: number } {
    const byHandler = new Map<string, number>();
    let total = 0;
    let longestMs = 0;
    for (const m of this.byId.values()) {
      if (m.stage !== MessageStage.Running) continue;
      total++;
      const handler = (m.route as ConsumerRoute).handler;
      byHandler.set(handler, (byHandler.get(handler) ?? 0) + 1);
      longestMs = Math.max(longestMs, now - m.startedAt);
    }
    return { total, byHandler, longestMs };
  }
}
