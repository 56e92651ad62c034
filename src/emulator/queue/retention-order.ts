import type { SequenceIndex } from '../structures/sequence-index';
import { IndexedHeap } from '../structures/indexed-heap';
import type { MessageRecord } from './message-record';

/**
 * Messages in the order their retention runs out, with nothing stored per message for the usual
 * case. A queue's messages are keyed by sequence number in its {@link SequenceIndex}, and almost
 * every message arrives with a later sequence number and a later (or equal) enqueue time than
 * those before it: for those, sequence order is retention order, so the oldest is the first live
 * one at or after a cursor that only moves forward (each sequence number is passed once). The
 * rare message that arrives with an older enqueue time (a standard queue's dead-letter move keeps
 * the original time; a restore replays stored times) goes to a small heap instead, whose slots
 * are kept here, not on every message. The oldest message is the older of the two heads.
 */
export class RetentionOrder {
  /** No in-order message has a sequence number below this. */
  private cursor = 0;
  /** The highest sequence number taken in order, and the latest enqueue time among those. */
  private lastSeq = -1;
  private lastEnqueuedAt = Number.NEGATIVE_INFINITY;
  private readonly lateSlots = new Map<MessageRecord, number>();
  private readonly late = new IndexedHeap<MessageRecord>(
    (a, b) => a.enqueuedAt < b.enqueuedAt,
    (m) => this.lateSlots.get(m) ?? -1,
    (m, i) => {
      if (i < 0) this.lateSlots.delete(m);
      else this.lateSlots.set(m, i);
    },
  );

  constructor(private readonly messages: SequenceIndex<MessageRecord>) {}

  /** Takes in `message`, which the queue has just put in its index. */
  add(message: MessageRecord): void {
    if (message.seq <= this.lastSeq || message.enqueuedAt < this.lastEnqueuedAt) {
      this.late.push(message);
      return;
    }
    // With no in-order message at or after the cursor, nothing lies between it and this one: skip
    // there at once (a restored queue's first sequence number may be in the millions).
    if (this.lastSeq < this.cursor) this.cursor = message.seq;
    this.lastSeq = message.seq;
    this.lastEnqueuedAt = message.enqueuedAt;
  }

  /** Forgets `message` (the queue takes it out of its index too). */
  remove(message: MessageRecord): void {
    if (this.lateSlots.size > 0) this.late.remove(message);
  }

  /** The message whose retention runs out first. */
  oldest(): MessageRecord | undefined {
    let a: MessageRecord | undefined;
    while (this.cursor <= this.lastSeq) {
      const m = this.messages.get(this.cursor);
      if (m !== undefined && (this.lateSlots.size === 0 || !this.lateSlots.has(m))) {
        a = m;
        break;
      }
      this.cursor++;
    }
    const b = this.late.peek();
    if (!a) return b;
    if (!b) return a;
    return b.enqueuedAt < a.enqueuedAt ? b : a;
  }

  /** Forgets everything (the queue's index is cleared with it). */
  clear(): void {
    this.cursor = this.lastSeq + 1;
    this.late.clear();
  }
}
