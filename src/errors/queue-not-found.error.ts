import { SqsModuleError } from './sqs-module.error';
import { QUEUE_NOT_FOUND } from './sqs.messages';

/** A declared queue does not exist in SQS and the module may not create it. */
export class QueueNotFoundError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly physicalName: string,
    usedBy = '',
  ) {
    super(QUEUE_NOT_FOUND(queue, physicalName, usedBy));
  }
}
