import { Injectable } from '@nestjs/common';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { createTestApp, type TestApp } from './support/test-app';
import { advance, until } from './support/virtual-time';

@Injectable()
class FailingHandler {
  readonly attempts: number[] = [];

  @SqsHandler('orders', { backoff: (receiveCount) => receiveCount * 10 })
  async onOrder(message: SqsMessage<unknown>): Promise<void> {
    this.attempts.push(message.receiveCount);
    throw new Error('payment service down');
  }
}

describe('consumer: a failing handler', () => {
  let t: TestApp;
  let handler: FailingHandler;
  const events: {
    failed: SqsEventMap['messageFailed'][];
    dead: SqsEventMap['messageDeadLettered'][];
  } = {
    failed: [],
    dead: [],
  };

  beforeEach(async () => {
    events.failed.length = 0;
    events.dead.length = 0;
    t = await createTestApp(
      {
        queues: {
          orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
          'orders-dlq': {},
        },
      },
      [FailingHandler],
      false,
    );
    const sqsEvents = t.app.get(SqsEvents);
    sqsEvents.on('messageFailed', (e) => events.failed.push(e));
    sqsEvents.on('messageDeadLettered', (e) => events.dead.push(e));
    await t.app.init();
    handler = t.app.get(FailingHandler);
    await t.emulator.sendMessage({ QueueUrl: t.url('orders'), MessageBody: '{"id":1}' });
    await until(t.clock, () => handler.attempts.length === 1, 'the first attempt');
  });

  afterEach(() => t.close());

  it('keeps the message invisible for the backoff delay after a failure', async () => {
    await until(t.clock, () => events.failed.length === 1, 'the failure');
    const [message] = t.emulator.peekMessages('orders');
    expect(message).toMatchObject({
      state: 'inflight',
      receiveCount: 1,
      visibleAt: t.clock.now() + 10_000,
    });
    expect(events.failed[0]).toMatchObject({
      queue: 'orders',
      handler: 'FailingHandler.onOrder',
      retryDelaySeconds: 10,
    });
  });

  it('retries after the delay with the next receive count', async () => {
    await advance(t.clock, 9_999);
    expect(handler.attempts).toEqual([1]);
    await advance(t.clock, 1);
    expect(handler.attempts).toEqual([1, 2]);
  });

  it('moves the message to the dead-letter queue after maxReceiveCount attempts', async () => {
    await advance(t.clock, 10_000);
    await advance(t.clock, 20_000);
    expect(handler.attempts).toEqual([1, 2, 3]);
    // The last attempt puts the message back at once, so the next receive dead-letters it.
    await until(
      t.clock,
      () => t.emulator.peekMessages('orders-dlq').length === 1,
      'the dead-letter move',
    );
    expect(t.emulator.peekMessages('orders')).toEqual([]);
    expect(t.emulator.peekMessages('orders-dlq')[0]).toMatchObject({
      body: '{"id":1}',
      receiveCount: 3,
    });
    expect(handler.attempts).toEqual([1, 2, 3]);
  });

  it('emits messageDeadLettered on the last attempt, with the DLQ arn', async () => {
    await advance(t.clock, 10_000);
    await advance(t.clock, 20_000);
    await until(t.clock, () => events.dead.length === 1, 'the dead-letter event');
    expect(events.dead[0]).toMatchObject({
      queue: 'orders',
      handler: 'FailingHandler.onOrder',
      deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
    });
    expect((events.dead[0].error as Error).message).toBe('payment service down');
    expect(events.dead[0].message.receiveCount).toBe(3);
  });
});
