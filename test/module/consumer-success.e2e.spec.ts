import { Injectable } from '@nestjs/common';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import type { SqsHandlerContext, SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { SqsProducer } from '../../src/producer/sqs-producer';
import { createTestApp, type TestApp } from './support/test-app';
import { until } from './support/virtual-time';

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
  let t: TestApp;
  let handler: OrdersHandler;

  beforeEach(async () => {
    t = await createTestApp({ queues: { orders: {} } }, [OrdersHandler, OrdersService]);
    handler = t.app.get(OrdersHandler);
  });

  afterEach(() => t.close());

  it('receives the decoded body with its id, receive count, sent time and attributes', async () => {
    const { id } = await t.app
      .get(OrdersService)
      .orders.send({ id: 'o-1', total: 42 }, { attributes: { source: 'web' } });
    await until(t.clock, () => handler.seen.length === 1, 'the handler');
    const { message, context } = handler.seen[0];
    expect(message.body).toEqual({ id: 'o-1', total: 42 });
    expect(message.id).toBe(id);
    expect(message.receiveCount).toBe(1);
    expect(message.sentAt.getTime()).toBe(t.clock.now());
    expect(message.attributes).toEqual({ source: 'web' });
    expect(message.queue).toBe('orders');
    expect(context).toEqual({
      queue: 'orders',
      queueUrl: t.url('orders'),
      handler: 'OrdersHandler.onOrder',
      batch: false,
    });
  });

  it('deletes the message once the handler resolves', async () => {
    await t.app.get(OrdersService).orders.send({ id: 'o-2', total: 1 });
    await until(t.clock, () => handler.seen.length === 1, 'the handler');
    await until(t.clock, () => t.emulator.peekMessages('orders').length === 0, 'the delete');
    expect(t.emulator.inspectQueues().find((q) => q.name === 'orders')).toMatchObject({
      visible: 0,
      inflight: 0,
    });
  });
});
