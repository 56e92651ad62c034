import { Injectable, type INestApplication, type Provider } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SqsHandler } from '../../../src/decorators/sqs-handler.decorator';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { SqsMessage } from '../../../src/interfaces/sqs-message.interface';
import type {
  SqsDashboardOptions,
  SqsModuleOptions,
} from '../../../src/module/sqs-module-options.interface';
import { SqsModule } from '../../../src/module/sqs.module';

/** A handler that fails on `{ "fail": true }` and records what it handled. */
@Injectable()
export class OrdersHandler {
  readonly handled: unknown[] = [];

  @SqsHandler('orders', { backoff: () => 0, waitTimeSeconds: 1 })
  async onOrder(message: SqsMessage<{ fail?: boolean }>): Promise<void> {
    if (message.body?.fail) throw new Error('payment declined for this order');
    this.handled.push(message.body);
  }
}

export interface DashboardApp {
  readonly app: INestApplication;
  readonly emulator: SqsEmulator;
  /** Origin the app listens on, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** URL of the dashboard page. */
  readonly dashboardUrl: string;
  close(): Promise<void>;
}

export interface DashboardAppOptions {
  readonly adapter?: 'express' | 'fastify';
  readonly dashboard?: Partial<SqsDashboardOptions>;
  readonly module?: Partial<SqsModuleOptions>;
  readonly providers?: Provider[];
  /** The emulator to use (e.g. on a ManualClock). Default: a new one on the system clock. */
  readonly emulator?: SqsEmulator;
}

/**
 * A real Nest HTTP application on a free port: SqsModule on the memory backend (system clock),
 * queues `orders` (dead-lettered to `orders-dlq` after 2 receives), `orders-dlq`, `audit` and
 * `payments.fifo`, the `OrdersHandler`, and the dashboard at `/sqs`.
 */
export async function startDashboardApp(options: DashboardAppOptions = {}): Promise<DashboardApp> {
  const emulator = options.emulator ?? new SqsEmulator();
  const moduleRef = await Test.createTestingModule({
    imports: [
      SqsModule.forRoot({
        backend: 'memory',
        // Other backends reach the emulator some other way (e.g. over HTTP).
        ...(options.module?.backend === undefined ? { emulator } : {}),
        logger: false,
        queues: {
          orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 } },
          'orders-dlq': {},
          audit: {},
          payments: { name: 'payments.fifo', fifo: true },
        },
        dashboard: { enabled: true, path: '/sqs', ...options.dashboard },
        ...options.module,
      }),
    ],
    providers: [OrdersHandler, ...(options.providers ?? [])],
  }).compile();
  const app =
    options.adapter === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const path = options.dashboard?.path ?? '/sqs';
  return {
    app,
    emulator,
    origin,
    dashboardUrl: `${origin}${path}`,
    close: () => app.close(),
  };
}
