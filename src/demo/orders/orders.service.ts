import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  InjectSqsProducer,
  SqsBatchSendError,
  type SqsBatchEntryResult,
  SqsProducer,
} from '../../index';
import { DemoConfig } from '../config/demo-config';
import { queueUnavailable } from '../shared/queue-unavailable';
import type { Order, OrderRequest, PlacedOrder } from './order.interface';

const ITEMS = ['coffee', 'tea', 'croissant', 'bagel', 'muffin', 'juice'];
const CUSTOMERS = ['alice', 'bob', 'carol', 'dave'];

/**
 * Places orders: the producer side of the demo (REST → `orders` queue). It knows nothing of who
 * consumes them: once SQS has taken an order, the notifier may be down, restarting or slow.
 */
@Injectable()
export class OrdersService {
  constructor(
    @InjectSqsProducer('orders') private readonly orders: SqsProducer<Order>,
    private readonly config: DemoConfig,
  ) {}

  /** Sends one order; 503 (nothing queued) when SQS does not take it. */
  async place(request: OrderRequest): Promise<PlacedOrder> {
    const order = newOrder(request);
    try {
      const { id } = await this.orders.send(order, { attributes: { source: 'demo' } });
      return { order, messageId: id };
    } catch (error) {
      throw queueUnavailable(`Order ${order.id} was`, error, this.config.sqsEndpoint);
    }
  }

  /**
   * Places `count` random orders with `SendMessageBatch` (the producer splits by 10); 503 naming
   * the ones that were queued when SQS took only some, or none.
   */
  async placeMany(count: number, fail?: boolean): Promise<PlacedOrder[]> {
    const orders = Array.from({ length: count }, () => newOrder({ fail }));
    let results: SqsBatchEntryResult[];
    try {
      results = await this.orders.sendBatch(orders, { attributes: { source: 'demo-batch' } });
    } catch (error) {
      const queued =
        error instanceof SqsBatchSendError ? error.succeeded.map((r) => orders[r.index].id) : [];
      const cause = error instanceof SqsBatchSendError ? error.failed[0]?.error : error;
      throw queueUnavailable(
        `${count - queued.length} of ${count} orders were`,
        cause,
        this.config.sqsEndpoint,
        queued,
      );
    }
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
