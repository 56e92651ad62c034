import type { SqsEmulator } from '../../../src/emulator/sqs-emulator';

/**
 * Puts messages into `orders-dlq` the way SQS does: each is received (and released at once)
 * until it exceeds the `orders` queue's maxReceiveCount of 2; the next receive moves it.
 */
export async function deadLetter(
  emulator: SqsEmulator,
  bodies: readonly string[],
): Promise<string[]> {
  const QueueUrl = emulator.queueUrlOf('orders') as string;
  const ids: string[] = [];
  for (const MessageBody of bodies) {
    const { MessageId } = await emulator.sendMessage({ QueueUrl, MessageBody });
    ids.push(MessageId as string);
  }
  for (let i = 0; i < 2; i++) {
    await emulator.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
  }
  await emulator.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
  return ids;
}
