import { SqsModuleError } from './sqs-module.error';
import { CONSUMERS_NOT_READY, NO_CONSUMER_FOR_QUEUE } from './sqs.messages';

/** `SqsConsumers.start/stop(queue)` names a queue no handler consumes (or runs before boot). */
export class NoConsumerForQueueError extends SqsModuleError {
  constructor(
    readonly queue: string | undefined,
    consumed: readonly string[] | undefined,
  ) {
    super(
      queue === undefined || consumed === undefined
        ? CONSUMERS_NOT_READY()
        : NO_CONSUMER_FOR_QUEUE(queue, consumed),
    );
  }
}
