import { Injectable, Logger } from '@nestjs/common';
import { SqsHandler, type SqsMessage } from '../../index';
import { DemoConfig } from '../config/demo-config';
import { FailurePolicy } from '../shared/failure-policy';
import { simulateWork } from '../shared/simulate-work';
import type { Payment } from './payment.interface';

/**
 * Consumes `payments.fifo`. Within an account the steps arrive one at a time and in order, even
 * when one fails: its group waits behind it until the retry succeeds. Accounts run in parallel.
 */
@Injectable()
export class PaymentsHandler {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly config: DemoConfig,
    private readonly failures: FailurePolicy,
  ) {}

  @SqsHandler('payments')
  async settle(message: SqsMessage<Payment>): Promise<void> {
    const payment = message.body;
    await simulateWork(this.config.workMs, message.signal);
    // A transient failure: the first attempt of some payments fails, the retry succeeds.
    if (message.receiveCount === 1 && this.failures.fails(payment.id)) {
      throw new Error(`gateway timeout for ${payment.account}`);
    }
    this.logger.log(
      `${payment.account} step ${payment.step} settled: ${payment.amount} EUR` +
        ` (attempt ${message.receiveCount})`,
    );
  }
}
