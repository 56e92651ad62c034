import { Body, Controller, Injectable, Post } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsModule } from '../../src/module/sqs.module';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { startSqsServer } from '../../src/server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';
import { OtelTestEnv } from '../support/observability/otel-env';

/**
 * Tracing across real wire protocols: the module's `aws` backend against the emulator served
 * over HTTP (the AWS SDK's JSON protocol), and an HTTP request into a Nest application whose
 * trace context arrives in a `traceparent` header.
 */

interface Order {
  id: number;
}

@Injectable()
class Orders {
  readonly seen: SqsMessage<Order>[] = [];

  constructor(@InjectSqsProducer('orders') readonly producer: SqsProducer<Order>) {}

  @SqsHandler('orders')
  async onOrder(message: SqsMessage<Order>): Promise<void> {
    this.seen.push(message);
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly orders: Orders) {}

  @Post()
  async place(@Body() order: Order): Promise<{ id: string }> {
    return this.orders.producer.send(order);
  }
}

/**
 * What an HTTP server instrumentation does: continue the caller's trace from the `traceparent`
 * header in a SERVER span, and run the request inside it.
 */
function tracingMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const span: Span = trace
    .getTracer('http')
    .startSpan(`${req.method} ${path}`, { kind: SpanKind.SERVER }, parent);
  res.on('finish', () => span.end());
  context.with(trace.setSpan(parent, span), next);
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Waits for real I/O (HTTP round trips) until `predicate` holds. Not a timing assumption. */
async function eventually(predicate: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('tracing over HTTP', () => {
  let env: OtelTestEnv;
  let server: SqsServerHandle;
  let emulator: SqsEmulator;
  let module: TestingModule | undefined;
  let app: INestApplication | undefined;

  beforeEach(async () => {
    env = new OtelTestEnv().installTracing();
    emulator = new SqsEmulator({ clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    server = await startSqsServer({ emulator, port: 0 });
  });

  afterEach(async () => {
    await app?.close();
    await module?.close();
    app = module = undefined;
    await server.close();
    await env.uninstall();
  });

  async function boot(options: Partial<SqsModuleOptions> = {}): Promise<TestingModule> {
    module = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws: { endpoint: server.url, region: 'us-east-1', credentials },
          logger: false,
          queues: { orders: { create: true } },
          ...options,
        }),
      ],
      controllers: [OrdersController],
      providers: [Orders],
    }).compile();
    module.useLogger(false);
    return module;
  }

  async function processed(count = 1) {
    await eventually(
      () =>
        env.exporter.getFinishedSpans().filter((s) => s.name === 'process orders').length >= count,
      'the process span',
    );
    return {
      send: await env.span('send orders'),
      process: await env.span('process orders'),
    };
  }

  it('connects the producer span to the consumer span through the AWS JSON protocol', async () => {
    const orders = (await (await boot()).init()).get(Orders);
    await orders.producer.send({ id: 1 });
    const { send, process } = await processed();
    expect(orders.seen[0].attributes.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(process.spanContext().traceId).toBe(send.spanContext().traceId);
    expect(process.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
  });

  it('connects them through the AWSTraceHeader system attribute alone', async () => {
    const tracing = { messageAttributes: false, awsTraceHeader: true };
    const orders = (await (await boot({ tracing })).init()).get(Orders);
    await orders.producer.send({ id: 1 });
    const { send, process } = await processed();
    expect(orders.seen[0].attributes).toEqual({});
    expect(orders.seen[0].raw.Attributes?.AWSTraceHeader).toMatch(/^Root=1-/);
    expect(process.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
  });

  it('puts a message sent while handling an HTTP request in the trace of its traceparent header', async () => {
    app = (await boot()).createNestApplication({ logger: false });
    app.use(tracingMiddleware);
    await app.listen(0, '127.0.0.1');
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${await app.getUrl()}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ id: 7 }),
    });
    expect(response.status).toBe(201);
    const { send, process } = await processed();
    const request = await env.span('POST /orders');
    expect(request.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(send.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(process.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect([request, send, process].map((s) => s.spanContext().traceId)).toEqual([
      callerTraceId,
      callerTraceId,
      callerTraceId,
    ]);
  });
});
