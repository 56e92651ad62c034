import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SqsCodec } from './sqs-codec.interface';
import type { SqsConsumerOptions } from './sqs-consumer-options.interface';

/** Where a queue's failed messages go. */
export interface SqsDeadLetterOptions {
  /** Logical name of a declared queue (or a queue ARN). */
  readonly queue: string;
  /** Receives before SQS moves a message to the dead-letter queue (1–1000). */
  readonly maxReceiveCount: number;
}

/** FIFO settings of a queue. */
export interface SqsFifoOptions {
  /** Derives the message group id from a body when `send` gets none. */
  groupId?(body: unknown): string;
  /**
   * Derives the deduplication id from a body when `send` gets none. Without it, the queue's
   * content-based deduplication is used if on, else a random id is generated.
   */
  deduplicationId?(body: unknown): string;
  /** Sets `ContentBasedDeduplication` when the module creates the queue. */
  readonly contentBasedDeduplication?: boolean;
  /** Sets high-throughput mode (per-group dedup scope and throughput limit) on creation. */
  readonly highThroughput?: boolean;
}

/** One queue, declared under a logical name in `SqsModuleOptions.queues`. */
export interface SqsQueueOptions {
  /** Physical queue name. Default: the logical name (plus `.fifo` for FIFO queues). */
  readonly name?: string;
  /** The queue URL, instead of a name (no GetQueueUrl at boot). */
  readonly url?: string;
  /** Create the queue if missing. Default: true on `memory`, false otherwise. */
  readonly create?: boolean;
  /** Queue attributes used when creating it (e.g. `{ VisibilityTimeout: '30' }`). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Tags used when creating it. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Redrive policy set when creating it; the DLQ is resolved (and created) first. */
  readonly deadLetter?: SqsDeadLetterOptions;
  /** Marks a FIFO queue (or give FIFO settings). Also implied by a name ending in `.fifo`. */
  readonly fifo?: boolean | SqsFifoOptions;
  /** Body codec. Default: JSON. */
  readonly codec?: SqsCodec<unknown>;
  /** Message attribute holding the message type (routing). Default: the module's. */
  readonly messageTypeAttribute?: string;
  /** Consumer settings for this queue's handlers. */
  readonly consumer?: SqsConsumerOptions;
  /**
   * A queue in another region or account: `SQSClient` config for this queue alone, over the
   * module's `aws` (e.g. `{ region: 'eu-west-1' }`, or other `credentials`). Its producer,
   * consumer and dashboard row use that client. Queues given the same object share one client.
   * Ignored on backend `memory`, where every queue lives in the one emulator.
   */
  readonly aws?: SQSClientConfig;
  /** A ready `SQSClient` (or SQSClient-like object) for this queue alone. Ignored on `memory`. */
  readonly client?: SqsClientLike;
}

/** Anything with the SDK client's `send(command, { abortSignal })`. */
export interface SqsClientLike {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}
