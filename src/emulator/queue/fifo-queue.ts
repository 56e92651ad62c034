import { IndexedHeap } from '../structures/indexed-heap';
import { LinkedList } from '../structures/linked-list';
import { type MessageRecord, MessageState } from './message-record';
import type { AttemptEntry, DedupEntry } from './queue-journal.interface';
import type { Delivery } from './message-record';
import { SqsQueue } from './sqs-queue';

/** Whether `queue` is a FIFO queue; narrows it, so FIFO-only members need no cast. */
export function isFifo(queue: SqsQueue): queue is FifoQueue {
  return queue.fifo;
}

/** FIFO deduplication and ReceiveRequestAttemptId both last five minutes. */
export const FIFO_WINDOW_MS = 5 * 60 * 1000;

class MessageGroup {
  /** In send order, whatever their state: a received message keeps its place until deleted. */
  readonly messages = new LinkedList<MessageRecord>();
  heapIndex = -1;
  constructor(readonly id: string) {}
}

/**
 * A FIFO queue. Each message group keeps its messages in send order, received ones included, so a
 * group can be received from exactly while its first message is visible: a receive takes the run
 * of visible messages at the head and stops at the first one in flight or delayed, never returning
 * a message behind an in-flight one (AWS: when a received message's visibility runs out while a
 * later one is still in flight, the earlier ones come back, in order). Groups that can be received
 * from wait in a heap ordered by their first message, so a receive takes the oldest available
 * group first and as many of its messages as it may; its cost is what it returns plus O(log g).
 */
export class FifoQueue extends SqsQueue {
  readonly fifo = true;
  private readonly groups = new Map<string, MessageGroup>();
  private readonly ready = new IndexedHeap<MessageGroup>(
    (a, b) => (a.messages.head as MessageRecord).seq < (b.messages.head as MessageRecord).seq,
    (g) => g.heapIndex,
    (g, i) => (g.heapIndex = i),
  );
  /** Insertion order is expiry order (the window is fixed), so cleaning reads from the front. */
  private readonly dedup = new Map<string, DedupEntry>();
  private readonly attempts = new Map<string, AttemptEntry>();
  private sequence = 10_000_000_000_000_000_000n;

  contentBasedDeduplication = false;
  deduplicationScope: 'queue' | 'messageGroup' = 'queue';

  protected override newSequenceNumber(): string {
    return this.nextSequenceNumber();
  }

  override sweep(): void {
    super.sweep();
    this.expireWindows();
  }

  /** The next sequence number: large, increasing, not consecutive. */
  nextSequenceNumber(): string {
    this.sequence += BigInt(1 + Math.floor(Math.random() * 65_536));
    return this.sequence.toString();
  }

  /** The message a dedup id already stands for within the window, if any. */
  findDuplicate(groupId: string, deduplicationId: string): DedupEntry | undefined {
    this.expireWindows();
    return this.dedup.get(this.dedupKey(groupId, deduplicationId));
  }

  rememberDeduplication(groupId: string, deduplicationId: string, message: MessageRecord): void {
    const key = this.dedupKey(groupId, deduplicationId);
    const entry: DedupEntry = {
      expiresAt: this.host.clock.now() + FIFO_WINDOW_MS,
      messageId: message.messageId,
      sequenceNumber: message.sequenceNumber ?? '',
      seq: message.seq,
    };
    this.dedup.set(key, entry);
    this.host.journal?.deduplicationRemembered(this, key, entry);
  }

  /**
   * A retry of a receive with the same ReceiveRequestAttemptId within five minutes gets the same
   * messages and handles, with visibility reset, while none was deleted or changed since.
   */
  replayAttempt(attemptId: string, visibilitySeconds: number): Delivery[] | undefined {
    this.expireWindows();
    const entry = this.attempts.get(attemptId);
    if (!entry) return undefined;
    const intact = entry.deliveries.every(
      (d, i) =>
        this.get(d.message.seq) === d.message &&
        d.message.state === MessageState.Inflight &&
        d.message.receiveSeq === entry.receiveSeqs[i] &&
        d.message.visibilityChanges === entry.visibilityChanges[i],
    );
    if (!intact) {
      this.attempts.delete(attemptId);
      return undefined;
    }
    const visibleAt = this.host.clock.now() + visibilitySeconds * 1000;
    for (const d of entry.deliveries) {
      d.message.visibleAt = visibleAt;
      this.timed.update(d.message);
      this.host.journal?.messageChanged(this, d.message);
    }
    this.armWake();
    return entry.deliveries;
  }

  rememberAttempt(attemptId: string, deliveries: Delivery[]): void {
    const entry: AttemptEntry = {
      at: this.host.clock.now(),
      deliveries,
      receiveSeqs: deliveries.map((d) => d.message.receiveSeq),
      visibilityChanges: deliveries.map((d) => d.message.visibilityChanges),
    };
    this.attempts.set(attemptId, entry);
    this.host.journal?.attemptRemembered(this, attemptId, entry);
  }

  // ---- persistence: what a snapshot reads and a restore puts back -------------------------

  /** The last sequence number handed out. */
  get sequenceCounter(): bigint {
    return this.sequence;
  }

  /** Restore: sequence numbers up to `value` were handed out before the restart. */
  reserveSequenceNumbers(value: bigint): void {
    if (value > this.sequence) this.sequence = value;
  }

  /** The live deduplication windows, oldest first. */
  deduplicationEntries(): IterableIterator<[string, DedupEntry]> {
    return this.dedup.entries();
  }

  /** The remembered receive attempts, oldest first. */
  attemptEntries(): IterableIterator<[string, AttemptEntry]> {
    return this.attempts.entries();
  }

  /** Restore: a deduplication window (called in expiry order, as the map is kept). */
  restoreDeduplication(key: string, entry: DedupEntry): void {
    this.dedup.set(key, entry);
  }

  /** Restore: a receive attempt (called in the order they were made). */
  restoreAttempt(attemptId: string, entry: AttemptEntry): void {
    this.attempts.set(attemptId, entry);
  }

  /** FIFO queue delay is retroactive: re-time every message not yet received. */
  applyDelayToWaiting(): void {
    const delayMs = this.delaySeconds * 1000;
    const now = this.host.clock.now();
    for (const m of [...this.messages.values()]) {
      if (m.receiveCount > 0 || m.state === MessageState.Inflight) continue;
      const at = m.enqueuedAt + delayMs;
      if (at > now) this.delayUntil(m, at);
      else if (m.state === MessageState.Delayed) this.makeVisible(m);
    }
    this.serveWaiters();
  }

  protected placed(message: MessageRecord): void {
    this.group(message).messages.push(message);
    this.refresh(this.group(message));
  }

  protected becameVisible(message: MessageRecord): void {
    this.refresh(this.group(message));
  }

  protected becameDelayed(message: MessageRecord): void {
    this.refresh(this.group(message));
  }

  protected removed(message: MessageRecord): void {
    const g = this.group(message);
    g.messages.remove(message);
    this.refresh(g);
  }

  protected take(max: number, visibilitySeconds: number, out: Delivery[]): void {
    while (out.length < max) {
      const g = this.ready.pop();
      if (!g) return;
      let m = g.messages.head;
      while (m && out.length < max && m.state === MessageState.Visible) {
        const next: MessageRecord | undefined = m.next;
        if (!this.deadLetterIfExhausted(m)) this.markInflight(m, visibilitySeconds, out);
        m = next;
      }
      this.refresh(g);
    }
  }

  protected hasReceivable(): boolean {
    return this.ready.size > 0;
  }

  protected cleared(): void {
    for (const g of this.groups.values()) g.messages.clear();
    this.groups.clear();
    this.ready.clear();
    this.dedup.clear();
    this.attempts.clear();
  }

  private group(message: MessageRecord): MessageGroup {
    const id = message.groupId ?? '';
    let g = this.groups.get(id);
    if (!g) {
      g = new MessageGroup(id);
      this.groups.set(id, g);
    }
    return g;
  }

  /**
   * Puts a group in the ready heap exactly when its first message is visible (an in-flight or
   * delayed first message blocks everything behind it); forgets empty groups.
   */
  private refresh(g: MessageGroup): void {
    const head = g.messages.head;
    if (head && head.state === MessageState.Visible) {
      this.ready.update(g);
    } else {
      this.ready.remove(g);
      if (!head) this.groups.delete(g.id);
    }
  }

  private dedupKey(groupId: string, deduplicationId: string): string {
    return this.deduplicationScope === 'messageGroup'
      ? `${groupId}\u0000${deduplicationId}`
      : deduplicationId;
  }

  private expireWindows(): void {
    const now = this.host.clock.now();
    for (const [key, entry] of this.dedup) {
      if (entry.expiresAt > now) break;
      this.dedup.delete(key);
    }
    for (const [key, entry] of this.attempts) {
      if (entry.at + FIFO_WINDOW_MS > now) break;
      this.attempts.delete(key);
    }
  }
}
