import type { SqsPort } from '../port/sqs-port.interface';
import type { SqsCodec } from './sqs-codec.interface';
import type { SqsQueueOptions } from './sqs-queue-options.interface';

/** A declared queue after boot: its URL and the attributes the module works with. */
export interface SqsResolvedQueue {
  /** Logical name. */
  readonly name: string;
  /** Physical SQS queue name. */
  readonly physicalName: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** The queue's MaximumMessageSize, in bytes. */
  readonly maxMessageSize: number;
  /** The queue's VisibilityTimeout, in seconds. */
  readonly visibilityTimeout: number;
  /** The dead-letter queue's ARN, if the queue has a redrive policy. */
  readonly deadLetterTargetArn: string | undefined;
  readonly maxReceiveCount: number | undefined;
  readonly codec: SqsCodec<unknown>;
  /** Message attribute that carries the message type. */
  readonly messageTypeAttribute: string;
  /** The options it was declared with. */
  readonly options: SqsQueueOptions;
  /** Where this queue's calls go: the module's backend, or the queue's own `aws`/`client`. */
  readonly port: SqsPort;
}
