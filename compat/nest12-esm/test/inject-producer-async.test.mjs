// @InjectSqsProducer and SqsModule.forRootAsync on Nest 12, with the options computed by a
// factory from @nestjs/config's ConfigService (the config major that lists Nest 12 as a peer).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import {
  InjectSqsProducer,
  ManualClock,
  SqsConsumers,
  SqsHandler,
  SqsModule,
  SqsProducer,
  SqsQueues,
} from 'nestjs-sqs-kit';
import { decorateMethod, eventually } from '../support/helpers.mjs';

test(
  '@InjectSqsProducer works with SqsModule.forRootAsync({ useFactory, inject: [ConfigService] })',
  { timeout: 10_000 },
  async () => {
    const handled = [];

    class OrdersService {
      constructor(orders) {
        this.orders = orders;
      }
      async onOrder(message) {
        handled.push(message.body);
      }
    }
    InjectSqsProducer('orders')(OrdersService, undefined, 0);
    decorateMethod(OrdersService, 'onOrder', SqsHandler('orders', { waitTimeSeconds: 1 }));
    Injectable()(OrdersService);

    let factoryCalls = 0;
    class AppModule {}
    Module({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ sqs: { backend: 'memory', ordersQueue: 'orders-from-config' } })],
        }),
        SqsModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config) => {
            factoryCalls += 1;
            assert.ok(config instanceof ConfigService);
            return {
              backend: config.getOrThrow('sqs.backend'),
              emulator: { clock: new ManualClock() },
              queues: { orders: { name: config.getOrThrow('sqs.ordersQueue'), create: true } },
              logger: false,
            };
          },
        }),
      ],
      providers: [OrdersService],
    })(AppModule);

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      assert.equal(factoryCalls, 1);
      const service = app.get(OrdersService);
      assert.ok(service.orders instanceof SqsProducer, 'the injected producer is an SqsProducer');
      await service.orders.send({ id: 'o-1' });
      await eventually(() => handled.length === 1, 'the handler');
      assert.deepEqual(handled, [{ id: 'o-1' }]);
      const [status] = app.get(SqsConsumers).status();
      assert.equal(status.queue, 'orders');
      // The physical name came from ConfigService.
      assert.match(app.get(SqsQueues).url('orders'), /\/orders-from-config$/);
    } finally {
      await app.close();
    }
  },
);
