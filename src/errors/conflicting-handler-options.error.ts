import { SqsModuleError } from './sqs-module.error';
import { CONFLICTING_HANDLER_OPTIONS } from './sqs.messages';

/** Two handlers of one queue disagree on a queue-wide consumer option. */
export class ConflictingHandlerOptionsError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly option: string,
    readonly handlers: readonly [string, string],
  ) {
    super(CONFLICTING_HANDLER_OPTIONS(queue, option, handlers[0], handlers[1]));
  }
}
