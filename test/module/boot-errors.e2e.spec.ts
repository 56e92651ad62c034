import { Injectable, type Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { AmbiguousHandlersError } from '../../src/errors/ambiguous-handlers.error';
import { ConflictingHandlerOptionsError } from '../../src/errors/conflicting-handler-options.error';
import { InvalidSqsOptionsError } from '../../src/errors/invalid-sqs-options.error';
import { QueueNotDeclaredError } from '../../src/errors/queue-not-declared.error';
import { QueueNotFoundError } from '../../src/errors/queue-not-found.error';
import { QueueSetupError } from '../../src/errors/queue-setup.error';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { SqsModule } from '../../src/module/sqs.module';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import { compileKitApp } from '../support/testing/kit-app';

@Injectable()
class TypoHandler {
  @SqsHandler('ordres')
  async onOrder(): Promise<void> {}
}

@Injectable()
class TwoCatchAlls {
  @SqsHandler('orders')
  async first(): Promise<void> {}

  @SqsHandler('orders')
  async second(): Promise<void> {}
}

@Injectable()
class StackedCatchAlls {
  @SqsHandler('orders')
  @SqsHandler('orders')
  async onOrder(): Promise<void> {}
}

@Injectable()
class SameType {
  @SqsHandler('orders', { messageType: ['created', 'paid'] })
  async onCreated(): Promise<void> {}

  @SqsHandler('orders', { messageType: 'paid' })
  async onPaid(): Promise<void> {}
}

@Injectable()
class Disagreeing {
  @SqsHandler('orders', { messageType: 'a', concurrency: 5 })
  async onA(): Promise<void> {}

  @SqsHandler('orders', { messageType: 'b', concurrency: 8 })
  async onB(): Promise<void> {}
}

@Injectable()
class BadOptions {
  @SqsHandler('orders', { batchSize: 11 })
  async onOrder(): Promise<void> {}
}

@Injectable()
class NegativePrefetch {
  @SqsHandler('orders', { prefetch: -1 })
  async onOrder(): Promise<void> {}
}

@Injectable()
class OrdersHandler {
  @SqsHandler('orders')
  async onOrder(): Promise<void> {}
}

@Injectable()
class MistypedProducerUser {
  constructor(@InjectSqsProducer('shipments') readonly shipments: SqsProducer<unknown>) {}
}

/** Boots an app on the testing kit and returns what boot threw. */
async function bootError(
  queues: SqsModuleOptions['queues'],
  providers: Provider[],
): Promise<Error> {
  return whatBootThrew(async () => (await compileKitApp({ queues }, providers)).app);
}

/**
 * The same on the memory backend's own emulator, built directly: the kit creates every declared
 * queue (`create: true`), so a queue that does not exist and may not be created needs this.
 */
async function bootErrorWithoutKit(
  queues: SqsModuleOptions['queues'],
  providers: Provider[],
): Promise<Error> {
  return whatBootThrew(() =>
    Test.createTestingModule({
      imports: [SqsModule.forRoot({ backend: 'memory', logger: false, queues })],
      providers,
    }).compile(),
  );
}

async function whatBootThrew(compile: () => Promise<TestingModule>): Promise<Error> {
  let booted: TestingModule | undefined;
  try {
    const app = await compile();
    app.useLogger(false);
    await app.init();
    booted = app;
  } catch (error) {
    return error as Error;
  } finally {
    await booted?.close();
  }
  throw new Error('boot succeeded');
}

describe('boot errors', () => {
  it('names the class, method and queue of a handler on an undeclared queue', async () => {
    const error = await bootError({ orders: {} }, [TypoHandler]);
    expect(error).toBeInstanceOf(QueueNotDeclaredError);
    expect(error.message).toBe(
      "@SqsHandler on TypoHandler.onOrder refers to queue 'ordres', which SqsModule does not declare. " +
        "Add it to the module's 'queues' option (declared: 'orders').",
    );
  });

  it('names the handlers of a queue that does not exist and may not be created', async () => {
    const error = await bootErrorWithoutKit({ orders: { create: false } }, [OrdersHandler]);
    expect(error).toBeInstanceOf(QueueNotFoundError);
    expect(error.message).toBe(
      "Queue 'orders' (SQS queue 'orders') does not exist; it is used by @SqsHandler on OrdersHandler.onOrder. " +
        "Create it, fix its 'name'/'url', or set 'create: true' in its options.",
    );
  });

  it('reports a missing queue even when nothing uses it', async () => {
    const error = await bootErrorWithoutKit({ orders: { name: 'orders-v2', create: false } }, []);
    expect(error).toBeInstanceOf(QueueNotFoundError);
    expect(error.message).toContain("Queue 'orders' (SQS queue 'orders-v2') does not exist.");
  });

  it('names both handlers when two catch-all handlers share a queue', async () => {
    const error = await bootError({ orders: {} }, [TwoCatchAlls]);
    expect(error).toBeInstanceOf(AmbiguousHandlersError);
    expect(error.message).toBe(
      "Handlers TwoCatchAlls.first and TwoCatchAlls.second on queue 'orders' cannot be told apart: " +
        "neither declares a messageType. Give each a distinct 'messageType' (at most one may have none, as the catch-all).",
    );
  });

  it('rejects two undistinguished decorators stacked on one method, instead of dropping one', async () => {
    const error = await bootError({ orders: {} }, [StackedCatchAlls]);
    expect(error).toBeInstanceOf(AmbiguousHandlersError);
    expect(error.message).toContain(
      "Handlers StackedCatchAlls.onOrder and StackedCatchAlls.onOrder on queue 'orders' cannot be told apart",
    );
  });

  it('names the message type two handlers both accept', async () => {
    const error = await bootError({ orders: {} }, [SameType]);
    expect(error).toBeInstanceOf(AmbiguousHandlersError);
    expect(error.message).toContain(
      "SameType.onCreated and SameType.onPaid on queue 'orders' cannot be told apart: both accept message type 'paid'",
    );
  });

  it('rejects handlers of one queue that disagree on a queue-wide option', async () => {
    const error = await bootError({ orders: {} }, [Disagreeing]);
    expect(error).toBeInstanceOf(ConflictingHandlerOptionsError);
    expect(error.message).toContain(
      "Disagreeing.onA and Disagreeing.onB on queue 'orders' set different 'concurrency'",
    );
  });

  it('rejects an out-of-range handler option, naming the handler', async () => {
    const error = await bootError({ orders: {} }, [BadOptions]);
    expect(error).toBeInstanceOf(InvalidSqsOptionsError);
    expect(error.message).toBe(
      "Invalid @SqsHandler options on BadOptions.onOrder for queue 'orders': 'batchSize' must be an integer from 1 to 10, got 11",
    );
  });

  it('rejects a negative prefetch, naming the handler', async () => {
    const error = await bootError({ orders: {} }, [NegativePrefetch]);
    expect(error).toBeInstanceOf(InvalidSqsOptionsError);
    expect(error.message).toBe(
      "Invalid @SqsHandler options on NegativePrefetch.onOrder for queue 'orders': 'prefetch' must be an integer from 0 to 100000, got -1",
    );
  });

  it('names the class that injects the producer of an undeclared queue', async () => {
    const error = await bootError({ orders: {} }, [MistypedProducerUser]);
    expect(error).toBeInstanceOf(QueueNotDeclaredError);
    expect(error.message).toContain(
      "@InjectSqsProducer('shipments') in MistypedProducerUser refers to queue 'shipments'",
    );
  });

  it('rejects a dead-letter queue that is not declared', async () => {
    const error = await bootError(
      { orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } } },
      [],
    );
    expect(error).toBeInstanceOf(QueueNotDeclaredError);
    expect(error.message).toContain(
      "the 'deadLetter' option of queue 'orders' refers to queue 'orders-dlq'",
    );
  });

  it('rejects a FIFO name on a queue declared standard', async () => {
    const error = await bootError({ payments: { name: 'payments.fifo', fifo: false } }, []);
    expect(error).toBeInstanceOf(InvalidSqsOptionsError);
    expect(error.message).toBe(
      "Invalid options for queue 'payments': 'fifo: false' contradicts the FIFO name 'payments.fifo'",
    );
  });

  it('explains a queue that exists with other attributes than declared', async () => {
    const { app, sqs } = await compileKitApp({
      queues: { orders: { attributes: { VisibilityTimeout: '30' } } },
    });
    await app.init();
    const { emulator } = sqs;
    await app.close();
    // Built directly: the second app must meet the first one's emulator, not a fresh one.
    const error = await Test.createTestingModule({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          emulator,
          logger: false,
          queues: { orders: { attributes: { VisibilityTimeout: '60' } } },
        }),
      ],
    })
      .compile()
      .then((app) => app.init())
      .then(
        () => new Error('boot succeeded'),
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(QueueSetupError);
    expect(error.message).toContain(
      "Queue 'orders' (SQS queue 'orders') exists with different attributes than declared",
    );
    expect(error.message).toContain('VisibilityTimeout');
  });
});
