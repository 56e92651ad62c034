import { SqsModuleError } from './sqs-module.error';
import { MESSAGE_DECODE_FAILED } from './sqs.messages';

/** The queue's codec could not decode a body; the message counts as failed. `cause` says why. */
export class MessageDecodeError extends SqsModuleError {
  constructor(
    readonly queue: string,
    readonly messageId: string,
    cause: unknown,
  ) {
    super(
      MESSAGE_DECODE_FAILED(
        queue,
        messageId,
        cause instanceof Error ? cause.message : String(cause),
      ),
      { cause },
    );
  }
}
