import { Injectable, Logger } from '@nestjs/common';
import { SqsHandler, type SqsMessage } from '../../index';
import { DemoConfig } from '../config/demo-config';
import { FailurePolicy } from '../shared/failure-policy';
import { simulateWork } from '../shared/simulate-work';
import type { Order } from './order.interface';

/**
 * Consumes `orders`. Returning deletes the message; throwing makes SQS deliver it again after the
 * backoff, and after the third failed receive moves it to `orders-dlq`.
 */
@Injectable()
export class OrdersHandler {
  private readonly logger = new Logger('Orders');

  constructor(
    private readonly config: DemoConfig,
    private readonly failures: FailurePolicy,
  ) {}

  @SqsHandler('orders')
  async process(message: SqsMessage<Order>): Promise<void> {
    const order = message.body;
    await simulateWork(this.config.workMs, message.signal);
    if (order.fail || this.failures.fails(order.id)) {
      throw new Error(`card declined for ${order.customer}`);
    }
    this.logger.log(
      `${order.id} processed: ${order.quantity} × ${order.item} for ${order.customer}` +
        ` (attempt ${message.receiveCount})`,
    );
  }
}
