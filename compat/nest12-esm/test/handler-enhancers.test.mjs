// Handlers run through Nest 12's ExternalContextCreator: a guard that refuses some messages and
// an interceptor, both seeing the 'sqs' execution context (mirrors the Nest 11 suite's
// test/module/handler-enhancers.e2e.spec.ts).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ForbiddenException,
  Inject,
  Injectable,
  Module,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { tap } from 'rxjs';
import { ManualClock, SqsEmulator, SqsEvents, SqsHandler, SqsModule } from 'nestjs-sqs-kit';
import { decorateMethod, eventually } from '../support/helpers.mjs';

test(
  'a guard refuses messages (failed, then retried) and an interceptor sees the sqs context',
  { timeout: 10_000 },
  async () => {
    const log = [];

    class PaidOnlyGuard {
      constructor(reflector) {
        this.reflector = reflector;
      }
      canActivate(context) {
        const message = context.switchToRpc().getData();
        log.push(
          `guard:${context.getType()}:${this.reflector.get('audience', context.getHandler())}`,
        );
        return message.body.paid;
      }
    }
    Inject(Reflector)(PaidOnlyGuard, undefined, 0);
    Injectable()(PaidOnlyGuard);

    class TimingInterceptor {
      intercept(context, next) {
        const ctx = context.switchToRpc().getContext();
        log.push(`before:${context.getType()}:${ctx.queue}:${ctx.handler}`);
        return next.handle().pipe(tap(() => log.push(`after:${ctx.handler}`)));
      }
    }
    Injectable()(TimingInterceptor);

    class InvoicesHandler {
      calls = [];
      async onInvoice(message) {
        this.calls.push(message.body.n);
      }
    }
    decorateMethod(
      InvoicesHandler,
      'onInvoice',
      SqsHandler('invoices', { waitTimeSeconds: 1, backoff: () => 5 }),
      UseGuards(PaidOnlyGuard),
      UseInterceptors(TimingInterceptor),
      SetMetadata('audience', 'billing'),
    );
    Injectable()(InvoicesHandler);

    const clock = new ManualClock();
    const emulator = new SqsEmulator({ clock });
    class AppModule {}
    Module({
      imports: [
        SqsModule.forRoot({ backend: 'memory', emulator, queues: { invoices: {} }, logger: false }),
      ],
      providers: [InvoicesHandler, PaidOnlyGuard],
    })(AppModule);

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const failed = [];
      const processed = [];
      const events = app.get(SqsEvents);
      events.on('messageFailed', (e) => failed.push(e));
      events.on('messageProcessed', (e) => processed.push(e.message.body.n));
      const handler = app.get(InvoicesHandler);
      const { QueueUrl } = await emulator.getQueueUrl({ QueueName: 'invoices' });
      for (const body of [
        { n: 1, paid: true },
        { n: 2, paid: false },
        { n: 3, paid: true },
      ]) {
        await emulator.sendMessage({ QueueUrl, MessageBody: JSON.stringify(body) });
      }

      await eventually(
        () => processed.length === 2 && failed.length === 1,
        'two done, one refused',
      );
      assert.deepEqual(handler.calls.sort(), [1, 3]);
      assert.deepEqual(processed.sort(), [1, 3]);
      assert.ok(failed[0].error instanceof ForbiddenException, String(failed[0].error));
      assert.equal(failed[0].message.body.n, 2);
      assert.equal(failed[0].handler, 'InvoicesHandler.onInvoice');
      assert.ok(log.includes('guard:sqs:billing'), log.join(' | '));
      assert.ok(
        log.includes('before:sqs:invoices:InvoicesHandler.onInvoice'),
        'the interceptor saw the sqs context',
      );
      assert.equal(log.filter((l) => l === 'after:InvoicesHandler.onInvoice').length, 2);

      // The refused message was not deleted: it waits out its backoff in flight, then is retried.
      const [waiting] = emulator.peekMessages('invoices');
      assert.equal(waiting.state, 'inflight');
      assert.equal(emulator.peekMessages('invoices').length, 1);
      clock.advance(5_000);
      await eventually(() => failed.length === 2, 'the retry');
      assert.equal(failed[1].message.body.n, 2);
      assert.equal(failed[1].message.receiveCount, 2);
      assert.deepEqual(handler.calls.sort(), [1, 3]);
    } finally {
      await app.close();
    }
  },
);
