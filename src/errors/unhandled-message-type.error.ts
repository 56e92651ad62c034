import { SqsModuleError } from './sqs-module.error';
import { UNHANDLED_MESSAGE_TYPE } from './sqs.messages';

/** No handler on the queue accepts a received message's type (the failure a message records). */
export class UnhandledMessageTypeError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly messageType: string | undefined,
    attribute: string,
  ) {
    super(UNHANDLED_MESSAGE_TYPE(queue, messageType, attribute));
  }
}
