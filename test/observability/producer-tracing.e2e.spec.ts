import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SqsBatchSendError } from '../../src/errors/sqs-batch-send.error';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { getProducerToken } from '../../src/tokens/get-producer-token.util';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { OtelTestEnv } from '../support/observability/otel-env';
import { createTracedApp, type TracedApp } from '../support/observability/traced-app';

const QUEUES: SqsModuleOptions['queues'] = {
  orders: {},
  small: { attributes: { MaximumMessageSize: '1024' } },
};

function traceparentOf(span: ReadableSpan): string {
  const { traceId, spanId } = span.spanContext();
  return `00-${traceId}-${spanId}-01`;
}

describe('producer tracing', () => {
  let env: OtelTestEnv;
  let t: TracedApp | undefined;

  beforeEach(() => {
    env = new OtelTestEnv().installTracing();
  });

  afterEach(async () => {
    await t?.close();
    t = undefined;
    await env.uninstall();
  });

  async function boot(options: Partial<SqsModuleOptions> = {}): Promise<TracedApp> {
    t = await createTracedApp({ autoStartup: false, queues: QUEUES, ...options });
    return t;
  }

  const producer = (app: TracedApp, queue = 'orders') =>
    app.app.get<SqsProducer<unknown>>(getProducerToken(queue));

  describe('send', () => {
    it('records a PRODUCER span "send orders" with the messaging attributes and message id', async () => {
      const app = await boot();
      const { id } = await producer(app).send({ n: 1 });
      const span = await env.span('send orders');
      expect(span.kind).toBe(SpanKind.PRODUCER);
      expect(span.attributes).toMatchObject({
        'messaging.system': 'aws_sqs',
        'messaging.system.name': 'aws.sqs',
        'messaging.destination.name': 'orders',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.message.id': id,
        'aws.sqs.queue.url': app.sqs.queueUrl('orders'),
      });
      expect(span.attributes).not.toHaveProperty('messaging.batch.message_count');
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('puts the span context in the message as a traceparent attribute', async () => {
      const app = await boot();
      await producer(app).send({ n: 1 });
      const span = await env.span('send orders');
      expect(app.sqs.sent('orders')[0].attributes).toEqual({ traceparent: traceparentOf(span) });
    });

    it('makes the send span a child of the active span', async () => {
      const app = await boot();
      const { request } = await env.inRequest(() => producer(app).send({ n: 1 }));
      const span = await env.span('send orders');
      expect(span.spanContext().traceId).toBe(request.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    });

    it('carries the tracestate of the trace in a tracestate attribute', async () => {
      const app = await boot();
      const incoming = propagation.extract(ROOT_CONTEXT, {
        traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
        tracestate: 'vendor=opaque',
      });
      await context.with(incoming, () => producer(app).send({ n: 1 }));
      expect(app.sqs.sent('orders')[0].attributes).toMatchObject({
        traceparent: expect.stringMatching(new RegExp(`^00-${'a'.repeat(32)}-`)),
        tracestate: 'vendor=opaque',
      });
    });

    it('keeps a traceparent the caller set as the message creation context', async () => {
      const app = await boot();
      const own = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
      await producer(app).send({ n: 1 }, { attributes: { traceparent: own } });
      expect(app.sqs.sent('orders')[0].attributes.traceparent).toBe(own);
    });

    it('sends without the trace context, logging at debug level, when the message has 10 attributes', async () => {
      const debug = jest.fn();
      const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug };
      const app = await boot({ logger });
      const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'x']));
      await producer(app).send({ n: 1 }, { attributes });
      expect(Object.keys(app.sqs.sent('orders')[0].attributes)).toHaveLength(10);
      expect(debug).toHaveBeenCalledWith(
        "Tracing: message to queue 'orders' sent without its 'traceparent' attribute: it already has 10 message attributes (SQS allows 10).",
      );
    });

    it("sends without the trace context when it would pass the queue's maximum size", async () => {
      const app = await boot();
      await producer(app, 'small').send('x'.repeat(1000));
      expect(app.sqs.sent('small')[0].attributes).toEqual({});
    });

    it('marks a send that fails with ERROR status, the exception and error.type', async () => {
      const app = await boot();
      await expect(producer(app, 'small').send('x'.repeat(2000))).rejects.toThrow();
      const span = await env.span('send small');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('MessageTooLargeError');
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    });

    it('sets AWSTraceHeader in X-Ray format when awsTraceHeader is on', async () => {
      const app = await boot({ tracing: { awsTraceHeader: true } });
      await producer(app).send({ n: 1 });
      const { traceId, spanId } = (await env.span('send orders')).spanContext();
      const [queued] = app.sqs.emulator.peekMessages(app.sqs.queueUrl('orders'));
      expect(queued.traceHeader).toBe(
        `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${spanId};Sampled=1`,
      );
    });
  });

  describe('sendBatch', () => {
    it('records a CLIENT span with a PRODUCER "create" span per message', async () => {
      const app = await boot();
      const results = await producer(app).sendBatch([{ n: 1 }, { n: 2 }, { n: 3 }]);
      const send = await env.span('send orders');
      const creates = (await env.spans()).filter((s) => s.name === 'create orders');
      expect(send.kind).toBe(SpanKind.CLIENT);
      expect(send.attributes).toMatchObject({
        'messaging.operation.type': 'send',
        'messaging.batch.message_count': 3,
      });
      expect(creates).toHaveLength(3);
      for (const create of creates) {
        expect(create.kind).toBe(SpanKind.PRODUCER);
        expect(create.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
        expect(create.attributes['messaging.operation.type']).toBe('create');
      }
      expect(creates.map((c) => c.attributes['messaging.message.id']).sort()).toEqual(
        results.map((r) => (r.ok ? r.id : '')).sort(),
      );
      expect(send.links.map((l) => l.context.spanId).sort()).toEqual(
        creates.map((c) => c.spanContext().spanId).sort(),
      );
    });

    it("gives each message its own create span's context", async () => {
      const app = await boot();
      await producer(app).sendBatch([{ n: 1 }, { n: 2 }]);
      const creates = (await env.spans()).filter((s) => s.name === 'create orders');
      const byId = new Map(creates.map((c) => [c.attributes['messaging.message.id'], c]));
      const sent = app.sqs.sent('orders');
      // Two messages, two create spans: the loop below checks each, and cannot pass empty.
      expect(sent).toHaveLength(2);
      expect(creates).toHaveLength(2);
      for (const message of sent) {
        const create = byId.get(message.id);
        expect(create).toBeDefined();
        expect(message.attributes.traceparent).toBe(traceparentOf(create as ReadableSpan));
      }
    });

    it('marks the batch span failed with the count of failed messages', async () => {
      const app = await boot();
      await expect(
        producer(app, 'small').sendBatch(['ok', 'x'.repeat(2000), 'ok too']),
      ).rejects.toBeInstanceOf(SqsBatchSendError);
      const send = await env.span('send small');
      expect(send.status).toEqual({
        code: SpanStatusCode.ERROR,
        message: '1 of 3 messages failed',
      });
      expect(send.attributes['error.type']).toBe('MessageTooLargeError');
      expect((await env.spans()).filter((s) => s.name === 'create small')).toHaveLength(2);
    });
  });

  describe('when off', () => {
    it('records no span and adds no attribute with tracing: false', async () => {
      const app = await boot({ tracing: false });
      await producer(app).send({ n: 1 });
      await producer(app).sendBatch([{ n: 2 }]);
      expect(await env.spans()).toEqual([]);
      expect(app.sqs.sent('orders').map((m) => m.attributes)).toEqual([{}, {}]);
    });

    it('records no span and adds no attribute with tracing: { enabled: false }', async () => {
      const app = await boot({ tracing: { enabled: false } });
      await producer(app).send({ n: 1 });
      expect(await env.spans()).toEqual([]);
      expect(app.sqs.sent('orders')[0].attributes).toEqual({});
    });

    it('adds no attribute while no tracer provider is registered', async () => {
      const app = await boot();
      trace.disable();
      await producer(app).send({ n: 1 });
      expect(app.sqs.sent('orders')[0].attributes).toEqual({});
    });

    it('adds only AWSTraceHeader with messageAttributes: false', async () => {
      const app = await boot({ tracing: { messageAttributes: false, awsTraceHeader: true } });
      await producer(app).send({ n: 1 });
      const [queued] = app.sqs.emulator.peekMessages(app.sqs.queueUrl('orders'));
      expect(app.sqs.sent('orders')[0].attributes).toEqual({});
      expect(queued.traceHeader).toMatch(
        /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/,
      );
    });

    it('rejects a tracing option that is not a boolean or an object', async () => {
      await expect(boot({ tracing: 'yes' as never })).rejects.toThrow(
        "Invalid SqsModule options: 'tracing' must be true, false or an object of tracing options, got yes.",
      );
    });
  });
});
