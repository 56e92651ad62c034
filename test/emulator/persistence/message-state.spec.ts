import { RestartableEmulator } from '../../support/persistence/restartable-emulator';
import { dumpState } from '../../support/persistence/state-dump';

let r: RestartableEmulator;
afterEach(async () => {
  await r.dispose();
});

async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
  const { QueueUrl } = await r.emulator.createQueue({ QueueName: name, Attributes: attributes });
  return QueueUrl as string;
}

const ALL = { MessageSystemAttributeNames: ['All' as const], MessageAttributeNames: ['All'] };

describe('persistence: messages', () => {
  it('keeps bodies, message attributes, system attributes and their MD5s', async () => {
    r = await RestartableEmulator.start();
    const url = await queue('q');
    const sent = await r.emulator.sendMessage(
      {
        QueueUrl: url,
        MessageBody: 'héllo "world" \u{1F600}',
        MessageAttributes: {
          text: { DataType: 'String', StringValue: 'a' },
          n: { DataType: 'Number.float', StringValue: '1.5' },
          bin: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 254, 255]) },
          ['__proto__']: { DataType: 'String', StringValue: 'odd but legal' },
        },
        MessageSystemAttributes: {
          AWSTraceHeader: {
            DataType: 'String',
            StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793',
          },
        },
      },
      undefined,
    );
    const before = await dumpState(r.emulator);

    const sqs = await r.restart();
    expect(await dumpState(sqs)).toEqual(before);
    const { Messages } = await sqs.receiveMessage({ QueueUrl: url, ...ALL });
    const m = Messages?.[0];
    expect(m?.MessageId).toBe(sent.MessageId);
    expect(m?.MD5OfBody).toBe(sent.MD5OfMessageBody);
    expect(m?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(Object.keys(m?.MessageAttributes ?? {}).sort()).toEqual([
      '__proto__',
      'bin',
      'n',
      'text',
    ]);
    expect(m?.MessageAttributes?.bin.BinaryValue).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(m?.Attributes).toMatchObject({
      AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793',
      SentTimestamp: String(r.clock.now()),
      SenderId: '000000000000',
    });
  });

  it('keeps receive count, first-receive time and the visibility deadline of an in-flight message', async () => {
    r = await RestartableEmulator.start();
    const url = await queue('q');
    await r.emulator.sendMessage({ QueueUrl: url, MessageBody: 'm' });
    const firstReceive = r.clock.now();
    await r.emulator.receiveMessage({ QueueUrl: url, VisibilityTimeout: 1 });
    r.clock.advance(2_000);
    await r.emulator.receiveMessage({ QueueUrl: url, VisibilityTimeout: 100 });
    r.clock.advance(10_000);

    const sqs = await r.restart();
    // Still in flight: invisible until its deadline, 100 s after the second receive.
    expect(await sqs.receiveMessage({ QueueUrl: url })).toEqual({});
    r.clock.advance(89_999);
    expect(await sqs.receiveMessage({ QueueUrl: url })).toEqual({});
    r.clock.advance(1);
    const { Messages } = await sqs.receiveMessage({ QueueUrl: url, ...ALL });
    expect(Messages?.[0].Attributes).toMatchObject({
      ApproximateReceiveCount: '3',
      ApproximateFirstReceiveTimestamp: String(firstReceive),
    });
  });

  it('accepts a receipt handle issued before the restart: delete and change visibility', async () => {
    r = await RestartableEmulator.start();
    const url = await queue('q');
    await r.emulator.sendMessage({ QueueUrl: url, MessageBody: 'a' });
    await r.emulator.sendMessage({ QueueUrl: url, MessageBody: 'b' });
    const { Messages } = await r.emulator.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: 2,
      VisibilityTimeout: 60,
    });
    const [a, b] = Messages ?? [];

    const sqs = await r.restart();
    await sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: a.ReceiptHandle });
    await sqs.changeMessageVisibility({
      QueueUrl: url,
      ReceiptHandle: b.ReceiptHandle,
      VisibilityTimeout: 0,
    });
    const again = await sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 10 });
    expect(again.Messages?.map((m) => m.Body)).toEqual(['b']);
    // And a handle of the receive before is stale now, as on SQS.
    await sqs.changeMessageVisibility({
      QueueUrl: url,
      ReceiptHandle: b.ReceiptHandle,
      VisibilityTimeout: 0,
    });
    expect((await sqs.receiveMessage({ QueueUrl: url })).Messages).toBeUndefined();
  });

  it('keeps a delayed message delayed until its time', async () => {
    r = await RestartableEmulator.start();
    const url = await queue('q');
    await r.emulator.sendMessage({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 30 });
    r.clock.advance(10_000);

    const sqs = await r.restart();
    expect(sqs.inspectQueues()[0]).toMatchObject({ delayed: 1, visible: 0 });
    r.clock.advance(19_999);
    expect(await sqs.receiveMessage({ QueueUrl: url })).toEqual({});
    r.clock.advance(1);
    expect((await sqs.receiveMessage({ QueueUrl: url })).Messages?.[0].Body).toBe('later');
  });

  it('counts retention from the send time across restarts, and what expired stays gone', async () => {
    r = await RestartableEmulator.start();
    const url = await queue('q', { MessageRetentionPeriod: '60' });
    await r.emulator.sendMessage({ QueueUrl: url, MessageBody: 'old' });
    r.clock.advance(40_000);
    await r.emulator.sendMessage({ QueueUrl: url, MessageBody: 'young' });
    r.clock.advance(15_000);

    let sqs = await r.restart();
    r.clock.advance(5_000); // 'old' is 60 s old now
    expect(sqs.peekMessages('q').map((m) => m.body)).toEqual(['young']);
    // Expired while the emulator was down, then the retention grows: it must not come back.
    await sqs.close();
    r.clock.advance(40_000);
    sqs = await r.restart();
    expect(sqs.peekMessages('q')).toEqual([]);
    await sqs.setQueueAttributes({
      QueueUrl: url,
      Attributes: { MessageRetentionPeriod: '86400' },
    });
    sqs = await r.restart();
    expect(sqs.peekMessages('q')).toEqual([]);
  });

  it('deletes stay deleted', async () => {
    r = await RestartableEmulator.start();
    const url = await queue('q');
    await r.emulator.sendMessageBatch({
      QueueUrl: url,
      Entries: ['1', '2', '3'].map((id) => ({ Id: id, MessageBody: id })),
    });
    const { Messages } = await r.emulator.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 2 });
    await r.emulator.deleteMessageBatch({
      QueueUrl: url,
      Entries: (Messages ?? []).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
    });
    const sqs = await r.restart();
    expect(sqs.peekMessages('q').map((m) => m.body)).toEqual(['3']);
  });
});
