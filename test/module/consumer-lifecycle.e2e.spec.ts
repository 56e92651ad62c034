import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { NoConsumerForQueueError } from '../../src/errors/no-consumer-for-queue.error';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';

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
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handlers: Handlers;
  let consumers: SqsConsumers;

  beforeEach(async () => {
    ({ app, sqs } = await compileKitApp({ autoStartup: false, queues: { orders: {}, audit: {} } }, [
      Handlers,
    ]));
    await app.init();
    handlers = app.get(Handlers);
    consumers = app.get(SqsConsumers);
    await sqs.send('orders', 'o1');
    await sqs.send('audit', 'a1');
    await sqs.advance(0);
  });

  afterEach(() => app.close());

  it('does not receive from a queue whose consumer is not auto-started', () => {
    expect(handlers.orders).toEqual([]);
    expect(sqs.emulator.pendingReceives(sqs.queueUrl('orders'))).toBe(0);
    expect(sqs.messages('orders')[0].state).toBe('visible');
  });

  it('starts a handler that overrides the module’s autoStartup', () => {
    expect(handlers.audits).toEqual(['a1']);
  });

  it('consumes after start(queue)', async () => {
    await consumers.start('orders');
    await sqs.waitFor('orders', (body) => body === 'o1', { advanceClock: false });
    expect(handlers.orders).toEqual(['o1']);
  });

  it('reports each consumer’s state in status()', async () => {
    await consumers.start('orders');
    await sqs.waitForIdle();
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
    expect(sqs.emulator.pendingReceives(sqs.queueUrl('audit'))).toBe(1);
    await consumers.stop('audit');
    expect(sqs.emulator.pendingReceives(sqs.queueUrl('audit'))).toBe(0);
    expect(consumers.status().find((s) => s.queue === 'audit')?.state).toBe('stopped');
    await sqs.send('audit', 'a2');
    await sqs.advance(0);
    expect(handlers.audits).toEqual(['a1']);
  });

  it('resumes after stop() then start()', async () => {
    await consumers.stop();
    await sqs.send('audit', 'a2');
    await consumers.start();
    await sqs.waitForIdle();
    expect(handlers.audits).toEqual(['a1', 'a2']);
    expect(handlers.orders).toEqual(['o1']);
  });

  it('rejects start() for a queue no handler consumes, naming the consumed ones', async () => {
    await expect(consumers.start('payments')).rejects.toThrow(NoConsumerForQueueError);
    await expect(consumers.start('payments')).rejects.toThrow(
      "No @SqsHandler consumes queue 'payments' (consumed queues: 'orders', 'audit').",
    );
  });
});
