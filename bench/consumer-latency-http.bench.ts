/**
 * Consumers under AWS-like latency over HTTP, beside other libraries: our emulator runs as its
 * own process with `--latency 25` (every request answered after 25 ms), and each consumer drains
 * the same backlog through its own SDK client, with a no-op and a 50 ms handler.
 *   npm run bench:latency:http [-- --quick]
 *
 * Every body must be handled once (a duplicate fails the run) and the queue must be empty by the
 * server's own counts, or the run is reported as failed. CPU is this process's (the consumer's)
 * per handled message; requests are the SQS requests the consumer's SDK client sent from its
 * start until the queue was empty, per message. The limit column is our consumer's (see
 * bench/consumer-latency.bench.ts); the other libraries have their own.
 *
 * `drainOverHttp` is exported for `npm run bench` (bench/compare/under-latency.part.ts).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { LeanSqsClient } from './compare/clients/lean-workload';
import { LEFTOVER_ATTRIBUTES, messagesLeft } from './compare/clients/queue-leftovers';
import { SdkRequestCounter, totalRequests } from './compare/clients/request-counter';
import type { ConsumerUnderTest } from './compare/consumers/consumer-under-test.interface';
import { kitConsumer } from './compare/consumers/kit.consumer';
import { sqsConsumer } from './compare/consumers/sqs-consumer.consumer';
import { squissConsumer } from './compare/consumers/squiss.consumer';
import { ssutConsumer } from './compare/consumers/ssut.consumer';
import { kitServer, type RunningServer, startServer } from './compare/servers/server-process';
import { physicalLimit } from './consumer-latency.bench';

const LATENCY_MS = 25;

/** One drain of a backlog over HTTP by one consumer. */
export interface HttpDrainRun {
  readonly handlerMs: number;
  readonly messages: number;
  /** Messages per second from the consumer's start to the last handler's end (failed: none). */
  readonly msgPerSecond: number | undefined;
  readonly seconds: number;
  /** This process's CPU (the consumer's) per handled message, µs. */
  readonly cpuMicrosPerMessage: number;
  /** SQS requests the consumer sent from its start until the queue was empty, by action. */
  readonly requests: Readonly<Record<string, number>>;
  readonly requestsPerMessage: number;
  /** Distinct bodies handled. */
  readonly handled: number;
  readonly duplicates: number;
  /** Messages left in the queue by the server's counts once all were handled (NaN: unknown). */
  readonly left: number;
  /** Why the run does not count (not all handled in time, left in the queue, duplicates). */
  readonly problem: string | undefined;
}

/** Creates `queueName` and fills it with bodies `0`…`messages - 1`; returns its URL. */
export async function fillQueueOverHttp(
  http: LeanSqsClient,
  queueName: string,
  messages: number,
): Promise<string> {
  const { QueueUrl } = await http.call<{ QueueUrl: string }>(
    'CreateQueue',
    JSON.stringify({ QueueName: queueName }),
  );
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < messages; i += 10) {
    const Entries = Array.from({ length: Math.min(10, messages - i) }, (_, j) => ({
      Id: String(j),
      MessageBody: String(i + j),
    }));
    sends.push(http.call('SendMessageBatch', JSON.stringify({ QueueUrl, Entries })));
    if (sends.length === 64) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
  return QueueUrl;
}

/**
 * Fills a fresh queue with `messages` bodies (their numbers), then times `consumer` from its start
 * until every body has reached the handler (each handler call waits `handlerMs`), and waits for
 * the queue to be empty by the server's counts before stopping it.
 */
export async function drainOverHttp(
  server: RunningServer,
  consumer: ConsumerUnderTest,
  handlerMs: number,
  messages: number,
  tag: string,
  timeoutMs: number,
): Promise<HttpDrainRun> {
  const lean = new LeanSqsClient(server.endpoint, 16);
  const queueName = `lat-${tag}`;
  const QueueUrl = await fillQueueOverHttp(lean, queueName, messages);
  const seen = new Uint8Array(messages);
  let handled = 0;
  let duplicates = 0;
  let allHandled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allHandled = resolve));
  const prepared = await consumer.prepare(
    { queueName, queueUrl: QueueUrl, endpoint: server.endpoint },
    async (body) => {
      if (handlerMs > 0) await new Promise((resolve) => setTimeout(resolve, handlerMs));
      const n = Number(body);
      if (seen[n]) duplicates++;
      else if (++handled === messages) allHandled();
      seen[n] = 1;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const counter = new SdkRequestCounter();
  let requests: Record<string, number> = {};
  let outcome: 'done' | 'late' = 'late';
  let seconds = 0;
  let cpuMicros = 0;
  let left = Number.NaN;
  try {
    counter.start();
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await prepared.start();
    outcome = await Promise.race([done.then(() => 'done' as const), deadline]);
    seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMicros = cpu.user + cpu.system;
    // The last deletes are on their way when the last handler ends: wait for the queue to be
    // empty by the server's counts while the consumer still runs (some libraries drop pending
    // deletes when they stop; squiss-ts flushes a part batch after 2 s), then stop it.
    for (let i = 0; i < 50; i++) {
      const { Attributes } = await lean.call<{ Attributes?: Record<string, string> }>(
        'GetQueueAttributes',
        JSON.stringify({ QueueUrl, AttributeNames: LEFTOVER_ATTRIBUTES }),
      );
      left = messagesLeft(Attributes);
      if (left === 0 || Number.isNaN(left)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    requests = counter.stop();
  } finally {
    counter.stop();
    clearTimeout(timer);
    await prepared.stop();
    await lean.call('DeleteQueue', JSON.stringify({ QueueUrl })).catch(() => undefined);
    await lean.close();
  }
  const problem =
    outcome === 'late'
      ? `${messages - handled} not handled in ${Math.round(timeoutMs / 1000)} s`
      : left !== 0
        ? `${Number.isNaN(left) ? 'unknown number' : left} left in the queue`
        : duplicates > 0
          ? `${duplicates} handled twice`
          : undefined;
  return {
    handlerMs,
    messages,
    msgPerSecond: problem === undefined ? messages / seconds : undefined,
    seconds,
    cpuMicrosPerMessage: cpuMicros / Math.max(1, handled),
    requests,
    requestsPerMessage: totalRequests(requests) / messages,
    handled,
    duplicates,
    left,
    problem,
  };
}

/** Our emulator's CLI as its own process, answering every request after `latencyMs`. */
export function startLatencyServer(latencyMs: number): Promise<RunningServer> {
  return startServer(kitServer(latencyMs));
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  // The SDK's notice that it will drop Node 20 in 2027 says nothing about the benchmark.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const quick = process.argv.includes('--quick');
  const runSeconds = quick ? 2 : 5;
  const server = await startLatencyServer(LATENCY_MS);
  console.log(
    `consumers over HTTP, ${LATENCY_MS} ms per request (the emulator's --latency), node ${process.version}`,
  );
  const lineUp: ConsumerUnderTest[] = [
    kitConsumer('http', 10),
    kitConsumer('http', 100),
    ssutConsumer(true),
    sqsConsumer(false),
    sqsConsumer(true),
    squissConsumer(10),
    squissConsumer(100),
  ];
  let tag = 0;
  try {
    for (const handlerMs of [0, 50]) {
      for (const consumer of lineUp) {
        const ours = consumer.name.startsWith('kit');
        const c = consumer.concurrency;
        const limit = physicalLimit(c, Math.min(10, c), handlerMs, LATENCY_MS);
        // The peers keep one receive open at a time: size their backlog from that, not ours.
        const expected = ours ? limit : physicalLimit(Math.min(c, 10), 0, handlerMs, LATENCY_MS);
        const messages = Math.max(300, Math.round((expected * runSeconds) / 10) * 10);
        const run = await drainOverHttp(
          server,
          consumer,
          handlerMs,
          messages,
          `${tag++}-${Date.now().toString(36)}`,
          runSeconds * 6_000 + 10_000,
        );
        const rate = run.msgPerSecond;
        console.log(
          '  ' +
            [
              `${consumer.label}, c${c}`.padEnd(42),
              `${handlerMs} ms`.padStart(5),
              (rate === undefined
                ? '—'
                : `${Math.round(rate).toLocaleString('en-US')} msg/s`
              ).padStart(12),
              ours && rate !== undefined
                ? `${((rate / limit) * 100).toFixed(0)}% of ${Math.round(limit)}`.padEnd(14)
                : ''.padEnd(14),
              `${Math.round(run.cpuMicrosPerMessage)} µs CPU/msg`,
              `${run.requestsPerMessage.toFixed(3)} req/msg`,
              run.problem ? `FAILED: ${run.problem}` : 'ok',
            ].join('  '),
        );
      }
    }
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
