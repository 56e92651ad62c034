import { Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import type { SqsBatchResult, SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { getProducerToken } from '../../src/tokens/get-producer-token.util';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { OtelTestEnv } from '../support/observability/otel-env';
import { createTracedApp, type TracedApp } from '../support/observability/traced-app';

interface Order {
  id: number;
  fail?: boolean;
  hang?: boolean;
}

@Injectable()
class OrdersHandler {
  constructor(@InjectSqsProducer('invoices') private readonly invoices: SqsProducer<Order>) {}

  @SqsHandler('orders', { backoff: () => 5, timeoutMs: 10_000 })
  async onOrder(message: SqsMessage<Order>): Promise<void> {
    const { id, fail, hang } = message.body;
    if (fail) throw new Error(`order ${id} failed`);
    if (hang) {
      await new Promise((_, reject) =>
        message.signal.addEventListener('abort', () => reject(message.signal.reason)),
      );
    }
    await trace.getTracer('app').startActiveSpan('charge card', async (span) => {
      await this.invoices.send({ id });
      span.end();
    });
  }
}

@Injectable()
class InvoicesHandler {
  @SqsHandler('invoices')
  async onInvoice(): Promise<void> {}
}

@Injectable()
class BatchHandler {
  @SqsHandler('payments', { batch: true })
  async onPayments(messages: SqsMessage<Order>[]): Promise<SqsBatchResult> {
    return { failed: messages.filter((m) => m.body.fail) };
  }
}

const QUEUES: SqsModuleOptions['queues'] = {
  orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 } },
  'orders-dlq': {},
  invoices: {},
  payments: { consumer: { autoStartup: false } },
};

describe('consumer tracing', () => {
  let env: OtelTestEnv;
  let t: TracedApp;

  beforeEach(async () => {
    env = new OtelTestEnv().installTracing();
    t = await createTracedApp({ queues: QUEUES }, [OrdersHandler, InvoicesHandler, BatchHandler]);
  });

  afterEach(async () => {
    await t.close();
    await env.uninstall();
  });

  /** Sends through the application's own (traced) producer. */
  const sendTo = (queue: string, body: Order) =>
    t.app.get<SqsProducer<Order>>(getProducerToken(queue)).send(body);

  const processSpans = async (queue: string) =>
    (await env.spans()).filter((s) => s.name === `process ${queue}`);

  it('processes a message sent inside a request span in the same trace, as a child of the send span', async () => {
    const { request } = await env.inRequest(() => sendTo('orders', { id: 1 }));
    await t.sqs.waitFor('orders', (o: Order) => o.id === 1);
    const send = await env.span('send orders');
    const [process] = await processSpans('orders');
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(process.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
  });

  it('records the messaging attributes, the handler and the receive count', async () => {
    const { id } = await sendTo('orders', { id: 1 });
    await t.sqs.waitFor('orders', () => true);
    const [process] = await processSpans('orders');
    expect(process.attributes).toMatchObject({
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': 'orders',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.message.id': id,
      'code.function.name': 'OrdersHandler.onOrder',
      'sqs.message.receive_count': 1,
      'sqs.outcome': 'processed',
    });
    expect(process.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('links the process span to the message creation context', async () => {
    const { id } = await sendTo('orders', { id: 1 });
    await t.sqs.waitFor('orders', () => true);
    const send = await env.span('send orders');
    const [process] = await processSpans('orders');
    expect(process.links).toEqual([
      {
        context: expect.objectContaining({ spanId: send.spanContext().spanId, isRemote: true }),
        attributes: { 'messaging.message.id': id },
      },
    ]);
  });

  it("nests the handler's own spans, and its sends, under the process span", async () => {
    await sendTo('orders', { id: 1 });
    await t.sqs.waitFor('invoices', () => true);
    const [process] = await processSpans('orders');
    const charge = await env.span('charge card');
    const sendInvoice = await env.span('send invoices');
    const [processInvoice] = await processSpans('invoices');
    expect(charge.parentSpanContext?.spanId).toBe(process.spanContext().spanId);
    expect(sendInvoice.parentSpanContext?.spanId).toBe(charge.spanContext().spanId);
    expect(processInvoice.parentSpanContext?.spanId).toBe(sendInvoice.spanContext().spanId);
    expect(processInvoice.spanContext().traceId).toBe(process.spanContext().traceId);
  });

  it("marks a failing handler's span with ERROR status, the exception and outcome failed", async () => {
    await sendTo('orders', { id: 1, fail: true });
    await t.sqs.waitFor('orders', () => true, { outcome: 'failed' });
    const [process] = await processSpans('orders');
    expect(process.status).toEqual({ code: SpanStatusCode.ERROR, message: 'order 1 failed' });
    expect(process.attributes).toMatchObject({ 'sqs.outcome': 'failed', 'error.type': 'Error' });
    expect(process.events).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: expect.objectContaining({ 'exception.message': 'order 1 failed' }),
      }),
    ]);
  });

  it('marks the last failed attempt dead_lettered, with its receive count', async () => {
    await sendTo('orders', { id: 1, fail: true });
    await t.sqs.waitFor('orders', () => true, { outcome: 'dead-lettered' });
    const attempts = (await processSpans('orders')).map((s) => s.attributes);
    expect(attempts).toEqual([
      expect.objectContaining({ 'sqs.message.receive_count': 1, 'sqs.outcome': 'failed' }),
      expect.objectContaining({ 'sqs.message.receive_count': 2, 'sqs.outcome': 'dead_lettered' }),
    ]);
  });

  it('ends the span of a handler that runs past its timeout, as failed', async () => {
    await sendTo('orders', { id: 1, hang: true });
    await t.sqs.waitFor('orders', () => true, { outcome: 'failed' });
    const [process] = await processSpans('orders');
    expect(process.status.code).toBe(SpanStatusCode.ERROR);
    expect(process.attributes['error.type']).toBe('HandlerTimeoutError');
  });

  it('starts a new trace for a message without a trace context', async () => {
    await t.sqs.emulator.sendMessage({
      QueueUrl: t.sqs.queueUrl('orders'),
      MessageBody: '{"id":1}',
    });
    await t.sqs.waitFor('orders', () => true);
    const [process] = await processSpans('orders');
    expect(process.parentSpanContext).toBeUndefined();
    expect(process.links).toEqual([]);
  });

  it('continues the trace of an AWSTraceHeader when the message has no traceparent', async () => {
    const traceId = '5759e988bd862e3fe1be46a994272793';
    await t.sqs.emulator.sendMessage({
      QueueUrl: t.sqs.queueUrl('orders'),
      MessageBody: '{"id":1}',
      MessageSystemAttributes: {
        AWSTraceHeader: {
          DataType: 'String',
          StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
        },
      },
    });
    await t.sqs.waitFor('orders', () => true);
    const [process] = await processSpans('orders');
    expect(process.spanContext().traceId).toBe(traceId);
    expect(process.parentSpanContext?.spanId).toBe('53995c3f42cd8ad8');
  });

  describe('batch handlers', () => {
    async function runBatch(orders: Order[]): Promise<void> {
      for (const order of orders) await sendTo('payments', order);
      await t.app.get(SqsConsumers).start('payments');
      await t.sqs.waitForIdle();
    }

    it("processes a batch in one span linked to each message's creation context", async () => {
      await runBatch([{ id: 1 }, { id: 2 }, { id: 3 }]);
      const [process] = await processSpans('payments');
      const sends = (await env.spans()).filter((s) => s.name === 'send payments');
      expect(sends).toHaveLength(3);
      expect(process.kind).toBe(SpanKind.CONSUMER);
      expect(process.parentSpanContext).toBeUndefined();
      expect(process.attributes).toMatchObject({
        'messaging.batch.message_count': 3,
        'code.function.name': 'BatchHandler.onPayments',
        'sqs.outcome': 'processed',
        'sqs.batch.failed_count': 0,
      });
      expect(process.links.map((l) => l.context.spanId).sort()).toEqual(
        sends.map((s) => s.spanContext().spanId).sort(),
      );
      expect(process.links.map((l) => l.attributes?.['messaging.message.id']).sort()).toEqual(
        t.sqs
          .sent('payments')
          .map((m) => m.id)
          .sort(),
      );
    });

    it('records each failed message of a batch as an event, with ERROR status', async () => {
      await runBatch([{ id: 1 }, { id: 2, fail: true }]);
      const [process] = await processSpans('payments');
      const failedId = t.sqs.sent('payments')[1].id;
      expect(process.status).toEqual({
        code: SpanStatusCode.ERROR,
        message: '1 of 2 messages failed',
      });
      expect(process.attributes['sqs.batch.failed_count']).toBe(1);
      expect(process.events).toEqual([
        expect.objectContaining({
          name: 'message failed',
          attributes: {
            'messaging.message.id': failedId,
            'sqs.message.receive_count': 1,
            'sqs.outcome': 'failed',
          },
        }),
      ]);
    });
  });
});

describe('consumer tracing off', () => {
  let env: OtelTestEnv;

  beforeEach(() => {
    env = new OtelTestEnv().installTracing();
  });

  afterEach(() => env.uninstall());

  it('records no span with tracing: false', async () => {
    const t = await createTracedApp({ queues: QUEUES, tracing: false }, [
      OrdersHandler,
      InvoicesHandler,
      BatchHandler,
    ]);
    await t.app.get<SqsProducer<Order>>(getProducerToken('orders')).send({ id: 1 });
    await t.sqs.waitFor('invoices', () => true);
    await t.close();
    expect((await env.spans()).map((s) => s.name)).toEqual(['charge card']);
  });
});
