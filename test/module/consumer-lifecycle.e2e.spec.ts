import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { NoConsumerForQueueError } from '../../src/errors/no-consumer-for-queue.error';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { createTestApp, type TestApp } from './support/test-app';
import { flush, until } from './support/virtual-time';

@Injectable()
class Handlers {
  readonly orders: unknown[] = [];
  readonly audits: unknown[] = [];

  @SqsHandler('orders')
  async onOrder(message: SqsMessage<unknown>): Promise<void> {
    this.orders.push(message.body);
  }

  @SqsHandler('audit', { autoStartup: true })
  async onAudit(message: SqsMessage<unknown>): Promise<void> {
    this.audits.push(message.body);
  }
}

describe('consumer lifecycle: autoStartup and SqsConsumers', () => {
  let t: TestApp;
  let handlers: Handlers;
  let consumers: SqsConsumers;

  beforeEach(async () => {
    t = await createTestApp({ autoStartup: false, queues: { orders: {}, audit: {} } }, [Handlers]);
    handlers = t.app.get(Handlers);
    consumers = t.app.get(SqsConsumers);
    await t.emulator.sendMessage({ QueueUrl: t.url('orders'), MessageBody: '"o1"' });
    await t.emulator.sendMessage({ QueueUrl: t.url('audit'), MessageBody: '"a1"' });
    await flush();
  });

  afterEach(() => t.close());

  it('does not receive from a queue whose consumer is not auto-started', () => {
    expect(handlers.orders).toEqual([]);
    expect(t.emulator.pendingReceives(t.url('orders'))).toBe(0);
    expect(t.emulator.peekMessages('orders')[0].state).toBe('visible');
  });

  it('starts a handler that overrides the module’s autoStartup', () => {
    expect(handlers.audits).toEqual(['a1']);
  });

  it('consumes after start(queue)', async () => {
    await consumers.start('orders');
    await until(t.clock, () => handlers.orders.length === 1, 'the handler');
    expect(handlers.orders).toEqual(['o1']);
  });

  it('reports each consumer’s state in status()', async () => {
    await consumers.start('orders');
    await until(t.clock, () => consumers.status()[0].processed === 1, 'the handler to finish');
    expect(consumers.status()).toEqual([
      expect.objectContaining({
        queue: 'orders',
        state: 'running',
        handlers: ['Handlers.onOrder'],
        processed: 1,
        concurrency: 10,
      }),
      expect.objectContaining({
        queue: 'audit',
        state: 'running',
        handlers: ['Handlers.onAudit'],
        processed: 1,
      }),
    ]);
  });

  it('stops receiving after stop(queue), closing its open long poll', async () => {
    expect(t.emulator.pendingReceives(t.url('audit'))).toBe(1);
    await consumers.stop('audit');
    expect(t.emulator.pendingReceives(t.url('audit'))).toBe(0);
    expect(consumers.status().find((s) => s.queue === 'audit')?.state).toBe('stopped');
    await t.emulator.sendMessage({ QueueUrl: t.url('audit'), MessageBody: '"a2"' });
    await flush();
    expect(handlers.audits).toEqual(['a1']);
  });

  it('resumes after stop() then start()', async () => {
    await consumers.stop();
    await t.emulator.sendMessage({ QueueUrl: t.url('audit'), MessageBody: '"a2"' });
    await consumers.start();
    await until(
      t.clock,
      () => handlers.audits.length === 2 && handlers.orders.length === 1,
      'both handlers',
    );
    expect(handlers.audits).toEqual(['a1', 'a2']);
  });

  it('rejects start() for a queue no handler consumes, naming the consumed ones', async () => {
    await expect(consumers.start('payments')).rejects.toThrow(NoConsumerForQueueError);
    await expect(consumers.start('payments')).rejects.toThrow(
      "No @SqsHandler consumes queue 'payments' (consumed queues: 'orders', 'audit').",
    );
  });
});
