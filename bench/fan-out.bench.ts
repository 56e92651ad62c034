/**
 * Many consumers on one emulator: 2,000 long polls open on 50 queues while 20,000 messages are
 * fanned out to them, as a team's whole set of services would poll one local emulator.
 *   npm run bench:fan-out [-- --quick]
 *
 * The HTTP server runs on this process's main thread, which measures its own event-loop delay
 * (perf_hooks.monitorEventLoopDelay) while the load runs; the clients run in a worker thread (an
 * event loop of their own): the long polls (each deletes what it receives and polls again), the
 * senders (SendMessageBatch, 32 in flight) and a ListQueues every 20 ms whose answer time is the
 * latency a dashboard or a CLI call sees meanwhile. Every message must be received and deleted.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { LeanSqsClient } from './compare/clients/lean-workload';

interface Load {
  readonly endpoint: string;
  readonly queueUrls: readonly string[];
  readonly polls: number;
  readonly messages: number;
}

interface LoadResult {
  readonly received: number;
  readonly seconds: number;
  readonly listQueuesMs: number[];
}

const quick = process.argv.includes('--quick');
const QUEUES = 50;
const POLLS = quick ? 500 : 2_000;
const MESSAGES = quick ? 5_000 : 20_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** The worker thread: the clients. */
async function runLoad(load: Load): Promise<LoadResult> {
  const client = new LeanSqsClient(load.endpoint, load.polls + 64);
  let received = 0;
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
        Messages?: { ReceiptHandle: string }[];
      }>('ReceiveMessage', request);
      if (Messages.length === 0) continue;
      received += Messages.length;
      await client.call(
        'DeleteMessageBatch',
        JSON.stringify({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      if (received >= load.messages) {
        done = true;
        finish();
      }
    }
  };
  const polls = Array.from({ length: load.polls }, (_, i) =>
    poll(load.queueUrls[i % load.queueUrls.length]),
  );
  // Let the long polls reach the server before the messages.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const listQueuesMs: number[] = [];
  const probe = setInterval(() => {
    const start = performance.now();
    void client.call('ListQueues', '{}').then(() => listQueuesMs.push(performance.now() - start));
  }, 20);
  const start = performance.now();
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < load.messages) {
      const first = next;
      next += 10;
      await client.call(
        'SendMessageBatch',
        JSON.stringify({
          QueueUrl: load.queueUrls[(first / 10) % load.queueUrls.length],
          Entries: Array.from({ length: 10 }, (_, j) => ({
            Id: String(j),
            MessageBody: `message ${first + j} ${'x'.repeat(200)}`,
          })),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 32 }, sender));
  await allReceived;
  const seconds = (performance.now() - start) / 1000;
  clearInterval(probe);
  // The polls still open end with the server.
  void Promise.allSettled(polls);
  return { received, seconds, listQueuesMs };
}

async function main(): Promise<void> {
  // Imported here: the worker thread needs none of the server.
  const { SqsEmulator } = await import('../src/emulator');
  const { startSqsServer } = await import('../src/server');
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
    } satisfies Load,
  });
  delay.enable();
  const result = await new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  delay.disable();
  await worker.terminate();
  const left = emulator.inspectQueues().reduce((n, q) => n + q.visible + q.inflight, 0);
  await server.close();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const list = [...result.listQueuesMs].sort((a, b) => a - b);
  console.log(
    `fan-out: ${POLLS} long polls on ${QUEUES} queues, ${MESSAGES} messages (node ${process.version})`,
  );
  console.log(
    `  ${Math.round(result.received / result.seconds).toLocaleString('en-US')} msg/s sent, received and deleted; ` +
      `${left === 0 && result.received >= MESSAGES ? 'every message received and deleted' : `WRONG: ${left} left`}`,
  );
  console.log(
    `  server event-loop delay: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
  );
  console.log(
    `  ListQueues meanwhile (${list.length}): p50 ${percentile(list, 0.5).toFixed(1)} ms, p99 ${percentile(list, 0.99).toFixed(1)} ms, max ${(list.at(-1) ?? NaN).toFixed(1)} ms`,
  );
}

if (isMainThread) {
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
