import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SqsHealthIndicator } from '../../index';
import { NotifierClient } from './notifier-client';

/**
 * `GET /health` of the orders service: up while every queue answers. The notifier is reported
 * beside it but does not make this service down: orders are taken while it is away, and wait in
 * the queue for it.
 */
@Controller('health')
export class OrdersHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly sqs: SqsHealthIndicator,
    private readonly notifier: NotifierClient,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.sqs.isHealthy('sqs', { timeoutMs: 2000 }),
      async () => {
        const status = await this.notifier.status();
        // "up" with a note either way: see above.
        return this.indicators
          .check('notifier')
          .up({ reachable: status !== undefined, url: this.notifier.url });
      },
    ]);
  }
}
