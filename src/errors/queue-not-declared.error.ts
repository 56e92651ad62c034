import { SqsModuleError } from './sqs-module.error';
import { QUEUE_NOT_DECLARED } from './sqs.messages';

/** A decorator, producer or dead-letter reference names a queue the module does not declare. */
export class QueueNotDeclaredError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly usedBy: string,
    declared: readonly string[],
  ) {
    super(QUEUE_NOT_DECLARED(queue, usedBy, declared));
  }
}
