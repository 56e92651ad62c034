import { ManualClock } from '../../src/clock';
import { SqsEmulator } from '../../src/emulator';

/**
 * SQS words an out-of-range integer differently from one action to the next; each parameter keeps
 * its own wording (the texts below are AWS-recorded).
 */
describe('integer parameters out of range', () => {
  let sqs: SqsEmulator;
  let QueueUrl: string;
  let dlqArn: string;

  beforeEach(async () => {
    sqs = new SqsEmulator({ clock: new ManualClock() });
    const dlq = (await sqs.createQueue({ QueueName: 'dlq' })).QueueUrl as string;
    dlqArn = (await sqs.getQueueAttributes({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))
      .Attributes?.QueueArn as string;
    QueueUrl = (
      await sqs.createQueue({
        QueueName: 'orders',
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
        },
      })
    ).QueueUrl as string;
  });

  const reason = (value: unknown, parameter: string, text: string) =>
    `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${text}`;

  it.each([
    [
      'ReceiveMessage MaxNumberOfMessages',
      () => sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 11 }),
      reason(11, 'MaxNumberOfMessages', 'Must be between 1 and 10, if provided.'),
    ],
    [
      'ReceiveMessage WaitTimeSeconds',
      () => sqs.receiveMessage({ QueueUrl, WaitTimeSeconds: 21 }),
      reason(21, 'WaitTimeSeconds', 'Must be >= 0 and <= 20, if provided.'),
    ],
    [
      'ReceiveMessage VisibilityTimeout',
      () => sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 43_201 }),
      reason(43201, 'VisibilityTimeout', 'Must be >= 0 and <= 43200, if provided.'),
    ],
    [
      'ChangeMessageVisibility VisibilityTimeout',
      () => sqs.changeMessageVisibility({ QueueUrl, ReceiptHandle: 'h', VisibilityTimeout: -1 }),
      reason(-1, 'VisibilityTimeout', 'Must be between 0 and 43200, if provided.'),
    ],
    [
      'SendMessage DelaySeconds',
      () => sqs.sendMessage({ QueueUrl, MessageBody: 'x', DelaySeconds: 901 }),
      reason(901, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.'),
    ],
    [
      'ListQueues MaxResults',
      () => sqs.listQueues({ MaxResults: 1001 }),
      reason(1001, 'MaxResults', 'MaxResults must be an integer between 1 and 1000.'),
    ],
    [
      'ListMessageMoveTasks MaxResults',
      () => sqs.listMessageMoveTasks({ SourceArn: dlqArn, MaxResults: 11 }),
      reason(11, 'MaxResults', 'Must be between 1 and 10, if provided.'),
    ],
    [
      'StartMessageMoveTask MaxNumberOfMessagesPerSecond',
      () => sqs.startMessageMoveTask({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 501 }),
      reason(501, 'MaxNumberOfMessagesPerSecond', 'Must be between 1 and 500.'),
    ],
  ])('rejects %s with SQS text', async (_name, call, message) => {
    await expect(call()).rejects.toMatchObject({ name: 'InvalidParameterValueException', message });
  });

  it('rejects a fraction as it rejects a value out of range', async () => {
    await expect(
      sqs.sendMessage({ QueueUrl, MessageBody: 'x', DelaySeconds: 1.5 }),
    ).rejects.toMatchObject({
      message: reason(1.5, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.'),
    });
  });

  it('accepts both ends of a range', async () => {
    await expect(
      sqs.sendMessage({ QueueUrl, MessageBody: 'x', DelaySeconds: 0 }),
    ).resolves.toBeDefined();
    await expect(
      sqs.sendMessage({ QueueUrl, MessageBody: 'x', DelaySeconds: 900 }),
    ).resolves.toBeDefined();
    await expect(sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 })).resolves.toBeDefined();
  });
});
