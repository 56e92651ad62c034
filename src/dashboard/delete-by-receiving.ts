import type { SqsPort } from '../port/sqs-port.interface';
import type { DashboardQueueRef } from './dashboard-source.interface';

// Long enough that a message seen in one round is not received again in the next.
const HOLD_SECONDS = 30;
const MAX_ROUNDS = 20;

/**
 * Deletes one message by id where there is no other way than SQS's: receive (short polls, the
 * messages held invisible meanwhile) until the message comes back, delete it with its receipt
 * handle, and release every other message at once (visibility 0). Those others get one more
 * receive count each; on FIFO queues a message behind others of its group is not reachable.
 * Returns whether the message was found.
 */
export async function deleteByReceiving(
  port: SqsPort,
  queue: DashboardQueueRef,
  messageId: string,
): Promise<boolean> {
  const held: string[] = [];
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { Messages = [] } = await port.receiveMessage({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: HOLD_SECONDS,
        WaitTimeSeconds: 0,
      });
      if (Messages.length === 0) return false;
      let found: string | undefined;
      for (const m of Messages) {
        if (!m.ReceiptHandle) continue;
        if (m.MessageId === messageId) found = m.ReceiptHandle;
        else held.push(m.ReceiptHandle);
      }
      if (found !== undefined) {
        await port.deleteMessage({ QueueUrl: queue.url, ReceiptHandle: found });
        return true;
      }
    }
    return false;
  } finally {
    for (let i = 0; i < held.length; i += 10) {
      await port
        .changeMessageVisibilityBatch({
          QueueUrl: queue.url,
          Entries: held
            .slice(i, i + 10)
            .map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 })),
        })
        .catch(() => undefined); // They come back by themselves after HOLD_SECONDS.
    }
  }
}
