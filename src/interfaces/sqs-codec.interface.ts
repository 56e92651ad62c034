import type { Message } from '@aws-sdk/client-sqs';

/**
 * Turns message bodies into SQS text and back. One codec per queue; the default is JSON.
 * `decode` may throw: the message then counts as failed (and reaches the DLQ after
 * maxReceiveCount), because a body nobody can read must not be deleted silently.
 */
export interface SqsCodec<T = unknown> {
  encode(body: T): string;
  decode(text: string, message: Message): T;
}
