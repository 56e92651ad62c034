/**
 * Many consumers on one emulator: 2,000 long polls open on 50 queues while 20,000 messages are
 * fanned out to them, as a team's whole set of services would poll one local emulator.
 *   npm run bench:fan-out [-- --quick] [-- --rate MSG_PER_S] [-- --polls N] [-- --messages N]
 *   [-- --one-by-one] [-- --json]
 *
 * The HTTP server runs on this process's main thread, which measures its own event-loop delay
 * (perf_hooks.monitorEventLoopDelay) while the load runs; the clients run in a worker thread (an
 * event loop of their own): the long polls (each deletes what it receives and polls again), the
 * senders (SendMessageBatch at a fixed rate, 2,000 msg/s unless `--rate` says otherwise; `--rate 0`
 * sends flat out with 32 batches in flight). A process of its own sends a ListQueues every 20 ms,
 * whose answer time is the latency a dashboard or a CLI call sees meanwhile (in a thread of this
 * process it would also measure that thread's wait for a core). Every message must be received
 * and deleted.
 * A fixed rate keeps the figure about the server's responsiveness, not about how far a saturated
 * 2-core machine queues work. `--one-by-one` sends each batch's ten messages as ten concurrent
 * SendMessage calls instead: each then wakes a poll of its own (three times the requests). The server runs from `dist/` (npm run build first), as users run it.
 * Every body carries its number: each must come back (duplicates are counted) and every queue
 * must be empty at the end. `--json` prints the figures as one JSON line instead (for
 * `npm run bench`, bench/compare/fan-out.part.ts).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { LeanSqsClient } from './compare/clients/lean-workload';

interface Load {
  readonly endpoint: string;
  readonly queueUrls: readonly string[];
  readonly polls: number;
  readonly messages: number;
  /** Messages per second; 0 sends as fast as 32 batches in flight allow. */
  readonly rate: number;
  /** Each batch's messages as ten SendMessage calls. */
  readonly oneByOne: boolean;
}

interface LoadResult {
  /** Messages received, duplicates included. */
  readonly received: number;
  /** Distinct messages received. */
  readonly distinct: number;
  readonly seconds: number;
}

/** What `--json` prints. */
export interface FanOutFigures {
  readonly node: string;
  readonly queues: number;
  readonly polls: number;
  readonly messages: number;
  /** The send rate asked for, msg/s (0: flat out). */
  readonly rate: number;
  /** Sent with SendMessage, one message a call, instead of SendMessageBatch. */
  readonly oneByOne: boolean;
  /** Messages sent, received and deleted per second. */
  readonly msgPerSecond: number;
  readonly received: number;
  readonly distinct: number;
  readonly duplicates: number;
  /** Messages still in the queues (visible + in flight) at the end. */
  readonly left: number;
  /** Every message received and deleted, every queue empty. */
  readonly ok: boolean;
  /** The server's event-loop delay while the load ran, ms. */
  readonly eventLoopMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** ListQueues answer times meanwhile, ms. */
  readonly listQueuesMs: {
    readonly count: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
  };
}

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
/** `--name N`'s N, or `fallback`. */
function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const n = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} wants a number`);
  return n;
}
const QUEUES = 50;
const POLLS = numberArg('polls', quick ? 500 : 2_000);
const MESSAGES = Math.ceil(numberArg('messages', quick ? 5_000 : 20_000) / 10) * 10;
const RATE = numberArg('rate', 2_000);
const ONE_BY_ONE = process.argv.includes('--one-by-one');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/**
 * The probe, a process of its own (as a dashboard or a CLI call would be): from the first line on
 * its stdin (the load's start) until its stdin closes, a ListQueues every 20 ms; then it prints
 * each one's answer time as a JSON array. It does not probe while the 2,000 polls connect: that
 * is not the fan-out the figure is about.
 */
async function runProbe(endpoint: string): Promise<void> {
  const client = new LeanSqsClient(endpoint, 4);
  const times: number[] = [];
  await client.call('ListQueues', '{}');
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const timer = setInterval(() => {
    const start = performance.now();
    void client.call('ListQueues', '{}').then(() => times.push(performance.now() - start));
  }, 20);
  await new Promise((resolve) => process.stdin.once('end', resolve));
  clearInterval(timer);
  await client.close();
  process.stdout.write(`${JSON.stringify(times)}\n`);
}

/**
 * Starts the probe process; `ready` resolves once it is connected (its start-up, ts-node's, must
 * not share the cores with the measurement), `go()` starts the probing, `stop()` ends it and
 * resolves with its answer times.
 */
function startProbe(endpoint: string): {
  ready: Promise<void>;
  go(): void;
  stop(): Promise<number[]>;
} {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--probe', endpoint],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.startsWith('ready\n')) ready();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ready: started,
    go() {
      child.stdin.write('go\n');
    },
    async stop() {
      child.stdin.end();
      await exited;
      return JSON.parse(out.slice('ready\n'.length)) as number[];
    },
  };
}

/** The load's thread: the long polls and the senders. */
async function runLoad(load: Load): Promise<LoadResult> {
  const client = new LeanSqsClient(load.endpoint, load.polls + 64);
  let received = 0;
  let distinct = 0;
  const seen = new Uint8Array(load.messages);
  let deleting = 0;
  let done = false;
  let finish: () => void = () => undefined;
  const allReceived = new Promise<void>((resolve) => (finish = resolve));
  const poll = async (queueUrl: string): Promise<void> => {
    const request = JSON.stringify({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 20,
    });
    while (!done) {
      const { Messages = [] } = await client.call<{
        Messages?: { ReceiptHandle: string; Body?: string }[];
      }>('ReceiveMessage', request);
      if (Messages.length === 0) continue;
      received += Messages.length;
      for (const m of Messages) {
        // "message <n> xxx…"
        const n = Number(m.Body?.slice(8, m.Body.indexOf(' ', 8)));
        if (Number.isInteger(n) && n >= 0 && n < load.messages && !seen[n]) {
          seen[n] = 1;
          distinct++;
        }
      }
      deleting++;
      await client.call(
        'DeleteMessageBatch',
        JSON.stringify({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      deleting--;
      if (distinct >= load.messages) {
        done = true;
        finish();
      }
    }
  };
  const polls = Array.from({ length: load.polls }, (_, i) =>
    poll(load.queueUrls[i % load.queueUrls.length]),
  );
  // The server says when every long poll is open: the figures are about fan-out, not about
  // 2,000 connections being accepted while the first messages arrive.
  await new Promise((resolve) => parentPort?.once('message', resolve));
  const start = performance.now();
  let next = 0;
  const body = (n: number): string => `message ${n} ${'x'.repeat(200)}`;
  const sendBatch = (first: number): Promise<unknown> => {
    const QueueUrl = load.queueUrls[(first / 10) % load.queueUrls.length];
    if (load.oneByOne) {
      return Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          client.call('SendMessage', JSON.stringify({ QueueUrl, MessageBody: body(first + j) })),
        ),
      );
    }
    return client.call(
      'SendMessageBatch',
      JSON.stringify({
        QueueUrl,
        Entries: Array.from({ length: 10 }, (_, j) => ({
          Id: String(j),
          MessageBody: body(first + j),
        })),
      }),
    );
  };
  const sender = async (): Promise<void> => {
    while (next < load.messages) {
      const first = next;
      next += 10;
      await sendBatch(first);
    }
  };
  if (load.rate > 0) {
    // Every 5 ms, the batches the rate owes by now: a steady arrival, whatever the answers take.
    const sends: Promise<unknown>[] = [];
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const owed = Math.min(load.messages, ((performance.now() - start) / 1000) * load.rate);
        while (next + 10 <= owed || (owed === load.messages && next < owed)) {
          sends.push(sendBatch(next));
          next += 10;
        }
        if (next >= load.messages) {
          clearInterval(tick);
          resolve();
        }
      }, 5);
    });
    await Promise.all(sends);
  } else {
    await Promise.all(Array.from({ length: 32 }, sender));
  }
  await allReceived;
  const seconds = (performance.now() - start) / 1000;
  // Deletes of messages received before the last one may still be on their way.
  while (deleting > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  // The polls still open end with the server.
  void Promise.allSettled(polls);
  return { received, distinct, seconds };
}

async function main(): Promise<void> {
  // Imported here: the worker thread needs none of the server.
  const { SqsEmulator } = (await import(
    '../dist/emulator/index.js' as string
  )) as typeof import('../src/emulator');
  const { startSqsServer } = (await import(
    '../dist/server/index.js' as string
  )) as typeof import('../src/server');
  const emulator = new SqsEmulator();
  const server = await startSqsServer({ emulator, port: 0 });
  const queueUrls: string[] = [];
  for (let i = 0; i < QUEUES; i++) {
    const { QueueUrl } = await emulator.createQueue({ QueueName: `fan-${i}` });
    queueUrls.push((QueueUrl as string).replace('http://localhost:9324', server.url));
  }
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const worker = new Worker(__filename, {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    workerData: {
      endpoint: server.url,
      queueUrls,
      polls: POLLS,
      messages: MESSAGES,
      rate: RATE,
      oneByOne: ONE_BY_ONE,
    } satisfies Load,
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const prober = startProbe(server.url);
  await prober.ready;
  while (emulator.pendingReceives() < POLLS) await new Promise((r) => setTimeout(r, 50));
  delay.enable();
  prober.go();
  worker.postMessage('go');
  await result;
  const listQueuesMs = await prober.stop();
  delay.disable();
  const { received, distinct, seconds } = await result;
  await worker.terminate();
  const left = emulator.inspectQueues().reduce((n, q) => n + q.visible + q.inflight, 0);
  await server.close();
  const list = [...listQueuesMs].sort((a, b) => a - b);
  const figures: FanOutFigures = {
    node: process.version,
    queues: QUEUES,
    polls: POLLS,
    messages: MESSAGES,
    rate: RATE,
    oneByOne: ONE_BY_ONE,
    msgPerSecond: distinct / seconds,
    received,
    distinct,
    duplicates: received - distinct,
    left,
    ok: left === 0 && distinct === MESSAGES,
    eventLoopMs: {
      p50: delay.percentile(50) / 1e6,
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
    },
    listQueuesMs: {
      count: list.length,
      p50: percentile(list, 0.5),
      p99: percentile(list, 0.99),
      max: list.at(-1) ?? NaN,
    },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const ms = (n: number) => n.toFixed(1);
  console.log(
    `fan-out: ${POLLS} long polls on ${QUEUES} queues, ${MESSAGES} messages ` +
      `${RATE > 0 ? `sent at ${RATE.toLocaleString('en-US')} msg/s` : 'sent flat out'}` +
      `${ONE_BY_ONE ? ' one by one (SendMessage)' : ''} (node ${process.version}, server from dist/)`,
  );
  console.log(
    `  ${Math.round(figures.msgPerSecond).toLocaleString('en-US')} msg/s sent, received and deleted; ` +
      (figures.ok
        ? `every message received and deleted (${figures.duplicates} received twice)`
        : `WRONG: ${MESSAGES - distinct} not received, ${left} left`),
  );
  const e = figures.eventLoopMs;
  console.log(
    `  server event-loop delay: p50 ${ms(e.p50)} ms, p99 ${ms(e.p99)} ms, max ${ms(e.max)} ms`,
  );
  const l = figures.listQueuesMs;
  console.log(
    `  ListQueues meanwhile (${l.count}): p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms`,
  );
}

const probeAt = process.argv.indexOf('--probe');
if (probeAt > 0) {
  void runProbe(process.argv[probeAt + 1]);
} else if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runLoad(workerData as Load).then(
    (result) => parentPort?.postMessage(result),
    (error: unknown) => {
      throw error;
    },
  );
}
