import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsHandlerContext, SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsProducer } from '../../src/producer/sqs-producer';
import type { SqsTestHarness } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';

interface Order {
  id: string;
  total: number;
}

@Injectable()
class OrdersHandler {
  readonly seen: { message: SqsMessage<Order>; context: SqsHandlerContext }[] = [];

  @SqsHandler('orders')
  async onOrder(message: SqsMessage<Order>, context: SqsHandlerContext): Promise<void> {
    this.seen.push({ message, context });
  }
}

@Injectable()
class OrdersService {
  constructor(@InjectSqsProducer('orders') readonly orders: SqsProducer<Order>) {}
}

describe('consumer: a successful handler', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let handler: OrdersHandler;

  beforeEach(async () => {
    ({ app, sqs } = await compileKitApp({ queues: { orders: {} } }, [
      OrdersHandler,
      OrdersService,
    ]));
    await app.init();
    handler = app.get(OrdersHandler);
  });

  afterEach(() => app.close());

  it('receives the decoded body with its id, receive count, sent time and attributes', async () => {
    const { id } = await app
      .get(OrdersService)
      .orders.send({ id: 'o-1', total: 42 }, { attributes: { source: 'web' } });
    await sqs.waitFor('orders', (order: Order) => order.id === 'o-1', { advanceClock: false });
    const { message, context } = handler.seen[0];
    expect(message.body).toEqual({ id: 'o-1', total: 42 });
    expect(message.id).toBe(id);
    expect(message.receiveCount).toBe(1);
    expect(message.sentAt.getTime()).toBe(sqs.clock.now());
    expect(message.attributes).toEqual({ source: 'web' });
    expect(message.queue).toBe('orders');
    expect(context).toEqual({
      queue: 'orders',
      queueUrl: sqs.queueUrl('orders'),
      handler: 'OrdersHandler.onOrder',
      batch: false,
    });
  });

  it('deletes the message once the handler resolves', async () => {
    await app.get(OrdersService).orders.send({ id: 'o-2', total: 1 });
    await sqs.waitForIdle();
    expect(handler.seen).toHaveLength(1);
    expect(sqs.messages('orders')).toEqual([]);
    expect(sqs.emulator.inspectQueues().find((q) => q.name === 'orders')).toMatchObject({
      visible: 0,
      inflight: 0,
    });
  });
});
