import type { SqsMessage } from './sqs-message.interface';

/** Every event the module emits, by name, with its payload. */
export interface SqsEventMap {
  /** A message was received and is about to be handled. */
  messageReceived: { readonly queue: string; readonly message: SqsMessage<unknown> };
  /** A handler succeeded; the message is being deleted. */
  messageProcessed: {
    readonly queue: string;
    readonly handler: string;
    readonly message: SqsMessage<unknown>;
    readonly durationMs: number;
  };
  /** A handler failed (or no handler took the message); it will be retried after the delay. */
  messageFailed: {
    readonly queue: string;
    readonly handler: string | undefined;
    readonly message: SqsMessage<unknown>;
    readonly error: unknown;
    readonly retryDelaySeconds: number;
  };
  /**
   * A message failed its last attempt (receive count reached the queue's maxReceiveCount): SQS
   * moves it to the dead-letter queue on its next receive.
   */
  messageDeadLettered: {
    readonly queue: string;
    readonly handler: string | undefined;
    readonly message: SqsMessage<unknown>;
    readonly error: unknown;
    readonly deadLetterQueueArn: string | undefined;
  };
  consumerStarted: { readonly queue: string };
  consumerStopped: { readonly queue: string };
  /** A backend call failed (it is retried with backoff), or a batch entry was rejected. */
  error: { readonly queue: string; readonly operation: string; readonly error: unknown };
}

export type SqsEventName = keyof SqsEventMap;
export type SqsEventListener<K extends SqsEventName> = (event: SqsEventMap[K]) => void;
