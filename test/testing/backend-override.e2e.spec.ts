import { SQSClient } from '@aws-sdk/client-sqs';
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import type { SqsOptionsFactory } from '../../src/module/sqs-module-options.interface';
import { SQS_PORT } from '../../src/tokens/sqs.constants';
import { SqsModule } from '../../src/module/sqs.module';
import { SqsQueues } from '../../src/module/sqs-queues.service';
import type { SqsProducer } from '../../src/producer/sqs-producer';
import {
  SqsTestClock,
  SqsTestEmulator,
  SqsTestHarness,
  SqsTesting,
  SqsTestingModule,
  SqsTestingSetupError,
} from '../../src/testing';

interface Order {
  id: number;
}

@Injectable()
class OrdersService {
  readonly handled: Order[] = [];

  constructor(@InjectSqsProducer('orders') private readonly orders: SqsProducer<Order>) {}

  place(order: Order) {
    return this.orders.send(order);
  }

  @SqsHandler('orders')
  async onOrder(message: SqsMessage<Order>): Promise<void> {
    this.handled.push(message.body);
  }
}

const PROD_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012';

/** As deployed: AWS, queues made by infrastructure code, found by URL, DLQ by ARN. */
@Module({
  imports: [
    SqsModule.forRoot({
      backend: 'aws',
      aws: { region: 'eu-west-1' },
      logger: false,
      queues: {
        orders: {
          url: `${PROD_URL}/prod-orders`,
          deadLetter: {
            queue: 'arn:aws:sqs:eu-west-1:123456789012:prod-orders-dlq',
            maxReceiveCount: 5,
          },
        },
      },
    }),
  ],
  providers: [OrdersService],
})
class ForRootAppModule {}

/** As deployed, with the queues from configuration. */
@Module({
  imports: [
    SqsModule.forRootAsync({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ SQS_REGION: 'eu-west-1', ORDERS_QUEUE: 'prod-orders' })],
        }),
      ],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        backend: 'aws',
        aws: { region: config.getOrThrow<string>('SQS_REGION') },
        logger: false,
        queues: {
          orders: {
            name: config.getOrThrow<string>('ORDERS_QUEUE'),
            deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 },
          },
          'orders-dlq': { name: 'prod-orders-dlq' },
        },
      }),
    }),
  ],
  providers: [OrdersService],
})
class ForRootAsyncAppModule {}

class SqsConfig implements SqsOptionsFactory {
  createSqsOptions() {
    return { backend: 'aws' as const, logger: false as const, queues: { orders: {} } };
  }
}

@Module({
  imports: [SqsModule.forRootAsync({ useClass: SqsConfig })],
  providers: [OrdersService],
})
class UseClassAppModule {}

describe('testing backend: an unchanged production module', () => {
  let app: TestingModule | undefined;
  let send: jest.SpyInstance;

  beforeEach(() => {
    send = jest.spyOn(SQSClient.prototype, 'send');
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    send.mockRestore();
  });

  describe.each([
    ['forRoot with the aws backend', ForRootAppModule],
    ['forRootAsync with ConfigService', ForRootAsyncAppModule],
    ['forRootAsync with useClass', UseClassAppModule],
  ])('%s', (_name, AppModule) => {
    beforeEach(async () => {
      app = await SqsTesting.createTestingModule({ imports: [AppModule] }).compile();
      await app.init();
    });

    it('talks to the in-memory emulator on a virtual clock', () => {
      const port = (app as TestingModule).get(SQS_PORT);
      expect(port).toBeInstanceOf(SqsTestEmulator);
      expect((port as SqsTestEmulator).clock).toBeInstanceOf(SqsTestClock);
      expect((app as TestingModule).get(SqsEmulator)).toBe(port);
    });

    it('handles a message the application sends, without any SQS client call', async () => {
      const sqs = (app as TestingModule).get(SqsTestHarness);
      await (app as TestingModule).get(OrdersService).place({ id: 7 });
      await sqs.waitForIdle();
      expect((app as TestingModule).get(OrdersService).handled).toEqual([{ id: 7 }]);
      expect(send).not.toHaveBeenCalled();
    });
  });

  describe('queues given by URL and a dead-letter queue given by ARN', () => {
    beforeEach(async () => {
      app = await SqsTesting.createTestingModule({ imports: [ForRootAppModule] }).compile();
      await app.init();
    });

    it('creates them in the emulator under the production names and account', () => {
      const sqs = (app as TestingModule).get(SqsTestHarness);
      expect(sqs.emulator.inspectQueues().map((q) => q.arn)).toEqual(
        expect.arrayContaining([
          'arn:aws:sqs:eu-west-1:123456789012:prod-orders',
          'arn:aws:sqs:eu-west-1:123456789012:prod-orders-dlq',
        ]),
      );
      expect((app as TestingModule).get(SqsQueues).get('orders')).toMatchObject({
        physicalName: 'prod-orders',
        maxReceiveCount: 5,
        deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:123456789012:prod-orders-dlq',
      });
    });
  });

  describe('useMemoryBackend on a builder of your own', () => {
    it('switches the backend and gives the harness through SqsTesting.harness(app)', async () => {
      const builder = Test.createTestingModule({ imports: [ForRootAsyncAppModule] });
      app = await SqsTesting.useMemoryBackend(builder, { logger: false }).compile();
      await app.init();
      const sqs = SqsTesting.harness(app);
      await sqs.send('orders', { id: 1 });
      await sqs.waitFor('orders', (o: Order) => o.id === 1);
      expect(app.get(SqsQueues).get('orders').physicalName).toBe('prod-orders');
      expect(send).not.toHaveBeenCalled();
    });
  });

  describe('options of the kit', () => {
    it('starts the virtual clock at startTime', async () => {
      const startTime = new Date('2030-01-01T00:00:00Z');
      app = await SqsTesting.createTestingModule(
        { imports: [ForRootAppModule] },
        { startTime },
      ).compile();
      await app.init();
      const sqs = app.get(SqsTestHarness);
      await sqs.send('orders', { id: 1 });
      expect(sqs.clock.now()).toBe(startTime.getTime());
      expect(sqs.sent('orders')[0].sentAt).toEqual(startTime);
    });

    it('overrides autoStartup, so consumers start only when the test says', async () => {
      app = await SqsTesting.createTestingModule(
        { imports: [ForRootAppModule] },
        { autoStartup: false },
      ).compile();
      await app.init();
      const sqs = app.get(SqsTestHarness);
      await sqs.send('orders', { id: 1 });
      await sqs.waitForIdle();
      expect(sqs.messages('orders')).toMatchObject([{ state: 'visible', body: { id: 1 } }]);
    });

    it('gives every compiled module its own emulator and clock', async () => {
      const first = await SqsTesting.createTestingModule({
        imports: [UseClassAppModule],
      }).compile();
      const second = await SqsTesting.createTestingModule({
        imports: [UseClassAppModule],
      }).compile();
      try {
        expect(first.get(SqsTestHarness).emulator).not.toBe(second.get(SqsTestHarness).emulator);
        expect(first.get(SqsTestHarness).clock).not.toBe(second.get(SqsTestHarness).clock);
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
});

describe('SqsTestingModule.forRoot', () => {
  let app: TestingModule;

  beforeEach(async () => {
    app = await Test.createTestingModule({
      imports: [
        SqsTestingModule.forRoot({
          logger: false,
          queues: {
            orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 } },
            'orders-dlq': {},
          },
        }),
      ],
      providers: [OrdersService],
    }).compile();
    await app.init();
  });

  afterEach(() => app.close());

  it('runs the declared queues and handlers on the emulator, with the harness injectable', async () => {
    const sqs = app.get(SqsTestHarness);
    await app.get(OrdersService).place({ id: 3 });
    const done = await sqs.waitFor('orders', (o: Order) => o.id === 3);
    expect(done).toMatchObject({ outcome: 'processed', handler: 'OrdersService.onOrder' });
    expect(SqsTesting.harness(app)).toBe(sqs);
  });
});

describe('testing kit misuse', () => {
  it('refuses a harness for an application it did not set up, naming the fix', async () => {
    const app = await Test.createTestingModule({
      imports: [SqsModule.forRoot({ backend: 'memory', logger: false, queues: { orders: {} } })],
    }).compile();
    try {
      expect(() => SqsTesting.harness(app)).toThrow(SqsTestingSetupError);
      expect(() => SqsTesting.harness(app)).toThrow(/SqsTesting\.createTestingModule/);
    } finally {
      await app.close();
    }
  });

  it('fails to compile a testing module without SqsModule, saying so', async () => {
    @Module({})
    class EmptyModule {}
    await expect(
      SqsTesting.createTestingModule({ imports: [EmptyModule] }).compile(),
    ).rejects.toThrow(/No SqsModule in this application/);
  });
});
