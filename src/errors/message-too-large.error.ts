import { SqsModuleError } from './sqs-module.error';
import { MESSAGE_TOO_LARGE } from './sqs.messages';

/** A message (body plus attributes) is over the queue's MaximumMessageSize; nothing was sent. */
export class MessageTooLargeError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(MESSAGE_TOO_LARGE(queue, size, limit));
  }
}
