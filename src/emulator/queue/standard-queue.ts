import { LinkedList } from '../structures/linked-list';
import { type MessageRecord, MessageState } from './message-record';
import type { Delivery } from './message-record';
import { SqsQueue } from './sqs-queue';

/**
 * A standard queue: visible messages wait in one list in the order they became visible; a receive
 * takes from its head.
 */
export class StandardQueue extends SqsQueue {
  readonly fifo = false;
  private readonly visible = new LinkedList<MessageRecord>();

  protected placed(message: MessageRecord): void {
    if (message.state === MessageState.Visible) this.visible.push(message);
  }

  protected becameVisible(message: MessageRecord): void {
    this.visible.push(message);
  }

  protected becameDelayed(message: MessageRecord): void {
    this.visible.remove(message);
  }

  protected removed(message: MessageRecord, from: MessageState): void {
    if (from === MessageState.Visible) this.visible.remove(message);
  }

  protected take(max: number, visibilitySeconds: number, out: Delivery[]): void {
    while (out.length < max) {
      const message = this.visible.shift();
      if (!message) return;
      if (this.deadLetterIfExhausted(message)) continue;
      this.markInflight(message, visibilitySeconds, out);
    }
  }

  protected hasReceivable(): boolean {
    return this.visible.size > 0;
  }

  protected cleared(): void {
    this.visible.clear();
  }

  /**
   * Restore: messages come back in sequence order; the visible ones are put back in the order
   * they became visible (a timed-out message behind those sent after it), as before the restart.
   */
  reorderVisibleByTime(): void {
    let ordered = true;
    for (let m = this.visible.head; m?.next && ordered; m = m.next) {
      ordered = m.visibleAt <= m.next.visibleAt;
    }
    if (ordered) return;
    const visible: MessageRecord[] = [];
    for (let m = this.visible.shift(); m; m = this.visible.shift()) visible.push(m);
    visible.sort((a, b) => a.visibleAt - b.visibleAt || a.seq - b.seq);
    for (const m of visible) this.visible.push(m);
  }
}
