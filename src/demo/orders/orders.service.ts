import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectSqsProducer, type SqsBatchEntryResult, SqsProducer } from '../../index';
import { DemoFeed } from '../feed/demo-feed.service';
import type { Order, OrderRequest } from './order.interface';

const ITEMS = ['coffee', 'tea', 'croissant', 'bagel', 'muffin', 'juice'];
const CUSTOMERS = ['alice', 'bob', 'carol', 'dave'];

/** What `POST /orders` answers. */
export interface PlacedOrder {
  readonly order: Order;
  /** The SQS message id. */
  readonly messageId: string;
}

/** Places orders: the producer side of the demo (REST → `orders` queue). */
@Injectable()
export class OrdersService {
  constructor(
    @InjectSqsProducer('orders') private readonly orders: SqsProducer<Order>,
    private readonly feed: DemoFeed,
  ) {}

  async place(request: OrderRequest): Promise<PlacedOrder> {
    const order = newOrder(request);
    const { id } = await this.feed.send(
      () => this.orders.send(order, { attributes: { source: 'demo' } }),
      (sent) => [{ type: 'sent', queue: 'orders', messageId: sent.id, body: order }],
    );
    return { order, messageId: id };
  }

  /** Places `count` random orders with `SendMessageBatch` (the producer splits by 10). */
  async placeMany(count: number, fail?: boolean): Promise<PlacedOrder[]> {
    const orders = Array.from({ length: count }, () => newOrder({ fail }));
    const results = await this.feed.send(
      () => this.orders.sendBatch(orders, { attributes: { source: 'demo-batch' } }),
      (sent) =>
        sent.map((result, i) => ({
          type: 'sent' as const,
          queue: 'orders',
          messageId: idOf(result),
          body: orders[i],
        })),
    );
    return results.map((result, i) => ({ order: orders[i], messageId: idOf(result) }));
  }
}

/** sendBatch rejects unless every entry was sent, so each result here is a success. */
function idOf(result: SqsBatchEntryResult): string {
  return result.ok ? result.id : '';
}

function newOrder(request: OrderRequest): Order {
  return {
    id: `ord-${randomUUID().slice(0, 8)}`,
    item: request.item ?? pick(ITEMS),
    quantity: request.quantity ?? 1 + Math.floor(Math.random() * 3),
    customer: request.customer ?? pick(CUSTOMERS),
    ...(request.fail ? { fail: true } : {}),
    placedAt: new Date().toISOString(),
  };
}

function pick<T>(values: readonly T[]): T {
  return values[Math.floor(Math.random() * values.length)];
}
