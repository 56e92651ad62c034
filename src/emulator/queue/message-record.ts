import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { md5OfBody } from '../md5';
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
}

/**
 * One message as the emulator keeps it. The links and heap slots live on the record itself, so
 * moving it between visible, in-flight and delayed costs no allocation.
 */
export class MessageRecord implements ListNode<MessageRecord> {
  prev: MessageRecord | undefined = undefined;
  next: MessageRecord | undefined = undefined;
  list: object | undefined = undefined;
  /** Neighbours in retention order (see RetentionOrder). */
  olderLink: MessageRecord | undefined = undefined;
  newerLink: MessageRecord | undefined = undefined;
  /** Slot in the queue's heap of due times (delayed and in-flight messages). */
  timedIndex = -1;
  /** Slot in the retention heap of messages that arrived out of enqueue order. */
  lateIndex = -1;

  state: MessageState = MessageState.Visible;
  /** When a delayed or in-flight message becomes visible (epoch ms). */
  visibleAt = 0;
  receiveCount = 0;
  /** Increments on every receive; a receipt handle names the receive it came from. */
  receiveSeq = 0;
  firstReceiveAt = 0;
  /** When the current receive started (the 12-hour visibility cap counts from it). */
  receivedAt = 0;
  /** Counts ChangeMessageVisibility calls (a ReceiveRequestAttemptId replay needs none since). */
  visibilityChanges = 0;
  private bodyDigest: string | undefined = undefined;

  constructor(
    /** Per-queue, increasing: identifies the message inside receipt handles. */
    public seq: number,
    public readonly messageId: string,
    public readonly body: string,
    public readonly sentAt: number,
    /** Retention counts from here: the send time (reset when a FIFO message moves to a DLQ). */
    public enqueuedAt: number,
    public readonly senderId: string,
    public extras: MessageExtras | undefined,
  ) {}

  /** MD5 of the body, computed on first use: in-process callers often never read it. */
  get md5OfBody(): string {
    return (this.bodyDigest ??= md5OfBody(this.body));
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
