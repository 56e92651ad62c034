import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { asObject, optionalInteger } from '../shared/request-body';
import { ACCOUNTS, PaymentsService } from './payments.service';

/** The FIFO part of the demo. */
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /**
   * Sends `payments` steps (1–20, default 5) for each of `accounts` accounts (1–10, default 3)
   * to `payments.fifo`; watch each account's steps come out in order on the page (the notifier's `/ws`).
   */
  @Post('burst')
  @HttpCode(202)
  async burst(@Body() body: unknown): Promise<{ accounts: string[]; count: number }> {
    const input = asObject(body);
    const accounts = optionalInteger(input.accounts, 'accounts', 1, ACCOUNTS.length) ?? 3;
    const perAccount = optionalInteger(input.payments, 'payments', 1, 20) ?? 5;
    const sent = await this.payments.burst(accounts, perAccount);
    return { accounts: ACCOUNTS.slice(0, accounts), count: sent.length };
  }
}
