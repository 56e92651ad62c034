import { SqsModuleError } from './sqs-module.error';
import { FIFO_GROUP_ID_REQUIRED } from './sqs.messages';

/** A send to a FIFO queue has no group id and the queue derives none. */
export class FifoGroupIdRequiredError extends SqsModuleError {
  constructor(readonly queue: string) {
    super(FIFO_GROUP_ID_REQUIRED(queue));
  }
}
