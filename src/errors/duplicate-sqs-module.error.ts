import { SqsModuleError } from './sqs-module.error';
import { SQS_MODULE_IMPORTED_TWICE } from './sqs.messages';

/**
 * `SqsModule.forRoot`/`forRootAsync` is imported more than once in one application. The module
 * is global (one set of producers, one `SqsConsumers`), so a second instance would silently
 * shadow the first; queues elsewhere are declared in the one instance with their own client.
 */
export class DuplicateSqsModuleError extends SqsModuleError {
  constructor(readonly queuesByInstance: readonly (readonly string[])[]) {
    super(SQS_MODULE_IMPORTED_TWICE(queuesByInstance));
  }
}
