import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  type Acknowledged,
  acknowledged,
  recordDelete,
  verdict,
} from '../../support/persistence/acknowledged';
import { EmulatorProcess } from '../../support/persistence/emulator-process';
import { tempDataDir } from '../../support/persistence/restartable-emulator';
import { prng } from '../../support/persistence/workload';

const SLOW = 60_000;
const WORKERS = 6;
const QUEUES = ['std', 'fifo.fifo'] as const;

interface Held {
  readonly queue: string;
  readonly body: string;
  readonly handle: string;
}

function clientFor(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/**
 * Random traffic from several concurrent clients until `stopped()`: sends (single, batch, FIFO
 * groups), receives with short visibility timeouts, deletes (single, batch) and visibility
 * changes. Records each send and delete once its answer arrived, and calls `onAnswer(n)` after
 * the n-th answer.
 */
async function drive(
  endpoint: string,
  round: number,
  ack: Acknowledged,
  stopped: () => boolean,
  onAnswer: (n: number) => void,
): Promise<number> {
  const client = clientFor(endpoint);
  const urls = Object.fromEntries(QUEUES.map((q) => [q, `${endpoint}/000000000000/${q}`]));
  const held: Held[] = [];
  let n = 0;
  let answered = 0;
  const worker = async (w: number): Promise<void> => {
    const random = prng(round * 100 + w);
    while (!stopped()) {
      const fifo = random() < 0.35;
      const queue = fifo ? 'fifo.fifo' : 'std';
      const QueueUrl = urls[queue];
      const op = random();
      try {
        if (op < 0.35) {
          const body = `${queue}:${round}:${n++}`;
          await client.send(
            new SendMessageCommand({
              QueueUrl,
              MessageBody: body,
              ...(fifo ? { MessageGroupId: `g${n % 4}`, MessageDeduplicationId: body } : {}),
            }),
          );
          ack.sent.add(body);
        } else if (op < 0.45) {
          const bodies = [0, 1, 2, 3].map(() => `${queue}:${round}:${n++}`);
          const { Successful = [] } = await client.send(
            new SendMessageBatchCommand({
              QueueUrl,
              Entries: bodies.map((body, i) => ({
                Id: `${i}`,
                MessageBody: body,
                ...(fifo ? { MessageGroupId: `g${i}`, MessageDeduplicationId: body } : {}),
              })),
            }),
          );
          for (const s of Successful) ack.sent.add(bodies[Number(s.Id)]);
        } else if (op < 0.7) {
          const { Messages = [] } = await client.send(
            new ReceiveMessageCommand({
              QueueUrl,
              MaxNumberOfMessages: 1 + Math.floor(random() * 10),
              VisibilityTimeout: Math.floor(random() * 4),
            }),
          );
          for (const m of Messages) {
            held.push({ queue, body: m.Body as string, handle: m.ReceiptHandle as string });
          }
        } else if (op < 0.85 && held.length > 0) {
          const h = held.splice(Math.floor(random() * held.length), 1)[0];
          await recordDelete(ack, [h.body], async () => {
            await client.send(
              new DeleteMessageCommand({ QueueUrl: urls[h.queue], ReceiptHandle: h.handle }),
            );
            return [0];
          });
        } else if (op < 0.92 && held.length > 1) {
          const batch = held.splice(0, Math.min(held.length, 5));
          const q = batch[0].queue;
          const mine = batch.filter((h) => h.queue === q);
          await recordDelete(
            ack,
            mine.map((h) => h.body),
            async () => {
              const { Successful = [] } = await client.send(
                new DeleteMessageBatchCommand({
                  QueueUrl: urls[q],
                  Entries: mine.map((h, i) => ({ Id: `${i}`, ReceiptHandle: h.handle })),
                }),
              );
              return Successful.map((s) => Number(s.Id));
            },
          );
        } else {
          if (held.length === 0) continue;
          const h = held[Math.floor(random() * held.length)];
          await client.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: urls[h.queue],
              ReceiptHandle: h.handle,
              VisibilityTimeout: Math.floor(random() * 5),
            }),
          );
        }
        onAnswer(++answered);
      } catch {
        // Cut by the kill (unknown outcome), or a FIFO handle that expired: nothing to record.
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  client.destroy();
  return answered;
}

/** Every message of a queue, whatever its state, through the inspection API. */
async function bodiesIn(endpoint: string, queue: string): Promise<string[]> {
  const res = await fetch(
    `${endpoint}/_emulator/queues/${queue}/messages?state=visible,inflight,delayed&limit=10000`,
  );
  expect(res.status).toBe(200);
  const { messages } = (await res.json()) as { messages: { body: string }[] };
  return messages.map((m) => m.body);
}

describe('persistence: SIGKILL at random moments under a mixed workload', () => {
  const data = tempDataDir();
  let emulator: EmulatorProcess | undefined;
  afterAll(async () => {
    await emulator?.kill();
    data.remove();
  });

  it(
    'loses no acknowledged send, brings back no acknowledged delete and duplicates nothing',
    async () => {
      const ack = acknowledged();
      // Each round kills the emulator after a random number of answers: from outside (the client
      // that got that answer sends SIGKILL while the other clients' requests are anywhere between
      // arriving and being answered), or from inside, right after the answer was handed to the
      // socket and before anything else ran (where answering before writing would lose it).
      const rounds = [
        { seed: 11, from: 'outside' },
        { seed: 23, from: 'inside' },
        { seed: 37, from: 'outside' },
        { seed: 41, from: 'inside' },
      ] as const;
      const killAt = (seed: number) => 50 + Math.floor(prng(seed)() * 400);
      const args = ['--data-dir', data.dir, '--log-level', 'warn'];
      emulator = new EmulatorProcess(args);
      let endpoint = await emulator.started();
      const setup = clientFor(endpoint);
      await setup.send(new CreateQueueCommand({ QueueName: 'std' }));
      await setup.send(
        new CreateQueueCommand({ QueueName: 'fifo.fifo', Attributes: { FifoQueue: 'true' } }),
      );
      setup.destroy();

      for (const [i, { seed, from }] of rounds.entries()) {
        let stopped = false;
        const current = emulator;
        void current.exited.then(() => (stopped = true));
        const answered = await drive(
          endpoint,
          seed,
          ack,
          () => stopped,
          (n) => {
            if (from === 'outside' && n === killAt(seed)) current.child.kill('SIGKILL');
          },
        );
        expect(await current.exited).toEqual({ code: null, signal: 'SIGKILL' });
        expect(answered).toBeGreaterThan(0);

        const next = rounds[i + 1];
        emulator = new EmulatorProcess(
          args,
          next?.from === 'inside' ? { killAfterAnswers: killAt(next.seed) } : {},
        );
        endpoint = await emulator.started();
        const present: string[] = [];
        for (const q of QUEUES) present.push(...(await bodiesIn(endpoint, q)));
        const have = new Set(present);
        expect(present.length).toBe(have.size);
        expect({ seed, ...verdict(ack, have) }).toEqual({ seed, lost: [], back: [] });
        if (process.env.SIGKILL_STATS) {
          console.log({
            seed,
            from,
            killAt: killAt(seed),
            answered,
            sent: ack.sent.size,
            deleted: ack.deleted.size,
            cut: ack.unknown.size,
            present: present.length,
          });
        }
      }
      expect(await emulator.stop()).toBe(0);
      emulator = undefined;
    },
    SLOW,
  );
});
