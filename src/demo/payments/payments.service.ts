import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectSqsProducer, SqsProducer } from '../../index';
import { DemoFeed } from '../feed/demo-feed.service';
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
    private readonly feed: DemoFeed,
  ) {}

  /**
   * Sends `perAccount` payments to each of the first `accounts` accounts, step 1 of every
   * account first, then step 2… Each step is one `SendMessageBatch`, awaited before the next:
   * SQS keeps the order of what one request sends, not of requests in flight together.
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
      await this.feed.send(
        () => this.payments.sendBatch(batch),
        (results) =>
          results.map((result, i) => ({
            type: 'sent' as const,
            queue: 'payments',
            // sendBatch rejects unless every entry was sent, so each result here is a success.
            messageId: result.ok ? result.id : '',
            body: batch[i],
            groupId: batch[i].account,
          })),
      );
      sent.push(...batch);
    }
    return sent;
  }
}
