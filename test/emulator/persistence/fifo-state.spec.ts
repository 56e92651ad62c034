import { RestartableEmulator } from '../../support/persistence/restartable-emulator';

let r: RestartableEmulator;
let url: string;
beforeEach(async () => {
  r = await RestartableEmulator.start();
  const created = await r.emulator.createQueue({
    QueueName: 'q.fifo',
    Attributes: { FifoQueue: 'true' },
  });
  url = created.QueueUrl as string;
});
afterEach(async () => {
  await r.dispose();
});

function send(body: string, group: string, dedup = body) {
  return r.emulator.sendMessage({
    QueueUrl: url,
    MessageBody: body,
    MessageGroupId: group,
    MessageDeduplicationId: dedup,
  });
}

describe('persistence: FIFO queues', () => {
  it('continues sequence numbers after a restart, past every one handed out', async () => {
    const first = await send('a', 'g');
    const second = await send('b', 'g');
    const { Messages } = await r.emulator.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 2 });
    await r.emulator.deleteMessageBatch({
      QueueUrl: url,
      Entries: (Messages ?? []).map((m, i) => ({ Id: `${i}`, ReceiptHandle: m.ReceiptHandle })),
    });
    await r.restart();
    const third = await send('c', 'g');
    expect(BigInt(second.SequenceNumber as string)).toBeGreaterThan(
      BigInt(first.SequenceNumber as string),
    );
    expect(BigInt(third.SequenceNumber as string)).toBeGreaterThan(
      BigInt(second.SequenceNumber as string),
    );
  });

  it('keeps the deduplication window: a resend within five minutes is the same message', async () => {
    const original = await send('pay 10', 'acct', 'tx-1');
    const { Messages } = await r.emulator.receiveMessage({ QueueUrl: url });
    await r.emulator.deleteMessage({ QueueUrl: url, ReceiptHandle: Messages?.[0].ReceiptHandle });
    r.clock.advance(60_000);

    await r.restart();
    const resent = await send('pay 10', 'acct', 'tx-1');
    expect(resent.MessageId).toBe(original.MessageId);
    expect(resent.SequenceNumber).toBe(original.SequenceNumber);
    expect(r.emulator.peekMessages('q.fifo')).toEqual([]);
    r.clock.advance(4 * 60_000);
    const fresh = await send('pay 10', 'acct', 'tx-1');
    expect(fresh.MessageId).not.toBe(original.MessageId);
  });

  it('keeps each group in order, and an in-flight group locked until its deadline', async () => {
    for (const [body, group] of [
      ['a1', 'a'],
      ['b1', 'b'],
      ['a2', 'a'],
      ['b2', 'b'],
      ['a3', 'a'],
    ]) {
      await send(body, group);
    }
    const held = await r.emulator.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: 3,
      VisibilityTimeout: 50,
    });
    expect(held.Messages?.map((m) => m.Body)).toEqual(['a1', 'a2', 'a3']);
    r.clock.advance(20_000);

    const sqs = await r.restart();
    const during = await sqs.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 300,
    });
    expect(during.Messages?.map((m) => m.Body)).toEqual(['b1', 'b2']);
    r.clock.advance(30_000);
    const after = await sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 10 });
    expect(after.Messages?.map((m) => m.Body)).toEqual(['a1', 'a2', 'a3']);
  });

  it('answers a retried ReceiveRequestAttemptId after a restart with the same messages and handles', async () => {
    await send('x', 'g');
    await send('y', 'g');
    const attempt = { QueueUrl: url, MaxNumberOfMessages: 10, ReceiveRequestAttemptId: 'try-1' };
    const first = await r.emulator.receiveMessage(attempt);

    const sqs = await r.restart();
    const retry = await sqs.receiveMessage(attempt);
    expect(retry.Messages?.map((m) => [m.Body, m.ReceiptHandle])).toEqual(
      first.Messages?.map((m) => [m.Body, m.ReceiptHandle]),
    );
  });
});
