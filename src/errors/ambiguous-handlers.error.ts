import { SqsModuleError } from './sqs-module.error';
import { AMBIGUOUS_HANDLERS } from './sqs.messages';

/** Two handlers on one queue would accept the same messages. */
export class AmbiguousHandlersError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly handlers: readonly string[],
    why: string,
  ) {
    super(AMBIGUOUS_HANDLERS(queue, handlers, why));
  }
}
