import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsBatchResult, SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { createTestApp, type TestApp } from './support/test-app';
import { advance, until } from './support/virtual-time';

interface Payment {
  n: number;
  ok: boolean;
}

@Injectable()
class PaymentsHandler {
  readonly batches: SqsMessage<Payment>[][] = [];
  mode: 'report' | 'throw' = 'report';

  @SqsHandler('payments', { batch: true, backoff: () => 5 })
  async onPayments(messages: SqsMessage<Payment>[]): Promise<SqsBatchResult> {
    this.batches.push(messages);
    if (this.mode === 'throw') throw new Error('whole batch failed');
    const failed = messages.filter((m) => !m.body.ok);
    // Mix both ways of naming a failure: the message and its id.
    return { failed: failed.map((m, i) => (i % 2 === 0 ? m : m.id)) };
  }
}

describe('consumer: batch handlers', () => {
  let t: TestApp;
  let handler: PaymentsHandler;

  beforeEach(async () => {
    t = await createTestApp({ queues: { payments: {} } }, [PaymentsHandler], false);
    const url = t.url('payments');
    await t.emulator.sendMessageBatch({
      QueueUrl: url,
      Entries: [1, 2, 3, 4].map((n) => ({
        Id: `m${n}`,
        MessageBody: JSON.stringify({ n, ok: n !== 2 && n !== 4 }),
      })),
    });
    handler = t.app.get(PaymentsHandler);
  });

  afterEach(() => t.close());

  it('hands one receive’s messages to the handler as an array', async () => {
    await t.app.init();
    await until(t.clock, () => handler.batches.length === 1, 'the batch');
    expect(handler.batches[0].map((m) => m.body.n)).toEqual([1, 2, 3, 4]);
  });

  it('deletes the messages that succeeded and keeps only the reported failures', async () => {
    await t.app.init();
    await until(t.clock, () => t.emulator.peekMessages('payments').length === 2, 'the deletes');
    expect(t.emulator.peekMessages('payments').map((m) => JSON.parse(m.body).n)).toEqual([2, 4]);
  });

  it('retries only the failed messages, after their backoff', async () => {
    await t.app.init();
    await until(t.clock, () => handler.batches.length === 1, 'the batch');
    await advance(t.clock, 5_000);
    expect(handler.batches).toHaveLength(2);
    expect(handler.batches[1].map((m) => [m.body.n, m.receiveCount]).sort()).toEqual([
      [2, 2],
      [4, 2],
    ]);
  });

  it('retries every message of a batch whose handler throws', async () => {
    handler.mode = 'throw';
    await t.app.init();
    await until(t.clock, () => handler.batches.length === 1, 'the batch');
    await advance(t.clock, 5_000);
    expect(handler.batches[1].map((m) => m.body.n).sort()).toEqual([1, 2, 3, 4]);
  });
});
