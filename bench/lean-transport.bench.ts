/**
 * The `aws` backend's two transports side by side (issue 17): a kit consumer drains the same
 * backlog from our emulator over HTTP (its own process, no added latency) with
 * `awsTransport: 'sdk'` and with `awsTransport: 'lean'`, interleaved over several rounds.
 *   npm run bench:lean [-- --messages 20000 --rounds 3 --warmup 1 --concurrency 100]
 *
 * Each transport first drains `--warmup` backlogs unmeasured (interleaved too): the JIT takes
 * tens of thousands of messages to settle, and the first drains of either transport measure
 * that more than the transport. They are printed, marked, and left out of the medians.
 *
 * Reported per run: messages per second from the consumer's start until its handler has seen
 * every body; this process's CPU (the consumer's: user + system from `process.cpuUsage`) per
 * message over the same span; the SQS requests it sent per message; the server's CPU per message.
 * A run fails, and says why, unless every body reached the handler exactly once and the queue is
 * empty by the server's own counts afterwards (every delete really happened).
 */
import 'reflect-metadata';
import { Injectable, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { SqsAwsTransport } from '../src/backend/sqs-backend-options.interface';
import { SqsHandler } from '../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../src/module/sqs-consumers.service';
import { SqsModule } from '../src/module/sqs.module';
import { RawCodec } from '../src/producer/raw.codec';
import { LeanSqsClient } from './compare/clients/lean-workload';
import { fillQueueOverHttp } from './consumer-latency-http.bench';
import { LEFTOVER_ATTRIBUTES, messagesLeft } from './compare/clients/queue-leftovers';
import { SdkRequestCounter, totalRequests } from './compare/clients/request-counter';
import { kitServer, type RunningServer, startServer } from './compare/servers/server-process';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** The handler of the app being measured (one app at a time). */
let onBody: (body: string) => void = () => undefined;

@Injectable()
class LeanBenchHandler {
  @SqsHandler('bench')
  handle(message: SqsMessage<string>): void {
    onBody(message.body);
  }
}

interface Run {
  readonly transport: SqsAwsTransport;
  readonly msgPerSecond: number;
  readonly cpuMicrosPerMessage: number;
  readonly serverCpuMicrosPerMessage: number;
  readonly requestsPerMessage: number;
  readonly problem: string | undefined;
}

function argument(name: string, fallback: number, zeroAllowed = false): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new Error(`--${name} takes a ${zeroAllowed ? 'non-negative' : 'positive'} integer`);
  }
  return value;
}

/** Drains `messages` bodies with a kit consumer on `transport` and measures it. */
async function drain(
  server: RunningServer,
  http: LeanSqsClient,
  transport: SqsAwsTransport,
  messages: number,
  concurrency: number,
  tag: string,
): Promise<Run> {
  const queueName = `lean-bench-${tag}`;
  const QueueUrl = await fillQueueOverHttp(http, queueName, messages);
  const moduleRef = await Test.createTestingModule({
    imports: [
      SqsModule.forRoot({
        backend: 'aws',
        aws: { endpoint: server.endpoint, region: REGION, credentials: CREDENTIALS },
        awsTransport: transport,
        logger: false,
        autoStartup: false,
        queues: {
          bench: { name: queueName, codec: new RawCodec(), consumer: { concurrency } },
        },
      }),
    ],
    providers: [LeanBenchHandler],
  }).compile();
  moduleRef.useLogger(false);
  const app = await moduleRef.init();

  const seen = new Uint8Array(messages);
  let handled = 0;
  let duplicates = 0;
  let strays = 0;
  let allHandled: () => void = () => undefined;
  const done = new Promise<'done'>((resolve) => (allHandled = () => resolve('done')));
  onBody = (body) => {
    const n = Number(body);
    if (!Number.isInteger(n) || n < 0 || n >= messages) strays++;
    else if (seen[n]) duplicates++;
    else {
      seen[n] = 1;
      if (++handled === messages) allHandled();
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), 120_000);
  });
  const counter = new SdkRequestCounter();
  let outcome: 'done' | 'late' = 'late';
  let seconds = 0;
  let cpuMicros = 0;
  let serverCpu = 0;
  let requests: Record<string, number> = {};
  let left = Number.NaN;
  try {
    counter.start();
    const serverBefore = server.cpuSeconds() ?? Number.NaN;
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await app.get(SqsConsumers).start();
    outcome = await Promise.race([done, late]);
    seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    cpuMicros = cpu.user + cpu.system;
    serverCpu = (server.cpuSeconds() ?? Number.NaN) - serverBefore;
    requests = counter.stop();
    // The last deletes leave as the last handlers end: the queue must empty while the consumer
    // still runs.
    for (let i = 0; i < 50; i++) {
      const { Attributes } = await http.call<{ Attributes?: Record<string, string> }>(
        'GetQueueAttributes',
        JSON.stringify({ QueueUrl, AttributeNames: LEFTOVER_ATTRIBUTES }),
      );
      left = messagesLeft(Attributes);
      if (left === 0 || Number.isNaN(left)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    counter.stop();
    clearTimeout(timer);
    await app.close();
    onBody = () => undefined;
    await http.call('DeleteQueue', JSON.stringify({ QueueUrl })).catch(() => undefined);
  }
  const problem =
    outcome === 'late'
      ? `${messages - handled} not handled in 120 s`
      : duplicates > 0 || strays > 0
        ? `${duplicates} handled twice, ${strays} unknown bodies`
        : left !== 0
          ? `${Number.isNaN(left) ? 'an unknown number' : left} left in the queue`
          : undefined;
  return {
    transport,
    msgPerSecond: messages / seconds,
    cpuMicrosPerMessage: cpuMicros / messages,
    serverCpuMicrosPerMessage: (serverCpu * 1e6) / messages,
    requestsPerMessage: totalRequests(requests) / messages,
    problem,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function line(run: Run): string {
  return [
    run.transport.padEnd(5),
    `${Math.round(run.msgPerSecond).toLocaleString('en-US')} msg/s`.padStart(13),
    `${run.cpuMicrosPerMessage.toFixed(1)} µs CPU/msg`.padStart(17),
    `${run.requestsPerMessage.toFixed(3)} req/msg`,
    `server ${run.serverCpuMicrosPerMessage.toFixed(1)} µs CPU/msg`,
    run.problem ? `FAILED: ${run.problem}` : 'ok',
  ].join('  ');
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const messages = argument('messages', 20_000);
  const rounds = argument('rounds', 3);
  const warmup = argument('warmup', 1, true);
  const concurrency = argument('concurrency', 100);
  const server = await startServer(kitServer());
  const http = new LeanSqsClient(server.endpoint, 16);
  console.log(
    `kit consumer, aws backend, ${messages} messages, concurrency ${concurrency}, no handler work, ` +
      `emulator over HTTP (own process, no added latency), node ${process.version}`,
  );
  const runs: Run[] = [];
  try {
    for (let round = 1 - warmup; round <= rounds; round++) {
      // Interleaved, and each round starts with the other transport, so drift hits both.
      const order: SqsAwsTransport[] = round % 2 ? ['sdk', 'lean'] : ['lean', 'sdk'];
      for (const transport of order) {
        const tag = `${transport}-${round + warmup}-${Date.now().toString(36)}`;
        const run = await drain(server, http, transport, messages, concurrency, tag);
        // A warm-up counts only if it failed: that fails the whole bench.
        if (round > 0 || run.problem) runs.push(run);
        console.log(`  ${round > 0 ? `round ${round} ` : 'warm-up '}  ${line(run)}`);
      }
    }
  } finally {
    await http.close();
    await server.stop();
  }
  console.log('median of the rounds:');
  for (const transport of ['sdk', 'lean'] as const) {
    const mine = runs.filter((r) => r.transport === transport && !r.problem);
    console.log(
      `  ${transport.padEnd(5)}  ${Math.round(median(mine.map((r) => r.msgPerSecond))).toLocaleString('en-US')} msg/s` +
        `  ${median(mine.map((r) => r.cpuMicrosPerMessage)).toFixed(1)} µs CPU/msg` +
        `  (${mine.length} runs ok of ${rounds})`,
    );
  }
  if (runs.some((r) => r.problem !== undefined)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
