import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SqsModule } from '../../index';
import { DemoConfig } from '../config/demo-config';
import { DemoConfigModule, type DemoEnv } from '../config/demo-config.module';
import { buildSqsOptions } from '../config/demo-sqs-options';
import { OrdersController } from '../orders/orders.controller';
import { OrdersService } from '../orders/orders.service';
import { PageController } from '../page/page.controller';
import { PaymentsController } from '../payments/payments.controller';
import { PaymentsService } from '../payments/payments.service';
import { DemoStats } from './demo-stats.service';
import { NotifierClient } from './notifier-client';
import { NotifierProxy } from './notifier-proxy';
import { OrdersHealthController } from './orders-health.controller';

/**
 * The orders service: the page, and a REST API that puts orders and payments on their queues
 * (`POST /orders` → SQS). It consumes nothing; the notifier does. It is the browser's one origin:
 * it forwards the notifier's WebSocket feed and dashboard (see {@link NotifierProxy}).
 */
@Module({})
export class OrdersAppModule {
  static forRoot(env?: DemoEnv): DynamicModule {
    return {
      module: OrdersAppModule,
      imports: [
        DemoConfigModule.forRoot(env),
        SqsModule.forRootAsync({
          inject: [DemoConfig],
          useFactory: (config: DemoConfig) => buildSqsOptions(config, 'orders'),
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [OrdersController, PaymentsController, PageController, OrdersHealthController],
      providers: [OrdersService, PaymentsService, DemoStats, NotifierClient, NotifierProxy],
    };
  }
}
