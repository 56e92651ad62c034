/**
 * Consumers under AWS-like latency over HTTP, beside other libraries: our emulator runs as its
 * own process with `--latency 25` (every request answered after 25 ms), and each consumer drains
 * the same backlog through its own SDK client, with a no-op and a 50 ms handler.
 *   npm run bench:latency:http [-- --quick]
 *
 * Every body must be handled (duplicates are counted) and the queue must be empty by the
 * server's own counts, or the run is reported as failed. CPU is this process's (the consumer's)
 * per handled message. The limit column is our consumer's (see bench/consumer-latency.bench.ts);
 * the other libraries have their own.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { LeanSqsClient } from './compare/clients/lean-workload';
import { LEFTOVER_ATTRIBUTES, messagesLeft } from './compare/clients/queue-leftovers';
import type { ConsumerUnderTest } from './compare/consumers/consumer-under-test.interface';
import { kitConsumer } from './compare/consumers/kit.consumer';
import { sqsConsumer } from './compare/consumers/sqs-consumer.consumer';
import { ssutConsumer } from './compare/consumers/ssut.consumer';
import { kitServer, type RunningServer, startServer } from './compare/servers/server-process';
import { physicalLimit } from './consumer-latency.bench';

const quick = process.argv.includes('--quick');
const LATENCY_MS = 25;
const RUN_SECONDS = quick ? 2 : 5;

interface HttpRun {
  readonly label: string;
  readonly settings: string;
  readonly handlerMs: number;
  readonly messages: number;
  readonly msgPerSecond: number | undefined;
  readonly cpuMicrosPerMessage: number;
  readonly problem: string | undefined;
}

async function drain(
  server: RunningServer,
  consumer: ConsumerUnderTest,
  handlerMs: number,
  messages: number,
  tag: string,
): Promise<HttpRun> {
  const lean = new LeanSqsClient(server.endpoint, 16);
  const queueName = `lat-${tag}`;
  const { QueueUrl } = await lean.call<{ QueueUrl: string }>(
    'CreateQueue',
    JSON.stringify({ QueueName: queueName }),
  );
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < messages; i += 10) {
    const Entries = Array.from({ length: Math.min(10, messages - i) }, (_, j) => ({
      Id: String(j),
      MessageBody: String(i + j),
    }));
    sends.push(lean.call('SendMessageBatch', JSON.stringify({ QueueUrl, Entries })));
    if (sends.length === 64) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
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
      seen[n] = 1;
      if (++handled === messages) allHandled();
    },
  );
  const deadline = new Promise<'late'>((resolve) =>
    setTimeout(() => resolve('late'), RUN_SECONDS * 6_000).unref(),
  );
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await prepared.start();
  const outcome = await Promise.race([done.then(() => 'done' as const), deadline]);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // The last deletes are on their way when the last handler ends: wait for the queue to be empty
  // by the server's counts while the consumer still runs (some libraries drop pending deletes
  // when they stop), then stop it.
  let left = Infinity;
  for (let i = 0; i < 50 && left > 0; i++) {
    const { Attributes } = await lean.call<{ Attributes?: Record<string, string> }>(
      'GetQueueAttributes',
      JSON.stringify({ QueueUrl, AttributeNames: LEFTOVER_ATTRIBUTES }),
    );
    left = messagesLeft(Attributes);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await prepared.stop();
  await lean.close();
  const problem =
    outcome === 'late'
      ? `${messages - handled} not handled in time`
      : left > 0
        ? `${left} left in the queue`
        : duplicates > 0
          ? `${duplicates} handled twice`
          : undefined;
  return {
    label: consumer.label,
    settings: consumer.settings,
    handlerMs,
    messages,
    msgPerSecond: outcome === 'done' ? messages / seconds : undefined,
    cpuMicrosPerMessage: (cpu.user + cpu.system) / Math.max(1, handled),
    problem,
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const spec = kitServer();
  const server = await startServer({
    ...spec,
    args: [...spec.args, '--latency', String(LATENCY_MS)],
    how: `${spec.how} --latency ${LATENCY_MS}`,
  });
  console.log(
    `consumers over HTTP, ${LATENCY_MS} ms per request (the emulator's --latency), node ${process.version}`,
  );
  const lineUp: [ConsumerUnderTest, number][] = [
    [kitConsumer('http', 10), 10],
    [kitConsumer('http', 100), 100],
    [ssutConsumer(true), 10],
    [sqsConsumer(false), 10],
    [sqsConsumer(true), 10],
  ];
  let tag = 0;
  try {
    for (const handlerMs of [0, 50]) {
      for (const [consumer, concurrency] of lineUp) {
        const ours = consumer.name.startsWith('kit');
        const limit = physicalLimit(concurrency, Math.min(10, concurrency), handlerMs, LATENCY_MS);
        const messages = Math.max(300, Math.round((limit * RUN_SECONDS) / 10) * 10);
        const run = await drain(server, consumer, handlerMs, messages, String(tag++));
        const rate = run.msgPerSecond;
        console.log(
          '  ' +
            [
              `${run.label}, c${concurrency}`.padEnd(42),
              `${handlerMs} ms`.padStart(5),
              (rate === undefined
                ? '—'
                : `${Math.round(rate).toLocaleString('en-US')} msg/s`
              ).padStart(12),
              ours && rate !== undefined
                ? `${((rate / limit) * 100).toFixed(0)}% of ${Math.round(limit)}`.padEnd(14)
                : ''.padEnd(14),
              `${Math.round(run.cpuMicrosPerMessage)} µs CPU/msg`,
              run.problem ? `FAILED: ${run.problem}` : 'ok',
            ].join('  '),
        );
      }
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
