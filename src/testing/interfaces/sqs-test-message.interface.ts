import type { PeekState } from '../../emulator/inspection';
import type { SqsAttributeValue } from '../../interfaces/sqs-message.interface';

/** The states a queued message can be in: `visible`, `inflight` (received) or `delayed`. */
export type SqsMessageState = PeekState;

/**
 * A message as the test harness shows it: its body decoded with the queue's codec (JSON by
 * default), its attributes decoded as a handler sees them.
 *
 * @typeParam T the decoded body type.
 */
export interface SqsTestMessage<T = unknown> {
  /** The SQS message id. */
  readonly id: string;
  /** The decoded body; `undefined` when the codec could not decode it (see `decodeError`). */
  readonly body: T;
  /** The body as SQS holds it. */
  readonly rawBody: string;
  /** Message attributes (`String`/`Number` as text, `Binary` as bytes). */
  readonly attributes: Readonly<Record<string, SqsAttributeValue>>;
  /** The value of the queue's message-type attribute (`send(body, { messageType })`). */
  readonly messageType: string | undefined;
  /** FIFO message group id. */
  readonly groupId: string | undefined;
  /** FIFO deduplication id. */
  readonly deduplicationId: string | undefined;
  /** When it was sent, in virtual time. */
  readonly sentAt: Date;
  /** Why the codec could not decode the body, if it could not. */
  readonly decodeError?: unknown;
}

/** A message sent to a queue (`harness.sent(queue)`). */
export interface SqsSentMessage<T = unknown> extends SqsTestMessage<T> {
  /** The per-message delay it was sent with. */
  readonly delaySeconds: number | undefined;
}

/** A message in a queue now (`harness.messages(queue)`, `harness.deadLetters(queue)`). */
export interface SqsQueuedMessage<T = unknown> extends SqsTestMessage<T> {
  readonly state: SqsMessageState;
  /** How many times it has been received. */
  readonly receiveCount: number;
  /** When a delayed or in-flight message becomes visible, in virtual time. */
  readonly visibleAt: Date;
  /** For a dead-lettered message: the logical name of the queue it came from. */
  readonly deadLetterSource?: string;
}

/** Options of `harness.messages(queue, options)`. */
export interface SqsMessagesOptions {
  /** Only messages in this state (or these states). Default: every state. */
  readonly state?: SqsMessageState | readonly SqsMessageState[];
}
