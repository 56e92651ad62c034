// The testing kit (nestjs-sqs-kit/testing) with @nestjs/testing 12: a production module declared
// with backend 'aws' runs on the in-memory emulator, and a failing handler's message is
// dead-lettered after maxReceiveCount.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Injectable, Module } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { SqsHandler, SqsModule } from 'nestjs-sqs-kit';
import { SqsTestHarness, SqsTesting } from 'nestjs-sqs-kit/testing';
import { decorateMethod } from '../support/helpers.mjs';

test(
  'SqsTesting.createTestingModule runs an aws-backend AppModule in memory and dead-letters',
  { timeout: 10_000 },
  async () => {
    class PaymentsHandler {
      attempts = 0;
      async charge(message) {
        this.attempts += 1;
        throw new Error(`card declined for ${message.body.orderId}`);
      }
    }
    decorateMethod(PaymentsHandler, 'charge', SqsHandler('payments'));
    Injectable()(PaymentsHandler);

    // The production module, unchanged: AWS backend; two attempts, then the dead-letter queue.
    class AppModule {}
    Module({
      imports: [
        SqsModule.forRoot({
          backend: 'aws',
          aws: { region: 'eu-west-1' },
          queues: {
            payments: { deadLetter: { queue: 'payments-dlq', maxReceiveCount: 2 } },
            'payments-dlq': {},
          },
        }),
      ],
      providers: [PaymentsHandler],
    })(AppModule);

    const app = await SqsTesting.createTestingModule({ imports: [AppModule] }).compile();
    assert.ok(app instanceof TestingModule, 'compiled by @nestjs/testing 12');
    app.useLogger(false); // Nest logs every error the handler throws; these are on purpose
    await app.init();
    try {
      const sqs = app.get(SqsTestHarness);
      assert.equal(SqsTesting.harness(app), sqs);
      assert.match(sqs.queueUrl('payments'), /\/payments$/);

      await sqs.send('payments', { orderId: 'o-1', amount: 42 });
      const dead = await sqs.waitFor('payments', (p) => p.orderId === 'o-1', {
        outcome: 'dead-lettered',
      });

      assert.equal(dead.receiveCount, 2);
      assert.equal(dead.error.message, 'card declined for o-1');
      assert.equal(sqs.outcomes('payments', 'failed').length, 2);
      assert.equal(app.get(PaymentsHandler).attempts, 2);
      const letters = sqs.deadLetters('payments');
      assert.equal(letters.length, 1);
      assert.deepEqual(letters[0].body, { orderId: 'o-1', amount: 42 });
      assert.equal(sqs.messages('payments').length, 0);
    } finally {
      await app.close();
    }
  },
);
