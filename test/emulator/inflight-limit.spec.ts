import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';

/**
 * SQS allows about 120,000 in-flight messages per standard queue and answers OverLimit beyond
 * that (FIFO queues return nothing instead). Too many messages for the HTTP conformance run, so
 * it is checked in-process here.
 */
describe('in-flight limit', () => {
  it('answers OverLimit on a standard queue with 120,000 messages in flight', async () => {
    const sqs = new SqsEmulator({ clock: new ManualClock() });
    const { QueueUrl } = await sqs.createQueue({ QueueName: 'busy' });
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    for (let i = 0; i < 12_001; i++) await sqs.sendMessageBatch({ QueueUrl, Entries: entries });
    let last: string | undefined;
    for (let i = 0; i < 12_000; i++) {
      const { Messages = [] } = await sqs.receiveMessage({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 600,
      });
      last = Messages[0]?.ReceiptHandle;
    }
    await expect(sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 })).rejects.toMatchObject({
      name: 'OverLimit',
      Code: 'OverLimit',
      $metadata: { httpStatusCode: 403 },
    });
    expect(sqs.inspectQueues()[0].inflight).toBe(120_000);
    // Deleting one in-flight message makes room again.
    await sqs.deleteMessage({ QueueUrl, ReceiptHandle: last });
    const { Messages = [] } = await sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
    expect(Messages.length).toBeGreaterThan(0);
  }, 30_000);
});
