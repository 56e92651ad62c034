import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsBatchResult, SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';
import { turnUntil } from '../support/testing/turn-until';

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
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: PaymentsHandler;

  beforeEach(async () => {
    ({ app, sqs } = await compileKitApp({ queues: { payments: {} } }, [PaymentsHandler]));
    await sqs.emulator.sendMessageBatch({
      QueueUrl: sqs.queueUrl('payments'),
      Entries: [1, 2, 3, 4].map((n) => ({
        Id: `m${n}`,
        MessageBody: JSON.stringify({ n, ok: n !== 2 && n !== 4 }),
      })),
    });
    handler = app.get(PaymentsHandler);
  });

  afterEach(() => app.close());

  it('hands one receive’s messages to the handler as an array', async () => {
    await app.init();
    await turnUntil(sqs, () => handler.batches.length === 1, 'the batch');
    expect(handler.batches[0].map((m) => m.body.n)).toEqual([1, 2, 3, 4]);
  });

  it('deletes the messages that succeeded and keeps only the reported failures', async () => {
    await app.init();
    await turnUntil(sqs, () => sqs.messages('payments').length === 2, 'the deletes');
    expect(sqs.messages<Payment>('payments').map((m) => m.body.n)).toEqual([2, 4]);
  });

  it('retries only the failed messages, after their backoff', async () => {
    await app.init();
    await turnUntil(sqs, () => handler.batches.length === 1, 'the batch');
    await sqs.advance(5_000);
    expect(handler.batches).toHaveLength(2);
    expect(handler.batches[1].map((m) => [m.body.n, m.receiveCount]).sort()).toEqual([
      [2, 2],
      [4, 2],
    ]);
  });

  it('retries every message of a batch whose handler throws', async () => {
    handler.mode = 'throw';
    await app.init();
    await turnUntil(sqs, () => handler.batches.length === 1, 'the batch');
    await sqs.advance(5_000);
    expect(handler.batches[1].map((m) => m.body.n).sort()).toEqual([1, 2, 3, 4]);
  });
});
