import type { Message } from '@aws-sdk/client-sqs';

/** A decoded message attribute: `String`/`Number` types as text, `Binary` as bytes. */
export type SqsAttributeValue = string | Uint8Array;

/**
 * One received message, as a handler sees it.
 *
 * @typeParam T the decoded body type.
 */
export interface SqsMessage<T = unknown> {
  /** The body, decoded by the queue's codec (JSON by default). */
  readonly body: T;
  /**
   * The message as SQS returned it. If SQS delivers the message again while its handler still
   * runs (its visibility ran out), the attempt takes the new delivery: `raw`, `receiptHandle`
   * and `receiveCount` then describe the latest one.
   */
  readonly raw: Message;
  /** The SQS message id. */
  readonly id: string;
  /** The receipt handle of the latest receive (see `raw`). */
  readonly receiptHandle: string;
  /** How many times the message has been received, this time included (1 on first delivery). */
  readonly receiveCount: number;
  /** When the message was first sent. */
  readonly sentAt: Date;
  /** The message group id (FIFO queues, or fair queues on standard ones). */
  readonly groupId: string | undefined;
  /** FIFO deduplication id. */
  readonly deduplicationId: string | undefined;
  /** FIFO sequence number. */
  readonly sequenceNumber: string | undefined;
  /** Message attributes, decoded (`String`/`Number` as text, `Binary` as bytes). */
  readonly attributes: Readonly<Record<string, SqsAttributeValue>>;
  /** The logical queue name it came from. */
  readonly queue: string;
  /**
   * Aborted when the handler's `timeoutMs` runs out, or when shutdown gives up waiting for it.
   * Pass it to the I/O your handler does.
   */
  readonly signal: AbortSignal;
  /**
   * Sets this message's visibility timeout to `seconds` from now (0 makes it visible again).
   * The consumer's heartbeat continues from the new deadline (its own extensions ask for no
   * less than what is left of it); 0 stops it for this message.
   */
  changeVisibility(seconds: number): Promise<void>;
}

/** What a batch handler may return: the messages (or message ids) that failed. */
export interface SqsBatchResult {
  /** Messages to retry; every other message of the batch is deleted. */
  readonly failed?: ReadonlyArray<SqsMessage<unknown> | string>;
}

/** {@link SqsBatchResult} under the name the design notes use. */
export type BatchResult = SqsBatchResult;

/** The second argument every handler receives (also `ExecutionContext.switchToRpc().getContext()`). */
export interface SqsHandlerContext {
  /** Logical queue name. */
  readonly queue: string;
  /** The queue URL the message was received from. */
  readonly queueUrl: string;
  /** `ClassName.methodName` of the handler. */
  readonly handler: string;
  /** Whether the handler receives an array of messages. */
  readonly batch: boolean;
}
