import { SqsModuleError } from './sqs-module.error';

/** Resolving or creating a queue at boot failed; `cause` is SQS's error. */
export class QueueSetupError extends SqsModuleError {
  constructor(
    readonly queue: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}
