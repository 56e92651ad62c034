/**
 * Consumers under AWS-like latency: the memory backend's emulator answers every request after
 * 25 ms (`emulator: { latency }`, half on the way in, half on the way out), as SQS does from
 * inside a region. A backlog is drained by a real Nest application (the module, the poll loop,
 * the worker gate, batched deletes) with a no-op and a 50 ms handler, at concurrency 10 and 100,
 * with the default prefetch (one receive's worth) and with prefetch 0 (the consumer before it).
 *   npm run bench:latency [-- --quick] [-- --latency MS]
 *
 * Prints msg/s, the physical limit of the settings and the share of it reached, SQS requests
 * per consumed message (ReceiveMessage, DeleteMessageBatch, visibility changes), and the CPU
 * the process spent per message (consumer and in-process emulator together).
 *
 * The limit: a message takes a slot from the moment its receive is sent until its handler ends,
 * so `concurrency + prefetch` slots cycle once per round trip plus handler time, and at most
 * `concurrency` handlers run at once:
 *     limit = min(concurrency / handler, (concurrency + prefetch) / (round trip + handler))
 * (a no-op handler: (concurrency + prefetch) / round trip).
 */
import 'reflect-metadata';
import { Injectable, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SqsHandler } from '../src/decorators/sqs-handler.decorator';
import { SqsEmulator } from '../src/emulator';
import type { SqsMessage } from '../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../src/module/sqs-consumers.service';
import { SqsModule } from '../src/module/sqs.module';
import { SqsQueues } from '../src/module/sqs-queues.service';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const latencyAt = argv.indexOf('--latency');
const LATENCY_MS = latencyAt >= 0 ? Number(argv[latencyAt + 1]) : 25;
/** How long each run drains its backlog, about (the backlog is sized from the limit). */
const RUN_SECONDS = quick ? 2 : 6;

let handlerMs = 0;
let onHandled: (n: number) => void = () => undefined;

@Injectable()
class BenchHandler {
  @SqsHandler('bench')
  async handle(message: SqsMessage<{ n: number }>): Promise<void> {
    if (handlerMs > 0) await new Promise((resolve) => setTimeout(resolve, handlerMs));
    onHandled(message.body.n);
  }
}

/** Counts the SQS calls the consumer makes. */
const COUNTED = [
  'receiveMessage',
  'deleteMessage',
  'deleteMessageBatch',
  'changeMessageVisibility',
  'changeMessageVisibilityBatch',
] as const;
type Counted = (typeof COUNTED)[number];

function countCalls(emulator: SqsEmulator): Record<Counted, number> {
  const counts = Object.fromEntries(COUNTED.map((k) => [k, 0])) as Record<Counted, number>;
  for (const name of COUNTED) {
    const original = emulator[name].bind(emulator) as (...args: unknown[]) => Promise<unknown>;
    (emulator as unknown as Record<Counted, (...args: unknown[]) => Promise<unknown>>)[name] = (
      ...args: unknown[]
    ) => {
      counts[name]++;
      return original(...args);
    };
  }
  return counts;
}

export interface LatencyRun {
  readonly concurrency: number;
  readonly prefetch: number;
  readonly handlerMs: number;
  readonly messages: number;
  readonly msgPerSecond: number;
  readonly limit: number;
  readonly requestsPerMessage: number;
  readonly receivesPer10: number;
  readonly deletesPer10: number;
  readonly cpuMicrosPerMessage: number;
  readonly correct: boolean;
}

/** The physical limit of the settings (see the file's comment), msg/s. */
export function physicalLimit(
  concurrency: number,
  prefetch: number,
  handler: number,
  roundTrip: number,
): number {
  const byWorkers = handler > 0 ? (concurrency * 1000) / handler : Infinity;
  return Math.min(byWorkers, ((concurrency + prefetch) * 1000) / (roundTrip + handler));
}

/** Drains a backlog (`count` messages, default about RUN_SECONDS' worth at the limit). */
export async function drainUnderLatency(
  concurrency: number,
  prefetch: number | undefined,
  handler: number,
  count?: number,
): Promise<LatencyRun> {
  handlerMs = handler;
  const effectivePrefetch = prefetch ?? Math.min(10, concurrency);
  const limit = physicalLimit(concurrency, effectivePrefetch, handler, LATENCY_MS);
  const messages = count ?? Math.max(500, Math.round((limit * RUN_SECONDS) / 10) * 10);
  const emulator = new SqsEmulator({ latency: LATENCY_MS });
  const app = await Test.createTestingModule({
    imports: [
      SqsModule.forRoot({
        backend: 'memory',
        emulator,
        logger: false,
        autoStartup: false,
        queues: {
          bench: {
            consumer: { concurrency, ...(prefetch !== undefined ? { prefetch } : {}) },
          },
        },
      }),
    ],
    providers: [BenchHandler],
  }).compile();
  app.useLogger(false);
  await app.init();
  const QueueUrl = app.get(SqsQueues).url('bench');
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < messages; i += 10) {
    const Entries = Array.from({ length: 10 }, (_, j) => ({
      Id: String(j),
      MessageBody: JSON.stringify({ n: i + j }),
    }));
    batches.push(emulator.sendMessageBatch({ QueueUrl, Entries }));
    if (batches.length === 200) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);

  const counts = countCalls(emulator);
  const seen = new Uint8Array(messages);
  let handled = 0;
  let duplicates = 0;
  const done = new Promise<void>((resolve) => {
    onHandled = (n) => {
      if (seen[n]) duplicates++;
      seen[n] = 1;
      if (++handled === messages) resolve();
    };
  });
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await app.get(SqsConsumers).start();
  await done;
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await app.close();
  const left = emulator.inspectQueues()[0];
  const requests = COUNTED.reduce((n, k) => n + counts[k], 0);
  return {
    concurrency,
    prefetch: effectivePrefetch,
    handlerMs: handler,
    messages,
    msgPerSecond: messages / seconds,
    limit,
    requestsPerMessage: requests / messages,
    receivesPer10: (counts.receiveMessage * 10) / messages,
    deletesPer10: ((counts.deleteMessageBatch + counts.deleteMessage) * 10) / messages,
    cpuMicrosPerMessage: (cpu.user + cpu.system) / messages,
    correct: duplicates === 0 && left.visible === 0 && left.inflight === 0,
  };
}

function row(r: LatencyRun): string {
  const cells = [
    `c${r.concurrency}`.padEnd(5),
    `prefetch ${r.prefetch}`.padEnd(12),
    `${r.handlerMs} ms`.padStart(6),
    `${Math.round(r.msgPerSecond).toLocaleString('en-US')} msg/s`.padStart(13),
    `limit ${Math.round(r.limit).toLocaleString('en-US')}`.padStart(12),
    `${((r.msgPerSecond / r.limit) * 100).toFixed(0)}%`.padStart(5),
    `${r.requestsPerMessage.toFixed(3)} req/msg`,
    `(receive ${r.receivesPer10.toFixed(2)}, delete ${r.deletesPer10.toFixed(2)} per 10)`,
    `${Math.round(r.cpuMicrosPerMessage)} µs CPU/msg`,
    r.correct ? 'ok' : 'WRONG: lost, duplicated or left messages',
  ];
  return '  ' + cells.join('  ');
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  console.log(
    `consumers under ${LATENCY_MS} ms of latency per request (memory backend, node ${process.version}` +
      `${quick ? ', quick' : ''}); limit = min(c / handler, (c + prefetch) / (round trip + handler))`,
  );
  for (const handler of [0, 50]) {
    for (const concurrency of [10, 100]) {
      for (const prefetch of [undefined, 0]) {
        console.log(row(await drainUnderLatency(concurrency, prefetch, handler)));
      }
    }
  }
  // A prefetch sized to the round trip (concurrency × round trip / handler) lifts the second
  // bound to the first: every worker busy all the time.
  console.log(row(await drainUnderLatency(100, 50, 50)));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
