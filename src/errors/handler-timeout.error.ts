import { SqsModuleError } from './sqs-module.error';
import { HANDLER_TIMED_OUT } from './sqs.messages';

/** A handler ran past its `timeoutMs`; its `signal` is aborted with this error as the reason. */
export class HandlerTimeoutError extends SqsModuleError {
  constructor(
    readonly handler: string,
    readonly timeoutMs: number,
  ) {
    super(HANDLER_TIMED_OUT(handler, timeoutMs));
  }
}
