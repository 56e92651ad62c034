import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsEvents } from '../../src/consumer/sqs-events';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsEventMap } from '../../src/interfaces/sqs-events.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

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
  let app: TestingModule;
  let sqs: SqsTestHarness;
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
    ({ app, sqs } = await compileKitApp(
      {
        queues: {
          orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
          'orders-dlq': {},
        },
      },
      [FailingHandler],
    ));
    const sqsEvents = app.get(SqsEvents);
    sqsEvents.on('messageFailed', (e) => events.failed.push(e));
    sqsEvents.on('messageDeadLettered', (e) => events.dead.push(e));
    await app.init();
    handler = app.get(FailingHandler);
    await sqs.send('orders', { id: 1 });
    await turnUntil(sqs, () => handler.attempts.length === 1, 'the first attempt');
  });

  afterEach(() => app.close());

  it('keeps the message invisible for the backoff delay after a failure', async () => {
    await turnUntil(sqs, () => events.failed.length === 1, 'the failure');
    const [message] = sqs.messages('orders');
    expect(message).toMatchObject({
      state: 'inflight',
      receiveCount: 1,
      visibleAt: new Date(sqs.clock.now() + 10_000),
    });
    expect(events.failed[0]).toMatchObject({
      queue: 'orders',
      handler: 'FailingHandler.onOrder',
      retryDelaySeconds: 10,
    });
  });

  it('retries after the delay with the next receive count', async () => {
    await sqs.advance(9_999);
    expect(handler.attempts).toEqual([1]);
    await sqs.advance(1);
    expect(handler.attempts).toEqual([1, 2]);
  });

  it('moves the message to the dead-letter queue after maxReceiveCount attempts', async () => {
    await sqs.advance(10_000);
    await sqs.advance(20_000);
    expect(handler.attempts).toEqual([1, 2, 3]);
    // The last attempt puts the message back at once, so the next receive dead-letters it.
    await sqs.waitFor('orders', () => true, { outcome: 'dead-lettered', advanceClock: false });
    expect(sqs.messages('orders')).toEqual([]);
    expect(sqs.deadLetters('orders')).toEqual([
      expect.objectContaining({ rawBody: '{"id":1}', receiveCount: 3 }),
    ]);
    expect(handler.attempts).toEqual([1, 2, 3]);
  });

  it('emits messageDeadLettered on the last attempt, with the DLQ arn', async () => {
    await sqs.advance(10_000);
    await sqs.advance(20_000);
    await turnUntil(sqs, () => events.dead.length === 1, 'the dead-letter event');
    expect(events.dead[0]).toMatchObject({
      queue: 'orders',
      handler: 'FailingHandler.onOrder',
      deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
    });
    expect((events.dead[0].error as Error).message).toBe('payment service down');
    expect(events.dead[0].message.receiveCount).toBe(3);
  });
});
