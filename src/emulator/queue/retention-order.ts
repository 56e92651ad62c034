import { IndexedHeap } from '../structures/indexed-heap';
import type { MessageRecord } from './message-record';

/**
 * Messages in the order their retention runs out. Almost every message arrives in enqueue-time
 * order, so those sit in a linked list (O(1) append and removal, two memory touches); the rare
 * message that arrives with an older enqueue time (a standard queue's dead-letter move keeps the
 * original time) goes to a small heap instead. The oldest message is the older of the two heads.
 */
export class RetentionOrder {
  private head: MessageRecord | undefined;
  private tail: MessageRecord | undefined;
  private readonly late = new IndexedHeap<MessageRecord>(
    (a, b) => a.enqueuedAt < b.enqueuedAt,
    (m) => m.lateIndex,
    (m, i) => (m.lateIndex = i),
  );

  add(message: MessageRecord): void {
    const tail = this.tail;
    if (tail && message.enqueuedAt < tail.enqueuedAt) {
      this.late.push(message);
      return;
    }
    message.olderLink = tail;
    message.newerLink = undefined;
    if (tail) tail.newerLink = message;
    else this.head = message;
    this.tail = message;
  }

  remove(message: MessageRecord): void {
    if (message.lateIndex >= 0) {
      this.late.remove(message);
      return;
    }
    const older = message.olderLink;
    const newer = message.newerLink;
    if (older) older.newerLink = newer;
    else if (this.head === message) this.head = newer;
    else return; // not in this order
    if (newer) newer.olderLink = older;
    else this.tail = older;
    message.olderLink = message.newerLink = undefined;
  }

  /** The message whose retention runs out first. */
  oldest(): MessageRecord | undefined {
    const a = this.head;
    const b = this.late.peek();
    if (!a) return b;
    if (!b) return a;
    return b.enqueuedAt < a.enqueuedAt ? b : a;
  }

  clear(): void {
    for (let m = this.head; m;) {
      const next: MessageRecord | undefined = m.newerLink;
      m.olderLink = m.newerLink = undefined;
      m = next;
    }
    this.head = this.tail = undefined;
    this.late.clear();
  }
}
