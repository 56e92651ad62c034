import { SqsTestClock, SqsTestEmulator } from '../../src/testing';

describe('SqsTestEmulator', () => {
  let emulator: SqsTestEmulator;
  let url: string;

  beforeEach(async () => {
    emulator = new SqsTestEmulator({ clock: new SqsTestClock(1_000) });
    url = (await emulator.createQueue({ QueueName: 'orders' })).QueueUrl as string;
  });

  it('records a sent message with its fields and virtual send time', async () => {
    const { MessageId } = await emulator.sendMessage({
      QueueUrl: url,
      MessageBody: 'a',
      DelaySeconds: 3,
      MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
    });
    expect(emulator.sentTo('orders')).toEqual([
      {
        queueName: 'orders',
        messageId: MessageId,
        body: 'a',
        messageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
        groupId: undefined,
        deduplicationId: undefined,
        delaySeconds: 3,
        sentAt: 1_000,
      },
    ]);
  });

  it('records only the entries of a batch that SQS accepted', async () => {
    await emulator.sendMessageBatch({
      QueueUrl: url,
      Entries: [
        { Id: 'ok', MessageBody: 'fine' },
        { Id: 'bad', MessageBody: 'x', DelaySeconds: 901 },
      ],
    });
    expect(emulator.sentTo('orders').map((r) => r.body)).toEqual(['fine']);
  });

  it('records nothing for a send SQS rejects', async () => {
    await expect(emulator.sendMessage({ QueueUrl: url, MessageBody: '' })).rejects.toThrow();
    expect(emulator.sentTo('orders')).toEqual([]);
  });

  it('finds a sent message by id after it was deleted', async () => {
    const { MessageId } = await emulator.sendMessage({ QueueUrl: url, MessageBody: 'a' });
    const { Messages = [] } = await emulator.receiveMessage({ QueueUrl: url });
    await emulator.deleteMessage({ QueueUrl: url, ReceiptHandle: Messages[0].ReceiptHandle });
    expect(emulator.findSent(MessageId as string)?.body).toBe('a');
  });

  it('forgets everything on clearSent', async () => {
    await emulator.sendMessage({ QueueUrl: url, MessageBody: 'a' });
    emulator.clearSent();
    expect(emulator.sentTo('orders')).toEqual([]);
  });
});
