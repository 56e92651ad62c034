import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { DashboardState } from '../../src/dashboard/dashboard-views.interface';
import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { turnUntil } from '../support/testing/turn-until';
import { type DashboardApp, startDashboardApp } from '../support/dashboard/dashboard-app';
import { DashboardClient } from '../support/dashboard/http-client';

/** Two handlers of `audit`, told apart by message type; `audit.rejected` always fails. */
@Injectable()
class AuditHandlers {
  readonly accepted: unknown[] = [];

  @SqsHandler('audit', { messageType: 'audit.accepted', waitTimeSeconds: 1 })
  async onAccepted(message: SqsMessage<unknown>): Promise<void> {
    this.accepted.push(message.body);
  }

  @SqsHandler('audit', { messageType: 'audit.rejected', backoff: () => 600 })
  async onRejected(): Promise<void> {
    throw new Error('rejected by policy');
  }
}

describe('dashboard consumers, per handler', () => {
  let clock: ManualClock;
  let emulator: SqsEmulator;
  let t: DashboardApp;
  let api: DashboardClient;

  const send = (type: string) =>
    emulator.sendMessage({
      QueueUrl: emulator.queueUrlOf('audit')!,
      MessageBody: '{}',
      MessageAttributes: { messageType: { DataType: 'String', StringValue: type } },
    });
  const audit = async () =>
    (await api.get<DashboardState>('/api/state')).body.consumers?.find((c) => c.queue === 'audit');

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = new SqsEmulator({ clock });
    t = await startDashboardApp({
      emulator,
      module: { autoStartup: false },
      providers: [AuditHandlers],
    });
    api = new DashboardClient(t.dashboardUrl, t.origin);
  });

  afterEach(() => t.close());

  it('lists each handler of a queue with its own counts and last error', async () => {
    await t.app.get(SqsConsumers).start('audit');
    await send('audit.accepted');
    await send('audit.accepted');
    await send('audit.rejected');
    const status = () =>
      t.app
        .get(SqsConsumers)
        .status()
        .find((c) => c.queue === 'audit');
    await turnUntil(
      clock,
      () => status()?.processed === 2 && status()?.failed === 1,
      'the handlers',
    );

    const consumer = await audit();

    expect(consumer).toMatchObject({ state: 'running', processed: 2, failed: 1 });
    expect(consumer?.handlerStats).toEqual([
      { handler: 'AuditHandlers.onAccepted', running: 0, processed: 2, failed: 0 },
      {
        handler: 'AuditHandlers.onRejected',
        running: 0,
        processed: 0,
        failed: 1,
        lastError: {
          message: 'rejected by policy',
          handler: 'AuditHandlers.onRejected',
          messageId: expect.any(String),
          at: expect.any(Number),
        },
      },
    ]);
  });

  it('lists the handlers of a stopped consumer with zero counts', async () => {
    expect((await audit())?.handlerStats).toEqual([
      { handler: 'AuditHandlers.onAccepted', running: 0, processed: 0, failed: 0 },
      { handler: 'AuditHandlers.onRejected', running: 0, processed: 0, failed: 0 },
    ]);
  });
});
