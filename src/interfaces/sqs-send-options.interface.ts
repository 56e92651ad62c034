import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

/**
 * A message attribute as given to `send`: text becomes `String`, a number `Number`, bytes
 * `Binary`; or a full SQS `MessageAttributeValue` (e.g. a custom `Number.float` type).
 */
export type SqsAttributeInput = string | number | Uint8Array | MessageAttributeValue;

/** Per-message options of `SqsProducer.send` and `sendBatch`. */
export interface SqsSendOptions {
  /** Delay before the message becomes visible (0–900 s; standard queues only). */
  readonly delaySeconds?: number;
  /** Message attributes (at most 10, the message type included). */
  readonly attributes?: Readonly<Record<string, SqsAttributeInput>>;
  /** FIFO message group id (default: the queue's `fifo.groupId(body)`). */
  readonly groupId?: string;
  /** FIFO deduplication id (default: derived, content-based, or generated). */
  readonly deduplicationId?: string;
  /** Sets the queue's message-type attribute, which routes the message to its handler. */
  readonly messageType?: string;
}

/** The outcome of one `send`. */
export interface SqsSendResult {
  /** The SQS message id. */
  readonly id: string;
  /** FIFO sequence number. */
  readonly sequenceNumber?: string;
}

/** One entry's outcome in `sendBatch`, in input order. */
export type SqsBatchEntryResult =
  | {
      readonly index: number;
      readonly ok: true;
      readonly id: string;
      readonly sequenceNumber?: string;
    }
  | {
      readonly index: number;
      readonly ok: false;
      readonly error: Error;
      /** SQS's error code, when SQS rejected the entry. */
      readonly code?: string;
      /** Whether retrying the same entry cannot help (the sender's fault). */
      readonly senderFault: boolean;
    };

/** Per-entry options of `sendBatch`: the same for all, or computed per body. */
export type SqsBatchSendOptions<T> =
  SqsSendOptions | ((body: T, index: number) => SqsSendOptions | undefined);
