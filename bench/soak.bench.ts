/**
 * Reliability soak runs: the long versions of `test/reliability/`, printing their figures (the
 * ones RELIABILITY.md quotes). Parts, all by default or named with `--only`:
 *
 * - `server`: the HTTP emulator under 16 concurrent `@aws-sdk/client-sqs` clients for 60 s
 *   (standard and FIFO queues; send 10 → receive 10 → delete, plus long polls on an empty queue and
 *   receives left to time out). Heap after GC is sampled every 5 s; after the load the queues are
 *   drained, the clock is moved past the five-minute FIFO windows, and the heap must come back
 *   to its level after warm-up: nothing kept per receipt handle, dedup id, task or long poll.
 * - `consumers`: 4 consumer processes on one emulator, 50,000 messages, standard then FIFO.
 * - `faults`: the fault-injection run with 100,000 messages.
 *
 * The clients run in a child process, so the heap measured is the server's alone.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/soak.bench.ts [--only server|consumers|faults] [--seconds 60] [--quick]
 */
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { seededRandom } from '../src/backend/fault-injecting-sqs.backend';
import type { Clock, ClockTimer } from '../src/emulator/clock';
import { SqsEmulator } from '../src/emulator/sqs-emulator';
import { startSqsServer } from '../src/server/start-sqs-server';
import { runCompetingConsumers } from '../test/reliability/support/competing-run';
import { runFaultScenario } from '../test/reliability/support/fault-run';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string' },
    clients: { type: 'string' },
    quick: { type: 'boolean' },
    // Internal: this script re-run as the client load.
    'load-child': { type: 'string' },
  },
});
const QUICK = flags.quick ?? false;
const SECONDS = Number(flags.seconds ?? (QUICK ? 10 : 60));
const CLIENTS = Number(flags.clients ?? 16);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMiB(): number {
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}

function print(name: string, figures: unknown): void {
  process.stdout.write(`\n== ${name}\n${JSON.stringify(figures, null, 2)}\n`);
}

/** The system clock, with an offset the soak moves forward to age windows without waiting. */
class ShiftableClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  setTimer(callback: () => void, ms: number): ClockTimer & { handle: NodeJS.Timeout } {
    const handle = setTimeout(callback, Math.max(0, ms));
    handle.unref();
    return { dueAt: this.now() + ms, handle };
  }
  clearTimer(timer: ClockTimer): void {
    clearTimeout((timer as ClockTimer & { handle: NodeJS.Timeout }).handle);
  }
}

// ---- server soak ---------------------------------------------------------------------------------

async function serverSoak(): Promise<void> {
  const clock = new ShiftableClock();
  const emulator = new SqsEmulator({ clock });
  const server = await startSqsServer({ port: 0, emulator });
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      __filename,
      '--load-child',
      server.url,
      '--seconds',
      String(SECONDS),
      '--clients',
      String(CLIENTS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let childOut = '';
  child.stdout.on('data', (c: Buffer) => (childOut += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const samples: { at: number; heapMiB: number; queued: number; pendingReceives: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const queues = emulator.inspectQueues();
    samples.push({
      at: Math.round((Date.now() - started) / 1000),
      heapMiB: heapMiB(),
      queued: queues.reduce((n, q) => n + q.visible + q.inflight + q.delayed, 0),
      pendingReceives: emulator.pendingReceives(),
    });
  }, 5_000);
  const code = await exited;
  clearInterval(sampler);
  const load = JSON.parse(childOut.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;

  // Drain what the load left (receives it let time out, FIFO groups still held), then age the
  // five-minute windows and the longest visibility timeout away.
  clock.offsetMs += 6 * 60_000;
  for (const q of emulator.inspectQueues()) {
    for (;;) {
      const { Messages = [] } = await emulator.receiveMessage({
        QueueUrl: q.url,
        MaxNumberOfMessages: 10,
      });
      if (Messages.length === 0) break;
      await emulator.deleteMessageBatch({
        QueueUrl: q.url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      });
    }
  }
  const queues = emulator.inspectQueues();
  const afterDrain = {
    heapMiB: heapMiB(),
    queued: queues.reduce((n, q) => n + q.visible + q.inflight + q.delayed, 0),
    pendingReceives: emulator.pendingReceives(),
  };
  await server.close();
  const warm = samples.find((s) => s.at >= 10) ?? samples[0];
  print('server soak', {
    seconds: SECONDS,
    clients: CLIENTS,
    clientExit: code,
    load,
    heapSamples: samples,
    heapAfterWarmUpMiB: warm?.heapMiB,
    peakHeapMiB: Math.max(...samples.map((s) => s.heapMiB)),
    afterDrainAndWindows: afterDrain,
    bounded: warm !== undefined && afterDrain.heapMiB <= warm.heapMiB + 16,
  });
}

/** The client side of the server soak (a child process): loops until the time is up. */
async function loadChild(endpoint: string): Promise<void> {
  const sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'soak', secretAccessKey: 'soak' },
    maxAttempts: 1,
  });
  const url = async (name: string, attributes: Record<string, string> = {}) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
      .QueueUrl as string;
  const standard = await url('soak');
  const fifo = await url('soak.fifo', { FifoQueue: 'true' });
  const idle = await url('soak-idle');
  const forgotten = await url('soak-forgotten', { VisibilityTimeout: '2' });
  const until = Date.now() + SECONDS * 1000;
  const counts = { messages: 0, longPolls: 0, forgotten: 0, errors: 0 };
  const random = seededRandom(7);
  let seq = 0;

  const cycle = async (queue: string, groups: boolean): Promise<void> => {
    const entries = Array.from({ length: 10 }, (_, i) => {
      const n = seq++;
      return {
        Id: String(i),
        MessageBody: `message ${n} ${'x'.repeat(200)}`,
        ...(groups ? { MessageGroupId: `g${n % 50}`, MessageDeduplicationId: `d${n}` } : {}),
      };
    });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: entries }));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    counts.messages += Messages.length;
  };

  const worker = async (index: number): Promise<void> => {
    while (Date.now() < until) {
      try {
        const r = random();
        if (index === 0 && r < 0.2) {
          // A long poll on an empty queue that times out: a waiter that must not linger.
          await sqs.send(new ReceiveMessageCommand({ QueueUrl: idle, WaitTimeSeconds: 1 }));
          counts.longPolls++;
        } else if (index === 1 && r < 0.1) {
          // Received and never deleted: comes back after 2 s, handle abandoned.
          await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: forgotten,
              Entries: [{ Id: '0', MessageBody: 'forgotten' }],
            }),
          );
          await sqs.send(new ReceiveMessageCommand({ QueueUrl: forgotten }));
          counts.forgotten++;
        } else {
          await cycle(index % 4 === 3 ? fifo : standard, index % 4 === 3);
        }
      } catch {
        counts.errors++;
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => worker(i)));
  sqs.destroy();
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({ ...counts, messagesPerSecond: Math.round(counts.messages / seconds) })}\n`,
  );
}

// ---- consumers and faults ------------------------------------------------------------------------

async function consumersSoak(): Promise<void> {
  const messages = QUICK ? 5_000 : 50_000;
  for (const fifoGroups of [undefined, 100]) {
    const run = await runCompetingConsumers({
      processes: 4,
      messages,
      fifoGroups,
      concurrency: 10,
      visibilitySeconds: 30,
      timeoutMs: 15 * 60_000,
    });
    print(`competing consumers (${fifoGroups ? 'FIFO, 100 groups' : 'standard'})`, run);
  }
}

async function faultsSoak(): Promise<void> {
  const messages = QUICK ? 10_000 : 100_000;
  const seed = 20260101;
  const random = Math.random;
  Math.random = seededRandom(seed + 2);
  try {
    const run = await runFaultScenario({
      messages,
      seed,
      handlerFailureRate: 0.2,
      backendFaultRate: 0.1,
      slowHandlerRate: 0.02,
      concurrency: 32,
    });
    print(`fault injection (${messages} messages)`, run);
  } finally {
    Math.random = random;
  }
}

async function main(): Promise<void> {
  if (flags['load-child']) return loadChild(flags['load-child']);
  const only = flags.only;
  if (!only || only === 'faults') await faultsSoak();
  if (!only || only === 'server') await serverSoak();
  if (!only || only === 'consumers') await consumersSoak();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
