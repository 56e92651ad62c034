import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  type MessageIdWords,
  newMessageIdWords,
  packMessageId,
  unpackMessageId,
} from './message-id';
import type { ListNode } from '../structures/linked-list';

/** Where a message is: receivable, received and not yet back, or waiting out its delay. */
export const enum MessageState {
  Visible = 0,
  Inflight = 1,
  Delayed = 2,
}

/** What only some messages carry; kept in one side object so plain messages stay small. */
export interface MessageExtras {
  messageAttributes?: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  traceHeader?: string;
  md5OfMessageSystemAttributes?: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  /** Set when the message was moved to a dead-letter queue: the source queue's ARN. */
  deadLetterSourceArn?: string;
  /**
   * Retention's start when it is not the send time (a FIFO message moved to a dead-letter queue
   * restarts it); absent or undefined: the send time. Kept by the record, never set elsewhere.
   */
  enqueuedAt?: number;
}

/**
 * Times are kept as small integers: milliseconds from `TIME_BASE`. V8 keeps a field that ever
 * holds a non-small number (an epoch time in ms) as a 16-byte box per object, so five epoch
 * fields cost every queued message 80 bytes and five more objects for the GC to mark; offsets
 * within ±24 days of the process's start fit in a small integer and cost nothing. Other times
 * (a far `ManualClock`, fractions) stay exact, only boxed.
 */
const TIME_BASE = Math.floor(Date.now() / 1000) * 1000;
/**
 * "Never" for the optional times (0 outside): the time exactly 2^31 ms (24.9 days) before
 * `TIME_BASE`. A message would carry it only if received or made visible at that very
 * millisecond before this process started (a restored message); it would then read as never.
 */
const UNSET = -2_147_483_648;

/** `time` as an offset from TIME_BASE, typed as a small integer whenever it is one. */
function offsetOf(time: number): number {
  const offset = time - TIME_BASE;
  // The arithmetic yields a double; `| 0` gives V8 an int32, which it stores unboxed.
  return (offset | 0) === offset ? offset | 0 : offset;
}
function fromOptional(offset: number): number {
  return offset === UNSET ? 0 : offset + TIME_BASE;
}
function toOptional(time: number): number {
  return time === 0 ? UNSET : offsetOf(time);
}

/** The ids {@link packMessageId} cannot pack (none the emulator makes), by their message. */
const irregularIds = new WeakMap<MessageRecord, string>();

/**
 * One message as the emulator keeps it. The links and heap slots live on the record itself, so
 * moving it between visible, in-flight and delayed costs no allocation. Every field is paid for
 * by every queued message (a million of them in a backlog), so what only some messages need
 * lives in `extras`, small numbers share a field, and times and the id are unboxed (see
 * TIME_BASE and packMessageId).
 */
export class MessageRecord implements ListNode<MessageRecord>, MessageIdWords {
  prev: MessageRecord | undefined = undefined;
  next: MessageRecord | undefined = undefined;
  /** Slot in the queue's heap of due times (delayed and in-flight messages). */
  timedIndex = -1;
  receiveCount = 0;
  /** Increments on every receive; a receipt handle names the receive it came from. */
  receiveSeq = 0;
  // The state in the low two bits, the count of visibility changes above them (see the getters).
  private flags: number = MessageState.Visible;
  // The times, as offsets from TIME_BASE (see there).
  private visibleOffset = UNSET;
  private firstReceiveOffset = UNSET;
  private receivedOffset = UNSET;
  private readonly sentOffset: number;
  // The message id as four words (see packMessageId); all zero for an id kept in irregularIds.
  w0 = 0;
  w1 = 0;
  w2 = 0;
  w3 = 0;

  constructor(
    /** Per-queue, increasing: identifies the message inside receipt handles. */
    public seq: number,
    /** Its id; a new random one when undefined (a send). */
    messageId: string | undefined,
    public readonly body: string,
    sentAt: number,
    /** Retention counts from here: the send time, or later for a FIFO dead letter. */
    enqueuedAt: number,
    public readonly senderId: string,
    public extras: MessageExtras | undefined,
  ) {
    this.sentOffset = offsetOf(sentAt);
    if (enqueuedAt !== sentAt) this.extras = { ...extras, enqueuedAt };
    else if (extras?.enqueuedAt !== undefined) this.extras = { ...extras, enqueuedAt: undefined };
    if (messageId === undefined) {
      newMessageIdWords(this);
    } else if (!packMessageId(messageId, this) || (this.w0 | this.w1 | this.w2 | this.w3) === 0) {
      this.w0 = this.w1 = this.w2 = this.w3 = 0;
      irregularIds.set(this, messageId);
    }
  }

  /** Where the message is: visible, in flight or delayed. */
  get state(): MessageState {
    // `& 3` reads the low bits exactly even past 2^31 (ToInt32 keeps the low 32 bits).
    return (this.flags & 3) as MessageState;
  }
  set state(state: MessageState) {
    this.flags = this.flags - (this.flags & 3) + state;
  }
  /** Counts ChangeMessageVisibility calls (a ReceiveRequestAttemptId replay needs none since). */
  get visibilityChanges(): number {
    return Math.floor(this.flags / 4);
  }
  set visibilityChanges(count: number) {
    this.flags = count * 4 + (this.flags & 3);
  }

  /** The message id SQS gave it (a UUID), rebuilt from its words on each read. */
  get messageId(): string {
    if ((this.w0 | this.w1 | this.w2 | this.w3) === 0) return irregularIds.get(this) as string;
    return unpackMessageId(this);
  }

  /** When the message was sent (epoch ms). */
  get sentAt(): number {
    return this.sentOffset + TIME_BASE;
  }
  /** Retention counts from here: the send time (reset when a FIFO message moves to a DLQ). */
  get enqueuedAt(): number {
    return this.extras?.enqueuedAt ?? this.sentOffset + TIME_BASE;
  }
  /** When a delayed or in-flight message becomes visible (epoch ms; 0 if it never was either). */
  get visibleAt(): number {
    return fromOptional(this.visibleOffset);
  }
  set visibleAt(time: number) {
    this.visibleOffset = toOptional(time);
  }
  /** The first receive's time (epoch ms; 0 before it). */
  get firstReceiveAt(): number {
    return fromOptional(this.firstReceiveOffset);
  }
  set firstReceiveAt(time: number) {
    this.firstReceiveOffset = toOptional(time);
  }
  /** When the current receive started (the 12-hour visibility cap counts from it; 0 before). */
  get receivedAt(): number {
    return fromOptional(this.receivedOffset);
  }
  set receivedAt(time: number) {
    this.receivedOffset = toOptional(time);
  }

  get messageAttributes(): Record<string, MessageAttributeValue> | undefined {
    return this.extras?.messageAttributes;
  }
  get md5OfMessageAttributes(): string | undefined {
    return this.extras?.md5OfMessageAttributes;
  }
  get traceHeader(): string | undefined {
    return this.extras?.traceHeader;
  }
  get md5OfMessageSystemAttributes(): string | undefined {
    return this.extras?.md5OfMessageSystemAttributes;
  }
  get groupId(): string | undefined {
    return this.extras?.groupId;
  }
  get deduplicationId(): string | undefined {
    return this.extras?.deduplicationId;
  }
  get sequenceNumber(): string | undefined {
    return this.extras?.sequenceNumber;
  }
  get deadLetterSourceArn(): string | undefined {
    return this.extras?.deadLetterSourceArn;
  }
}

/** A message handed out by a receive, with the handle that names this receive. */
export interface Delivery {
  readonly message: MessageRecord;
  readonly receiptHandle: string;
}
