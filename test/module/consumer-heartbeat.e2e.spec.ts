import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { deferred, type Deferred } from '../support/deferred';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

@Injectable()
class SlowHandler {
  readonly calls: SqsMessage<unknown>[] = [];
  done: Deferred = deferred();

  @SqsHandler('reports')
  async onReport(message: SqsMessage<unknown>): Promise<void> {
    this.calls.push(message);
    await this.done.promise;
  }
}

describe('consumer: heartbeat', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: SlowHandler;

  async function start(visibilityTimeout: string, heartbeat?: false): Promise<void> {
    ({ app, sqs } = await compileKitApp(
      {
        queues: {
          reports: {
            attributes: { VisibilityTimeout: visibilityTimeout },
            ...(heartbeat === false ? { consumer: { heartbeat: false } } : {}),
          },
        },
      },
      [SlowHandler],
    ));
    await app.init();
    handler = app.get(SlowHandler);
    await sqs.send('reports', {});
    await turnUntil(sqs, () => handler.calls.length === 1, 'the handler');
  }

  afterEach(async () => {
    handler.done.resolve();
    await app.close();
  });

  it('extends visibility at half the timeout, from the time of the extension', async () => {
    await start('30');
    await sqs.advance(15_000);
    expect(sqs.messages('reports')[0]).toMatchObject({
      state: 'inflight',
      visibleAt: new Date(sqs.clock.now() + 30_000),
    });
  });

  it('keeps a slow handler’s message invisible long past the visibility timeout', async () => {
    await start('30');
    for (let i = 0; i < 20; i++) await sqs.advance(10_000);
    expect(handler.calls).toHaveLength(1);
    expect(sqs.messages('reports')[0]).toMatchObject({
      state: 'inflight',
      receiveCount: 1,
    });
  });

  it('deletes the message when the slow handler finally succeeds', async () => {
    await start('30');
    await sqs.advance(100_000);
    handler.done.resolve();
    await sqs.waitForIdle();
    expect(sqs.outcomes('reports')).toMatchObject([{ outcome: 'processed', receiveCount: 1 }]);
    expect(sqs.messages('reports')).toEqual([]);
  });

  it('lets SQS redeliver a slow message when the heartbeat is off, without a second run', async () => {
    await start('30', false);
    await sqs.advance(30_000);
    // SQS handed it out again, to this consumer: the attempt under way takes the new delivery.
    expect(sqs.messages('reports')[0]).toMatchObject({ receiveCount: 2 });
    expect(handler.calls).toHaveLength(1);
    expect(handler.calls[0].receiveCount).toBe(2);
    handler.done.resolve();
    // The delete uses the new receipt handle, so it takes effect.
    await sqs.waitForIdle();
    expect(sqs.messages('reports')).toEqual([]);
  });

  it('stops extending at SQS’s 12-hour limit, and the redelivery joins the attempt under way', async () => {
    await start('3600');
    for (let beat = 0; beat < 23; beat++) await sqs.advance(1_800_000);
    await sqs.advance(1_799_999);
    expect(handler.calls).toHaveLength(1);
    const [message] = sqs.emulator.peekMessages('reports');
    // Received at t0; the last extension ends exactly 12 h after the receive.
    expect(message.visibleAt - (message.firstReceiveTimestamp as number)).toBe(43_200_000);
    await sqs.advance(1);
    // Received again: no second run, and the heartbeat keeps the new delivery invisible.
    expect(handler.calls.map((m) => m.receiveCount)).toEqual([2]);
    await sqs.advance(1_800_000);
    expect(sqs.messages('reports')[0]).toMatchObject({
      state: 'inflight',
      receiveCount: 2,
      visibleAt: new Date(sqs.clock.now() + 3_600_000),
    });
  });
});
