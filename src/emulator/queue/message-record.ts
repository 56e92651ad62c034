import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { ListNode } from '../structures/linked-list';

/** Where a message is: receivable, received and not yet back, or waiting out its delay. */
export const enum MessageState {
  Visible = 0,
  Inflight = 1,
  Delayed = 2,
}

/**
 * One message as the emulator keeps it. The links and heap slots live on the record itself, so
 * moving it between visible, in-flight and delayed costs no allocation.
 */
export class MessageRecord implements ListNode<MessageRecord> {
  prev: MessageRecord | undefined = undefined;
  next: MessageRecord | undefined = undefined;
  list: object | undefined = undefined;
  /** Slot in the queue's heap of due times (delayed and in-flight messages). */
  timedIndex = -1;
  /** Slot in the queue's retention heap. */
  expiryIndex = -1;

  state: MessageState = MessageState.Visible;
  /** When a delayed or in-flight message becomes visible (epoch ms). */
  visibleAt = 0;
  receiveCount = 0;
  /** Increments on every receive; a receipt handle names the receive it came from. */
  receiveSeq = 0;
  firstReceiveAt = 0;
  /** When the current receive started (the 12-hour visibility cap counts from it). */
  receivedAt = 0;
  /** Set when the message was moved to a dead-letter queue: the source queue's ARN. */
  deadLetterSourceArn: string | undefined = undefined;

  constructor(
    /** Per-queue, increasing: identifies the message inside receipt handles. */
    public seq: number,
    public readonly messageId: string,
    public readonly body: string,
    public readonly md5OfBody: string,
    public readonly messageAttributes: Record<string, MessageAttributeValue> | undefined,
    public readonly md5OfMessageAttributes: string | undefined,
    public readonly traceHeader: string | undefined,
    public readonly md5OfMessageSystemAttributes: string | undefined,
    public readonly sentAt: number,
    /** Retention counts from here: the send time (reset when a FIFO message moves to a DLQ). */
    public enqueuedAt: number,
    public readonly senderId: string,
    public readonly groupId: string | undefined,
    public readonly deduplicationId: string | undefined,
    public sequenceNumber: string | undefined,
    /** Bytes counted against MaximumMessageSize (body plus attributes). */
    public readonly size: number,
  ) {}
}
