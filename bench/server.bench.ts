/**
 * The emulator over HTTP, measured through `@aws-sdk/client-sqs` (AWS JSON protocol):
 *
 * - throughput: clients that each loop SendMessageBatch(10) → ReceiveMessage(10) →
 *   DeleteMessageBatch, at 1 and 16 concurrent clients, in messages per second (a message counts
 *   once it has been sent, received and deleted);
 * - sequential single-message calls, fauxqs's benchmark shape (send; receive + delete);
 * - one SendMessage round trip: p50 / p99 latency.
 *
 * By default the server runs in its own process (the CLI), so client and server each get a core;
 * `--in-process` runs both in this process. `--quick` runs a short version.
 *
 *   node -r ts-node/register/transpile-only bench/server.bench.ts [--quick] [--in-process]
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startSqsServer } from '../src/server';
import { BODY, client, type RunningServer, startCliServer, throughput } from './server-client.part';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, 'in-process': { type: 'boolean' } },
});
const QUICK = flags.quick ?? false;
const IN_PROCESS = flags['in-process'] ?? false;

const THROUGHPUT_MESSAGES = QUICK ? 4_000 : 40_000;
const SEQUENTIAL_MESSAGES = QUICK ? 500 : 5_000;
const LATENCY_SAMPLES = QUICK ? 500 : 5_000;
/** Starts the server (a CLI child process unless --in-process) and returns its endpoint. */
async function startServer(): Promise<RunningServer> {
  if (IN_PROCESS) {
    const server = await startSqsServer({ port: 0 });
    return { endpoint: server.url, cpuSeconds: () => undefined, stop: () => server.close() };
  }
  return startCliServer();
}

/** Sequential single-message SendMessage, then ReceiveMessage(1) + DeleteMessage, per second. */
async function sequential(
  endpoint: string,
  count: number,
): Promise<{ send: number; consume: number }> {
  const sqs = client(endpoint);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `bench-seq-${Date.now()}` }),
  );
  let started = performance.now();
  for (let i = 0; i < count; i++)
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: BODY }));
  const send = count / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < count; i++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }),
    );
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle }),
    );
  }
  const consume = count / ((performance.now() - started) / 1000);
  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  sqs.destroy();
  return { send, consume };
}

/** Latency of single SendMessage round trips, in milliseconds. */
async function latency(endpoint: string, samples: number): Promise<{ p50: number; p99: number }> {
  const sqs = client(endpoint);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `bench-lat-${Date.now()}` }),
  );
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: BODY }));
    times.push(performance.now() - t);
  }
  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  sqs.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs `phase` and returns its result with the share of a core the server used meanwhile. */
async function measured<T>(server: RunningServer, phase: () => Promise<T>): Promise<[T, string]> {
  const cpu0 = server.cpuSeconds();
  const t0 = performance.now();
  const result = await phase();
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = server.cpuSeconds();
  const share =
    cpu0 === undefined || cpu1 === undefined
      ? ''
      : `; server CPU ${Math.round(((cpu1 - cpu0) / wall) * 100)}%`;
  return [result, share];
}

async function main(): Promise<void> {
  const server = await startServer();
  const { endpoint, stop } = server;
  console.log(
    `server.bench — ${IN_PROCESS ? 'server in this process' : 'server in a child process (CLI)'}, ` +
      `${QUICK ? 'quick' : 'full'} run; Node ${process.version}, ${cpus().length} CPU(s) ` +
      `(${cpus()[0]?.model ?? '?'}); message body ${BODY.length} bytes`,
  );
  try {
    await throughput(endpoint, 1, 200); // warm-up: JIT, sockets
    await latency(endpoint, 100);
    for (const workers of [1, 16]) {
      const [rate, cpu] = await measured(server, () =>
        throughput(endpoint, workers, THROUGHPUT_MESSAGES),
      );
      console.log(
        `throughput  ${String(workers).padStart(2)} client(s): ${fmt(rate).padStart(7)} msg/s ` +
          `(send batch 10 → receive 10 → delete batch, ${fmt(THROUGHPUT_MESSAGES)} messages${cpu})`,
      );
    }
    const [seq, seqCpu] = await measured(server, () => sequential(endpoint, SEQUENTIAL_MESSAGES));
    console.log(
      `sequential  SendMessage: ${fmt(seq.send)} msg/s; ReceiveMessage + DeleteMessage: ` +
        `${fmt(seq.consume)} msg/s (${fmt(SEQUENTIAL_MESSAGES)} messages, one at a time${seqCpu})`,
    );
    const [lat, latCpu] = await measured(server, () => latency(endpoint, LATENCY_SAMPLES));
    console.log(
      `latency     SendMessage round trip: p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms ` +
        `(${fmt(LATENCY_SAMPLES)} samples${latCpu})`,
    );
  } finally {
    await stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
