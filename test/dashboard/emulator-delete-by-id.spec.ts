import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';

describe('emulator deleteMessageById (inspection, for the dashboard)', () => {
  let emulator: SqsEmulator;
  let QueueUrl: string;

  beforeEach(async () => {
    emulator = new SqsEmulator({ clock: new ManualClock() });
    ({ QueueUrl } = (await emulator.createQueue({ QueueName: 'q' })) as { QueueUrl: string });
  });

  it('deletes the message with that id and reports it', async () => {
    const { MessageId } = await emulator.sendMessage({ QueueUrl, MessageBody: 'a' });
    expect(emulator.deleteMessageById('q', MessageId as string)).toBe(true);
    expect(emulator.peekMessages('q')).toEqual([]);
  });

  it('leaves the other messages’ state and receive counts alone', async () => {
    const { MessageId } = await emulator.sendMessage({ QueueUrl, MessageBody: 'a' });
    await emulator.sendMessage({ QueueUrl, MessageBody: 'b' });
    await emulator.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
    emulator.deleteMessageById(QueueUrl, MessageId as string);
    expect(emulator.peekMessages('q')).toEqual([
      expect.objectContaining({ body: 'b', state: 'inflight', receiveCount: 1 }),
    ]);
  });

  it('deletes a message deep in a FIFO group without receiving the ones before it', async () => {
    const { QueueUrl: fifo } = await emulator.createQueue({
      QueueName: 'f.fifo',
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    });
    const ids: string[] = [];
    for (const body of ['1', '2', '3']) {
      const { MessageId } = await emulator.sendMessage({
        QueueUrl: fifo,
        MessageBody: body,
        MessageGroupId: 'g',
      });
      ids.push(MessageId as string);
    }
    emulator.deleteMessageById('f.fifo', ids[2]);
    expect(emulator.peekMessages('f.fifo').map((m) => [m.body, m.receiveCount])).toEqual([
      ['1', 0],
      ['2', 0],
    ]);
  });

  it('reports false for an id that is not in the queue', () => {
    expect(emulator.deleteMessageById('q', 'missing')).toBe(false);
  });

  it('emits a deleted event', async () => {
    const events: string[] = [];
    emulator.events.on((e) => events.push(e.type));
    const { MessageId } = await emulator.sendMessage({ QueueUrl, MessageBody: 'a' });
    emulator.deleteMessageById('q', MessageId as string);
    expect(events).toEqual(['sent', 'deleted']);
  });
});
