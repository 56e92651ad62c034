import { SqsModuleError } from './sqs-module.error';

/**
 * A message would be rejected by SQS (bad attribute, too many attributes, empty body, invalid
 * delay, FIFO-only option on a standard queue…); it was checked before sending, nothing was sent.
 */
export class InvalidMessageError extends SqsModuleError {
  constructor(
    readonly queue: string,
    message: string,
  ) {
    super(message);
  }
}
