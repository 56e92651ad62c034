import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectSqsProducer, SqsBatchSendError, SqsProducer } from '../../index';
import { DemoConfig } from '../config/demo-config';
import { queueUnavailable } from '../shared/queue-unavailable';
import type { Payment } from './payment.interface';

/** Account names, one message group each. */
export const ACCOUNTS = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'stark',
  'wayne',
  'wonka',
  'tyrell',
  'cyberdyne',
] as const;

/** Sends payments to `payments.fifo`, the message group being the account. */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectSqsProducer('payments') private readonly payments: SqsProducer<Payment>,
    private readonly config: DemoConfig,
  ) {}

  /**
   * Sends `perAccount` payments to each of the first `accounts` accounts, step 1 of every
   * account first, then step 2… Each step is one `SendMessageBatch`, awaited before the next:
   * SQS keeps the order of what one request sends, not of requests in flight together. When SQS
   * stops taking them, the burst stops there (503 naming what was queued): a later step must not
   * overtake an earlier one that failed.
   */
  async burst(accounts: number, perAccount: number): Promise<Payment[]> {
    const sent: Payment[] = [];
    for (let step = 1; step <= perAccount; step++) {
      const batch = ACCOUNTS.slice(0, accounts).map((account): Payment => ({
        id: `pay-${randomUUID().slice(0, 8)}`,
        account,
        step,
        amount: 5 + Math.floor(Math.random() * 95),
      }));
      try {
        await this.payments.sendBatch(batch);
      } catch (error) {
        const queued = [
          ...sent.map((p) => p.id),
          ...(error instanceof SqsBatchSendError
            ? error.succeeded.map((r) => batch[r.index].id)
            : []),
        ];
        const cause = error instanceof SqsBatchSendError ? error.failed[0]?.error : error;
        const total = accounts * perAccount;
        throw queueUnavailable(
          `${total - queued.length} of ${total} payments were`,
          cause,
          this.config.sqsEndpoint,
          queued,
        );
      }
      sent.push(...batch);
    }
    return sent;
  }
}
