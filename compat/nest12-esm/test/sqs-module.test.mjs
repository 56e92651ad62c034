// An ESM application on Nest 12 that imports the built package: Nest 12 ships ESM only, so this
// proves the package's CommonJS build loads there and shares Nest's DI (DESIGN.md §6). Plain
// JavaScript, so decorators are applied as functions.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock, SqsConsumers, SqsHandler, SqsModule, getProducerToken } from 'nestjs-sqs-kit';

test(
  'a Nest 12 ESM app produces to and consumes from the memory backend',
  { timeout: 15_000 },
  async () => {
    const handled = [];
    let done;
    const allHandled = new Promise((resolve) => (done = resolve));

    class OrdersService {
      constructor(producer) {
        this.producer = producer;
      }
      async onOrder(message) {
        handled.push(message.body);
        if (handled.length === 3) done();
      }
    }
    Inject(getProducerToken('orders'))(OrdersService, undefined, 0);
    const descriptor = Object.getOwnPropertyDescriptor(OrdersService.prototype, 'onOrder');
    SqsHandler('orders', { waitTimeSeconds: 1 })(OrdersService.prototype, 'onOrder', descriptor);
    Injectable()(OrdersService);

    class AppModule {}
    Module({
      imports: [
        SqsModule.forRoot({
          backend: 'memory',
          emulator: { clock: new ManualClock() },
          queues: { orders: {} },
          logger: false,
        }),
      ],
      providers: [OrdersService],
    })(AppModule);

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const orders = app.get(OrdersService);
      await orders.producer.sendBatch([{ id: 1 }, { id: 2 }, { id: 3 }]);
      await allHandled;
      assert.deepEqual(handled.map((b) => b.id).sort(), [1, 2, 3]);
      const [status] = app.get(SqsConsumers).status();
      assert.equal(status.queue, 'orders');
    } finally {
      await app.close();
    }
  },
);
