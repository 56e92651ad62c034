/**
 * What the OpenTelemetry hooks cost, for `bench/consumer.bench.ts --tracing`:
 *   node -r ts-node/register/transpile-only bench/consumer.bench.ts --tracing [--quick]
 * Consumer throughput (no-op handler, concurrency 10, a backlog drained) and producer sends/s
 * (one `send` at a time) in four set-ups, interleaved round by round, median of the rounds, and
 * the cost per message against the first:
 * - `@opentelemetry/api` not installed (its resolution is blocked while the app boots);
 * - the API installed and no provider registered (an app without the OpenTelemetry SDK);
 * - a tracer provider registered (spans to a batch processor whose exporter drops them);
 * - tracer and meter providers registered.
 */
import 'reflect-metadata';
import Module from 'node:module';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { Test } from '@nestjs/testing';
import { SqsEmulator } from '../src/emulator';
import { getProducerToken } from '../src/tokens/get-producer-token.util';
import { SqsModule } from '../src/module/sqs.module';
import type { SqsProducer } from '../src/producer/sqs-producer';

/** Consumer throughput in msg/s at `concurrency` (bench/consumer.bench.ts). */
type Throughput = (concurrency: number) => Promise<number>;

interface SetUp {
  readonly name: string;
  install(): void;
  uninstall(): Promise<void>;
}

const resolver = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
};
const resolveFilename = resolver._resolveFilename;

/** Makes `require('@opentelemetry/api')` fail as it does where the package is not installed. */
function blockOpenTelemetryApi(block: boolean): void {
  resolver._resolveFilename = block
    ? function (this: unknown, request: string, ...rest: unknown[]): string {
        if (request === '@opentelemetry/api') {
          throw Object.assign(new Error(`Cannot find module '${request}'`), {
            code: 'MODULE_NOT_FOUND',
          });
        }
        return resolveFilename.call(this, request, ...rest);
      }
    : resolveFilename;
}

const dropSpans: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

function setUps(): SetUp[] {
  let tracer: BasicTracerProvider | undefined;
  let meter: MeterProvider | undefined;
  const registerTracer = () => {
    tracer = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] });
    trace.setGlobalTracerProvider(tracer);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  };
  const unregister = async () => {
    trace.disable();
    context.disable();
    metrics.disable();
    await tracer?.shutdown();
    await meter?.shutdown();
    tracer = meter = undefined;
  };
  return [
    {
      name: 'API not installed',
      install: () => blockOpenTelemetryApi(true),
      uninstall: async () => blockOpenTelemetryApi(false),
    },
    { name: 'API, no provider', install: () => undefined, uninstall: async () => undefined },
    { name: 'tracer provider', install: registerTracer, uninstall: unregister },
    {
      name: 'tracer + meter',
      install: () => {
        registerTracer();
        meter = new MeterProvider();
        metrics.setGlobalMeterProvider(meter);
      },
      uninstall: unregister,
    },
  ];
}

/** Sends `count` messages one at a time through the module's producer; sends/s. */
async function sendRate(count: number): Promise<number> {
  const app = await Test.createTestingModule({
    imports: [
      SqsModule.forRoot({
        backend: 'memory',
        emulator: new SqsEmulator(),
        logger: false,
        queues: { bench: {} },
      }),
    ],
  }).compile();
  await app.init();
  const producer = app.get<SqsProducer<{ n: number }>>(getProducerToken('bench'));
  const start = process.hrtime.bigint();
  for (let n = 0; n < count; n++) await producer.send({ n });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await app.close();
  return count / seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const rate = (value: number) => Math.round(value).toLocaleString('en-US').padStart(8);

export async function tracingOverhead(throughput: Throughput, quick: boolean): Promise<void> {
  const rounds = quick ? 3 : 5;
  const sends = quick ? 5_000 : 20_000;
  const modes = setUps();
  const consumed = new Map<string, number[]>(modes.map((m) => [m.name, []]));
  const sent = new Map<string, number[]>(modes.map((m) => [m.name, []]));
  console.log(
    `tracing overhead (memory backend, no-op handler, concurrency 10, ${rounds} rounds, ` +
      `median; node ${process.version})`,
  );
  for (let round = 0; round <= rounds; round++) {
    // Each round starts with a different set-up, so none always runs on a cold or warm process.
    for (const mode of modes.map((_, i) => modes[(i + round) % modes.length])) {
      mode.install();
      try {
        const c = await throughput(10);
        const s = await sendRate(sends);
        // Round 0 warms every path up and is not reported.
        if (round > 0) {
          consumed.get(mode.name)?.push(c);
          sent.get(mode.name)?.push(s);
        }
      } finally {
        await mode.uninstall();
      }
    }
  }
  const base = median(consumed.get(modes[0].name) ?? []);
  const baseSends = median(sent.get(modes[0].name) ?? []);
  for (const mode of modes) {
    const c = median(consumed.get(mode.name) ?? []);
    const s = median(sent.get(mode.name) ?? []);
    // Cost per message against the first set-up, in microseconds.
    const vs = (value: number, reference: number) => {
      const us = 1e6 / value - 1e6 / reference;
      return `${us >= 0 ? '+' : ''}${us.toFixed(1)} µs`;
    };
    console.log(
      `  ${mode.name.padEnd(18)} consume ${rate(c)} msg/s (${vs(c, base).padStart(9)})` +
        `   send ${rate(s)} msg/s (${vs(s, baseSends).padStart(9)})`,
    );
  }
}
