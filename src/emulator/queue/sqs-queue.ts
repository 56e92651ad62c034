import type { Clock } from '../../clock/clock.interface';
import { IndexedHeap } from '../structures/indexed-heap';
import { SequenceIndex } from '../structures/sequence-index';
import { type Delivery, type MessageExtras, MessageRecord, MessageState } from './message-record';
import type { QueueJournal } from './queue-journal.interface';
import { encodeReceiptHandle } from './receipt-handle';
import { RetentionOrder } from './retention-order';
import type { RedriveAllowPolicy, RedrivePolicy } from './queue-attributes';
import { type TakeRequest, WaitingReceives } from './waiting-receives';

/** What a queue needs from the emulator around it. */
export interface QueueHost {
  readonly clock: Clock;
  /** The live queue with this ARN (for dead-letter moves), if any. */
  queueByArn(arn: string): SqsQueue | undefined;
  /** Called when a message moves to a dead-letter queue (for observers). */
  onDeadLettered(from: SqsQueue, to: SqsQueue, message: MessageRecord): void;
  /** Where changes go when the emulator keeps its state on disk; undefined in memory only. */
  journal: QueueJournal<SqsQueue> | undefined;
}

/** Who a queue is across restarts: set when a queue is restored from disk. */
export interface QueueIdentity {
  readonly id: number;
  readonly createdAt: number;
}

let nextQueueId = 1;

/**
 * Marks every queue id below `next` as taken, so that a queue created after a restore never reuses
 * the id of a restored or deleted queue (whose receipt handles may still be out).
 */
export function reserveQueueIds(next: number): void {
  if (next > nextQueueId) nextQueueId = next;
}

/** The id the next new queue gets (every id below it may have been used). */
export function upcomingQueueId(): number {
  return nextQueueId;
}

/**
 * The state of one queue: its messages, and the structures that make every operation O(1) or
 * O(log n) in the number of messages. Delayed and in-flight messages sit in one heap ordered by
 * when they become visible; retention uses a second heap ordered by enqueue time. Nothing is
 * scanned and no timer is set per message: each operation first moves whatever fell due by the
 * clock (`sweep`). Long polls wait in {@link WaitingReceives}, served by the event that makes a
 * message visible.
 */
export abstract class SqsQueue {
  /** Unique per queue incarnation, so handles from a deleted namesake never match. */
  readonly id: number;
  abstract readonly fifo: boolean;
  attributes: Map<string, string>;
  readonly tags = new Map<string, string>();
  readonly createdAt: number;
  lastModifiedAt: number;
  lastPurgeAt = Number.NEGATIVE_INFINITY;
  deleted = false;

  visibilityTimeout = 30;
  retentionPeriod = 345_600;
  delaySeconds = 0;
  maximumMessageSize = 1_048_576;
  receiveWaitTimeSeconds = 0;
  redrivePolicy: RedrivePolicy | undefined;
  redriveAllowPolicy: RedriveAllowPolicy | undefined;

  protected readonly messages = new SequenceIndex<MessageRecord>();
  protected readonly timed = new IndexedHeap<MessageRecord>(
    (a, b) => a.visibleAt < b.visibleAt,
    (m) => m.timedIndex,
    (m, i) => (m.timedIndex = i),
  );
  protected readonly expiry = new RetentionOrder(this.messages);
  protected inflightCount = 0;
  protected delayedCount = 0;
  private nextSeq = 1;
  private readonly polls: WaitingReceives;

  constructor(
    readonly name: string,
    readonly arn: string,
    attributes: Map<string, string>,
    protected readonly host: QueueHost,
    identity?: QueueIdentity,
  ) {
    this.id = identity?.id ?? nextQueueId++;
    reserveQueueIds(this.id + 1);
    this.createdAt = identity?.createdAt ?? host.clock.now();
    this.lastModifiedAt = this.createdAt;
    this.attributes = attributes;
    this.polls = new WaitingReceives(host.clock, {
      hasReceivable: () => this.hasReceivable(),
      take: (max, visibilitySeconds, out) => this.take(max, visibilitySeconds, out),
      nextDueAt: () => this.timed.peek()?.visibleAt,
      sweep: () => this.sweep(),
    });
  }

  // ---- counts ---------------------------------------------------------------------------

  get visibleCount(): number {
    return this.messages.size - this.inflightCount - this.delayedCount;
  }
  get inflight(): number {
    return this.inflightCount;
  }
  get delayed(): number {
    return this.delayedCount;
  }
  get size(): number {
    return this.messages.size;
  }
  get pendingReceives(): number {
    return this.polls.size;
  }

  // ---- placement hooks (standard vs FIFO) -------------------------------------------------

  /** A new message joined the queue (in any state). */
  protected abstract placed(message: MessageRecord): void;
  /** A message became visible; `from` is its previous state. */
  protected abstract becameVisible(message: MessageRecord, from: MessageState): void;
  /** A visible message became delayed again (FIFO's retroactive delay). */
  protected abstract becameDelayed(message: MessageRecord): void;
  /** A message left the queue; `from` is the state it was in. */
  protected abstract removed(message: MessageRecord, from: MessageState): void;
  /** Picks up to `max` visible messages, marking each in flight via `markInflight`. */
  protected abstract take(max: number, visibilitySeconds: number, out: Delivery[]): void;
  /** Whether a receive would find anything now. */
  protected abstract hasReceivable(): boolean;
  /** Clears type-specific state on purge. */
  protected abstract cleared(): void;

  // ---- messages ---------------------------------------------------------------------------

  /** Allocates the per-queue sequence number a new record must carry. */
  allocateSeq(): number {
    return this.nextSeq++;
  }

  /** The sequence the next message gets (every one below it may have been used). */
  get upcomingSeq(): number {
    return this.nextSeq;
  }

  /** Restore: sequences below `next` were used before the restart. */
  reserveSeqs(next: number): void {
    if (next > this.nextSeq) this.nextSeq = next;
  }

  /**
   * Restore: puts back a stored message as it was (state, deadline, counts), without waking
   * anyone. Called in sequence order, which is each FIFO group's send order.
   */
  restoreMessage(message: MessageRecord): void {
    this.messages.set(message.seq, message);
    this.expiry.add(message);
    if (message.state === MessageState.Inflight) this.inflightCount++;
    else if (message.state === MessageState.Delayed) this.delayedCount++;
    if (message.state !== MessageState.Visible) this.timed.push(message);
    this.placed(message);
    this.reserveSeqs(message.seq + 1);
  }

  /** Adds a message, visible now or after `delayMs`. */
  enqueue(message: MessageRecord, delayMs: number): void {
    const now = this.host.clock.now();
    // A dead-lettered message keeps its enqueue time on a standard queue: it may arrive expired.
    if (now - message.enqueuedAt >= this.retentionPeriod * 1000) return;
    this.messages.set(message.seq, message);
    this.expiry.add(message);
    this.host.journal?.messageAdded(this, message);
    if (delayMs > 0) {
      message.state = MessageState.Delayed;
      message.visibleAt = now + delayMs;
      this.delayedCount++;
      this.timed.push(message);
      this.placed(message);
      this.armWake();
    } else {
      message.state = MessageState.Visible;
      message.visibleAt = now;
      this.placed(message);
      this.serveWaiters();
    }
  }

  get(seq: number): MessageRecord | undefined {
    return this.messages.get(seq);
  }

  /** Moves every message whose delay or visibility timeout ran out, and drops expired ones. */
  sweep(): void {
    const now = this.host.clock.now();
    let woke = false;
    for (let m = this.timed.peek(); m && m.visibleAt <= now; m = this.timed.peek()) {
      this.makeVisible(m, true);
      woke = true;
    }
    const retentionMs = this.retentionPeriod * 1000;
    const before = this.messages.size;
    for (
      let m = this.expiry.oldest();
      m && now - m.enqueuedAt >= retentionMs;
      m = this.expiry.oldest()
    ) {
      this.remove(m);
    }
    if (woke || (this.messages.size !== before && this.polls.size > 0)) this.serveWaiters();
  }

  /** Takes a message out of the queue, whatever its state. */
  remove(message: MessageRecord): void {
    if (this.messages.get(message.seq) !== message) return;
    this.messages.delete(message.seq);
    this.expiry.remove(message);
    this.timed.remove(message);
    const from = message.state;
    if (from === MessageState.Inflight) this.inflightCount--;
    else if (from === MessageState.Delayed) this.delayedCount--;
    this.removed(message, from);
    // Retention removals are journaled too: a later, longer retention must not bring them back.
    this.host.journal?.messageRemoved(this, message);
  }

  /**
   * Deletes a message on a client's request; a waiting long poll may now find something (a FIFO
   * group is released when its in-flight message goes).
   */
  delete(message: MessageRecord): void {
    this.remove(message);
    if (this.polls.size > 0) this.serveWaiters();
  }

  /**
   * Makes a delayed or in-flight message visible: now, or (`due`) at the deadline that ran out,
   * which a restore recomputes from the stored deadline, so the journal need not hear of it.
   */
  makeVisible(message: MessageRecord, due = false): void {
    const from = message.state;
    if (from === MessageState.Visible) return;
    this.timed.remove(message);
    if (from === MessageState.Inflight) this.inflightCount--;
    else this.delayedCount--;
    message.state = MessageState.Visible;
    if (!due) message.visibleAt = this.host.clock.now();
    this.becameVisible(message, from);
    if (!due) this.host.journal?.messageChanged(this, message);
  }

  /** Puts a not-yet-received message back behind a delay until `visibleAt`. */
  protected delayUntil(message: MessageRecord, visibleAt: number): void {
    if (message.state === MessageState.Inflight) return;
    if (message.state === MessageState.Visible) {
      message.state = MessageState.Delayed;
      this.delayedCount++;
      this.becameDelayed(message);
    }
    message.visibleAt = visibleAt;
    this.timed.update(message);
    this.host.journal?.messageChanged(this, message);
    this.armWake();
  }

  /** Hands `message` out in a receive: in flight until now + visibilitySeconds. */
  protected markInflight(message: MessageRecord, visibilitySeconds: number, out: Delivery[]): void {
    const now = this.host.clock.now();
    message.state = MessageState.Inflight;
    message.visibleAt = now + visibilitySeconds * 1000;
    message.receivedAt = now;
    message.receiveCount++;
    message.receiveSeq++;
    if (message.receiveCount === 1) message.firstReceiveAt = now;
    this.inflightCount++;
    this.timed.push(message);
    this.host.journal?.messageChanged(this, message);
    out.push({
      message,
      receiptHandle: encodeReceiptHandle({
        queueId: this.id,
        seq: message.seq,
        receiveSeq: message.receiveSeq,
      }),
    });
  }

  /** Sets an in-flight message's visibility to end `seconds` from now (0: visible now). */
  changeVisibility(message: MessageRecord, seconds: number): void {
    message.visibilityChanges++;
    if (seconds === 0) {
      this.makeVisible(message);
      this.serveWaiters();
      return;
    }
    message.visibleAt = this.host.clock.now() + seconds * 1000;
    this.timed.update(message);
    this.host.journal?.messageChanged(this, message);
    this.armWake();
  }

  /**
   * Whether `message`, about to be handed out, has been received maxReceiveCount times already; if
   * so it moves to the dead-letter queue instead (SQS moves at receive time, not when visibility
   * runs out).
   */
  protected deadLetterIfExhausted(message: MessageRecord): boolean {
    const policy = this.redrivePolicy;
    if (!policy || message.receiveCount < policy.maxReceiveCount) return false;
    const target = this.host.queueByArn(policy.deadLetterTargetArn);
    if (!target || target === this) return false;
    this.remove(message);
    const moved = target.acceptDeadLetter(message, this.arn);
    this.host.onDeadLettered(this, target, moved);
    return true;
  }

  /**
   * Takes in a message dead-lettered from `sourceArn`. It keeps its id, receive count and sent
   * time; a standard queue keeps its enqueue time for retention, a FIFO queue restarts it, and a
   * FIFO message's deduplication id becomes its message id (SQS DLQ documentation).
   */
  acceptDeadLetter(original: MessageRecord, sourceArn: string): MessageRecord {
    const extras: MessageExtras = { ...original.extras, deadLetterSourceArn: sourceArn };
    if (this.fifo) extras.deduplicationId = original.messageId;
    const copy = new MessageRecord(
      this.allocateSeq(),
      original.messageId,
      original.body,
      original.sentAt,
      this.fifo ? this.host.clock.now() : original.enqueuedAt,
      original.senderId,
      extras,
    );
    copy.receiveCount = original.receiveCount;
    copy.firstReceiveAt = original.firstReceiveAt;
    this.enqueue(copy, 0);
    return copy;
  }

  /**
   * Takes in a message redriven by a move task: "redriven messages are considered new messages",
   * with a new message id and enqueue time, so retention restarts and the receive count is zero.
   */
  acceptRedriven(original: MessageRecord): MessageRecord {
    const now = this.host.clock.now();
    const extras: MessageExtras = { ...original.extras };
    delete extras.deadLetterSourceArn;
    const sequenceNumber = this.newSequenceNumber();
    if (sequenceNumber !== undefined) extras.sequenceNumber = sequenceNumber;
    else delete extras.sequenceNumber;
    const copy = new MessageRecord(
      this.allocateSeq(),
      undefined,
      original.body,
      now,
      now,
      original.senderId,
      Object.keys(extras).length > 0 ? extras : undefined,
    );
    this.enqueue(copy, 0);
    return copy;
  }

  /** A FIFO queue's next sequence number; standard queues have none. */
  protected newSequenceNumber(): string | undefined {
    return undefined;
  }

  /** Receives now; with `waitMs` > 0 and nothing to receive, parks until a message arrives. */
  receive(request: TakeRequest, waitMs: number, signal?: AbortSignal): Promise<Delivery[]> {
    this.sweep();
    const out: Delivery[] = [];
    this.take(request.max, request.visibilitySeconds, out);
    if (out.length > 0 || waitMs <= 0) return Promise.resolve(out);
    return this.polls.park(request, waitMs, signal);
  }

  /** Drops every message (visible, in flight and delayed). */
  purge(): void {
    for (const m of this.messages.values()) m.timedIndex = -1;
    this.messages.clear();
    this.timed.clear();
    this.expiry.clear();
    this.inflightCount = 0;
    this.delayedCount = 0;
    this.cleared();
    this.host.journal?.queuePurged(this, this.nextSeq);
    this.armWake();
  }

  /** Ends the queue: open long polls return empty. */
  close(): void {
    this.deleted = true;
    this.polls.endAll();
  }

  /** Every message, for non-destructive inspection. */
  allMessages(): IterableIterator<MessageRecord> {
    return this.messages.values();
  }

  // ---- long polling -----------------------------------------------------------------------

  /** Holds long polls while a batch's entries are applied (see {@link WaitingReceives.hold}). */
  holdWaiters(): void {
    this.polls.hold();
  }

  /** Ends a {@link holdWaiters}: the polls get what the batch made receivable, together. */
  releaseWaiters(): void {
    this.polls.release();
  }

  protected serveWaiters(): void {
    this.polls.serve();
  }

  /** Sets the queue's wake-up for the next delayed or in-flight message coming due. */
  protected armWake(): void {
    this.polls.armWake();
  }
}
