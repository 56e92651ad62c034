import type { SqsHandlerOptions } from '../interfaces/sqs-consumer-options.interface';
import { SQS_HANDLER_METADATA } from '../tokens/sqs.constants';

/** What `@SqsHandler` records on a method. */
export interface SqsHandlerMetadata {
  readonly queue: string;
  readonly options: SqsHandlerOptions;
}

/**
 * Makes a provider method consume a declared queue. It receives an `SqsMessage<T>` (or an array
 * with `{ batch: true }`) and a `SqsHandlerContext`; resolving deletes the message, throwing
 * retries it after a backoff (and SQS dead-letters it after maxReceiveCount). Guards,
 * interceptors, pipes and exception filters apply, with `ExecutionContext` type `'sqs'`.
 *
 * @param queue logical queue name, declared in `SqsModule.forRoot({ queues })`.
 *
 * @example
 * @SqsHandler('orders', { concurrency: 20 })
 * async onOrder(message: SqsMessage<Order>): Promise<void> { … }
 */
export function SqsHandler(queue: string, options: SqsHandlerOptions = {}): MethodDecorator {
  if (typeof queue !== 'string' || queue.length === 0) {
    throw new TypeError('@SqsHandler needs a queue name (a non-empty string)');
  }
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const existing = (Reflect.getMetadata(SQS_HANDLER_METADATA, method) ??
      []) as SqsHandlerMetadata[];
    Reflect.defineMetadata(SQS_HANDLER_METADATA, [...existing, { queue, options }], method);
    return descriptor;
  };
}
