import { SqsEmulator } from '../../src/emulator';

/**
 * The HTTP server hands the emulator whatever a client sent; a wrong type must come back as an
 * SQS error, never a TypeError, and never break later calls.
 */
describe('SqsEmulator given inputs of the wrong type', () => {
  let sqs: SqsEmulator;
  let QueueUrl: string;
  const bad = (input: object) => input as never;

  beforeEach(async () => {
    sqs = new SqsEmulator();
    QueueUrl = (await sqs.createQueue({ QueueName: 'q' })).QueueUrl as string;
  });

  it.each([
    ['a numeric QueueName', () => sqs.createQueue(bad({ QueueName: 12345 }))],
    ['a numeric QueueUrl', () => sqs.sendMessage(bad({ QueueUrl: 5, MessageBody: 'x' }))],
    ['a numeric MessageBody', () => sqs.sendMessage(bad({ QueueUrl, MessageBody: 5 }))],
    [
      'a numeric StringValue',
      () =>
        sqs.sendMessage(
          bad({
            QueueUrl,
            MessageBody: 'x',
            MessageAttributes: { a: { DataType: 'String', StringValue: 5 } },
          }),
        ),
    ],
    [
      'a numeric BinaryValue',
      () =>
        sqs.sendMessage(
          bad({
            QueueUrl,
            MessageBody: 'x',
            MessageAttributes: { a: { DataType: 'Binary', BinaryValue: 1e9 } },
          }),
        ),
    ],
    [
      'a list for MessageAttributes',
      () =>
        sqs.sendMessage(
          bad({ QueueUrl, MessageBody: 'x', MessageAttributes: [{ DataType: 'String' }] }),
        ),
    ],
    [
      'a number in MessageAttributeNames',
      () => sqs.receiveMessage(bad({ QueueUrl, MessageAttributeNames: [1] })),
    ],
    [
      'an object for Attributes',
      () => sqs.setQueueAttributes(bad({ QueueUrl, Attributes: { DelaySeconds: {} } })),
    ],
    ['a string for Entries', () => sqs.sendMessageBatch(bad({ QueueUrl, Entries: 'x' }))],
    ['a numeric ReceiptHandle', () => sqs.deleteMessage(bad({ QueueUrl, ReceiptHandle: 7 }))],
    ['a numeric tag value', () => sqs.tagQueue(bad({ QueueUrl, Tags: { a: 1 } }))],
  ])('answers %s with an SQS error', async (_name, call) => {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toEqual(expect.objectContaining({ Code: expect.any(String) }));
    expect((error as Error).name).not.toBe('TypeError');
    // Nothing it did breaks later calls.
    await expect(sqs.listQueues({})).resolves.toEqual({ QueueUrls: [QueueUrl] });
  });
});
