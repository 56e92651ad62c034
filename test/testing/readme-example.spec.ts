// The example of the README's "Testing" section, verbatim but for the import paths
// ('nestjs-sqs-kit' → '../../src', 'nestjs-sqs-kit/testing' → '../../src/testing').
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { SqsHandler, type SqsMessage, SqsModule } from '../../src';
import { SqsTestHarness, SqsTesting } from '../../src/testing';

interface Payment {
  orderId: string;
  amount: number;
}

@Injectable()
class PaymentsHandler {
  @SqsHandler('payments')
  async charge(message: SqsMessage<Payment>): Promise<void> {
    throw new Error(`card declined for ${message.body.orderId}`);
  }
}

// The production module, unchanged: AWS backend; three attempts, then the dead-letter queue.
@Module({
  imports: [
    SqsModule.forRoot({
      backend: 'aws',
      aws: { region: 'eu-west-1' },
      queues: {
        payments: { deadLetter: { queue: 'payments-dlq', maxReceiveCount: 3 } },
        'payments-dlq': {},
      },
    }),
  ],
  providers: [PaymentsHandler],
})
class AppModule {}

describe('payments', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;

  beforeEach(async () => {
    app = await SqsTesting.createTestingModule({ imports: [AppModule] }).compile();
    app.useLogger(false); // Nest logs every error a handler throws; these are on purpose
    await app.init();
    sqs = app.get(SqsTestHarness);
  });

  afterEach(() => app.close());

  it('dead-letters a payment after three failed attempts', async () => {
    await sqs.send('payments', { orderId: 'o-1', amount: 42 });

    const dead = await sqs.waitFor('payments', (p: Payment) => p.orderId === 'o-1', {
      outcome: 'dead-lettered',
    });

    expect(dead.receiveCount).toBe(3);
    expect(dead.error).toEqual(new Error('card declined for o-1'));
    expect(sqs.outcomes('payments', 'failed')).toHaveLength(3);
    expect(sqs.deadLetters('payments')).toMatchObject([{ body: { orderId: 'o-1' } }]);
  });
});
