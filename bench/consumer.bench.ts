/**
 * End-to-end consumer throughput and latency on the memory backend, through a real Nest
 * application (ExternalContextCreator, the poll loop, batched deletes).
 *   node -r ts-node/register/transpile-only bench/consumer.bench.ts [--quick]
 * Prints msg/s for a no-op handler at concurrency 1, 10 and 100 (a backlog drained until every
 * message is deleted), and send→handler latency p50/p99 with an idle consumer waiting.
 * `latency` is exported for bench/compare.
 * `--tracing` instead compares the cost of the OpenTelemetry hooks (bench/tracing-overhead.part.ts).
 */
import 'reflect-metadata';
import { Injectable, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SqsEmulator } from '../src/emulator';
import { SqsHandler } from '../src/decorators/sqs-handler.decorator';
import { SqsConsumers } from '../src/module/sqs-consumers.service';
import { SqsModule } from '../src/module/sqs.module';
import { SqsQueues } from '../src/module/sqs-queues.service';

const quick = process.argv.includes('--quick');
const BACKLOG = quick ? 20_000 : 100_000;
const LATENCY_SAMPLES = quick ? 2_000 : 10_000;

let onMessage: () => void = () => undefined;

@Injectable()
class BenchHandler {
  @SqsHandler('bench')
  async handle(): Promise<void> {
    onMessage();
  }
}

async function createApp(concurrency: number) {
  const emulator = new SqsEmulator();
  const app = await Test.createTestingModule({
    imports: [
      SqsModule.forRoot({
        backend: 'memory',
        emulator,
        logger: false,
        autoStartup: false,
        queues: { bench: { consumer: { concurrency } } },
      }),
    ],
    providers: [BenchHandler],
  }).compile();
  app.useLogger(false);
  await app.init();
  const url = app.get(SqsQueues).url('bench');
  return { app, emulator, url, consumers: app.get(SqsConsumers) };
}

async function fill(emulator: SqsEmulator, url: string, count: number): Promise<void> {
  const body = JSON.stringify({ id: 'x'.repeat(64), total: 42 });
  for (let i = 0; i < count; i += 10) {
    const Entries = [];
    for (let j = 0; j < 10 && i + j < count; j++)
      Entries.push({ Id: String(j), MessageBody: body });
    await emulator.sendMessageBatch({ QueueUrl: url, Entries });
  }
}

export async function throughput(concurrency: number): Promise<number> {
  const { app, emulator, url, consumers } = await createApp(concurrency);
  await fill(emulator, url, BACKLOG);
  let handled = 0;
  const drained = new Promise<void>((resolve) => {
    const check = () => {
      const q = emulator.inspectQueues()[0];
      if (handled >= BACKLOG && q.visible === 0 && q.inflight === 0) resolve();
      else setImmediate(check);
    };
    onMessage = () => {
      handled++;
      if (handled === BACKLOG) setImmediate(check);
    };
  });
  const start = process.hrtime.bigint();
  await consumers.start();
  await drained;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await app.close();
  return BACKLOG / seconds;
}

/** Send → handler start latency in ms with an idle consumer (concurrency 10) waiting. */
export async function latency(
  samples = LATENCY_SAMPLES,
): Promise<{ p50: number; p99: number; samples: number[] }> {
  const { app, emulator, url, consumers } = await createApp(10);
  await consumers.start();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    // Let the consumer settle into its long poll before sending.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let sentAt = 0n;
    const handled = new Promise<void>((resolve) => {
      onMessage = () => {
        times.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
        resolve();
      };
    });
    sentAt = process.hrtime.bigint();
    await emulator.sendMessage({ QueueUrl: url, MessageBody: '{"n":1}' });
    await handled;
  }
  await app.close();
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), samples: times };
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  if (process.argv.includes('--tracing')) {
    const { tracingOverhead } = await import('./tracing-overhead.part');
    return tracingOverhead(throughput, quick);
  }
  console.log(
    `consumer bench (memory backend, no-op handler, backlog ${BACKLOG}, node ${process.version})`,
  );
  for (const concurrency of [1, 10, 100]) {
    await throughput(concurrency); // warm-up round, not reported
    const rate = await throughput(concurrency);
    console.log(
      `  concurrency ${String(concurrency).padStart(3)}: ${Math.round(rate).toLocaleString('en-US')} msg/s`,
    );
  }
  const { p50, p99 } = await latency();
  console.log(
    `  send→handler latency: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (${LATENCY_SAMPLES} samples)`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
