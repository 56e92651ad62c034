import type { SqsBackoffFunction } from '../interfaces/sqs-consumer-options.interface';
import type { SqsHandlerContext, SqsMessage } from '../interfaces/sqs-message.interface';

/** One handler of a queue, as the consumer calls it. */
export interface ConsumerRoute {
  /** `ClassName.methodName`. */
  readonly handler: string;
  /** Message types it accepts; undefined for the queue's catch-all. */
  readonly messageTypes: readonly string[] | undefined;
  readonly batch: boolean;
  readonly timeoutMs: number | undefined;
  readonly backoff: SqsBackoffFunction;
  readonly context: SqsHandlerContext;
  /** Calls the handler (through Nest's guards, interceptors, pipes and filters). */
  invoke(
    payload: SqsMessage<unknown> | SqsMessage<unknown>[],
    context: SqsHandlerContext,
  ): Promise<unknown>;
}
