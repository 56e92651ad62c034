import { ManualClock } from '../../src/clock';
import { SqsEmulator } from '../../src/emulator';
import { runBatchEntries } from '../../src/emulator/actions/batch-entries';
import { createQueue } from '../../src/emulator/actions/queue-actions';
import { receiveMessage } from '../../src/emulator/actions/receive-actions';
import { sendMessage } from '../../src/emulator/actions/send-actions';
import { EmulatorState } from '../../src/emulator/emulator-state';

/** The three batch actions share one way of checking a request and answering each entry. */
describe('batch entries', () => {
  let sqs: SqsEmulator;
  let QueueUrl: string;

  beforeEach(async () => {
    sqs = new SqsEmulator({ clock: new ManualClock() });
    QueueUrl = (await sqs.createQueue({ QueueName: 'orders' })).QueueUrl as string;
  });

  async function receivedHandle(): Promise<string> {
    await sqs.sendMessage({ QueueUrl, MessageBody: 'x' });
    const { Messages = [] } = await sqs.receiveMessage({ QueueUrl });
    return Messages[0].ReceiptHandle as string;
  }

  it('answers each entry: Successful where it worked, Failed with SQS code where not', async () => {
    const handle = await receivedHandle();
    const result = await sqs.deleteMessageBatch({
      QueueUrl,
      Entries: [
        { Id: 'ok', ReceiptHandle: handle },
        { Id: 'bad', ReceiptHandle: 'not-a-handle' },
      ],
    });
    expect(result).toEqual({
      Successful: [{ Id: 'ok' }],
      Failed: [
        {
          Id: 'bad',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle "not-a-handle" is not a valid receipt handle.',
        },
      ],
    });
  });

  it('leaves out an empty Successful or Failed list, as SQS does', async () => {
    const sent = await sqs.sendMessageBatch({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'x' }] });
    expect(Object.keys(sent)).toEqual(['Successful']);
    const changed = await sqs.changeMessageVisibilityBatch({
      QueueUrl,
      Entries: [{ Id: 'a', ReceiptHandle: 'nope', VisibilityTimeout: 0 }],
    });
    expect(Object.keys(changed)).toEqual(['Failed']);
  });

  it.each([
    ['no entries', [], 'EmptyBatchRequest'],
    [
      'eleven entries',
      Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })),
      'TooManyEntriesInBatchRequest',
    ],
    ['an invalid id', [{ Id: 'no spaces', MessageBody: 'x' }], 'InvalidBatchEntryId'],
    [
      'a repeated id',
      [
        { Id: 'a', MessageBody: 'x' },
        { Id: 'a', MessageBody: 'y' },
      ],
      'BatchEntryIdsNotDistinct',
    ],
  ])('rejects the whole request with %s, sending nothing', async (_name, Entries, name) => {
    await expect(sqs.sendMessageBatch({ QueueUrl, Entries })).rejects.toMatchObject({ name });
    expect(sqs.peekMessages('orders')).toEqual([]);
  });

  it('fails the whole request on an error that is not an SQS error (a bug, not an entry)', async () => {
    const state = new EmulatorState({ clock: new ManualClock() });
    const url = (await createQueue(state, { QueueName: 'q' }, undefined)).QueueUrl as string;
    const queue = state.queues.resolve(url);
    const boom = () => {
      throw new TypeError('bug');
    };
    expect(() => runBatchEntries(state, queue, [{ Id: 'a' }], boom, undefined)).toThrow('bug');
    // The batch's hold on long polls ended with it: a waiting receive still gets the next send.
    const poll = receiveMessage(state, { QueueUrl: url, WaitTimeSeconds: 20 });
    await sendMessage(state, { QueueUrl: url, MessageBody: 'after' });
    expect((await poll).Messages?.map((m) => m.Body)).toEqual(['after']);
  });
});
