import { type DynamicModule, Module } from '@nestjs/common';
import { SqsModule } from '../../index';
import { DemoConfig } from '../config/demo-config';
import { DemoConfigModule, type DemoEnv } from '../config/demo-config.module';
import { buildSqsOptions } from '../config/demo-sqs-options';
import { DemoFeed } from '../feed/demo-feed.service';
import { SqsFeedBridge } from '../feed/sqs-feed.bridge';
import { HealthModule } from '../health/health.module';
import { OrdersHandler } from '../orders/orders.handler';
import { PaymentsHandler } from '../payments/payments.handler';
import { FailurePolicy } from '../shared/failure-policy';
import { FeedStatusController } from './feed-status.controller';
import { FeedGateway } from './feed.gateway';

/**
 * The notifier service: the `@SqsHandler`s of `orders` and `payments`, and a WebSocket that
 * pushes what they do (each order processed, each retry, each dead letter) to browsers. It knows
 * the orders service not at all: everything it learns comes from the queues.
 */
@Module({})
export class NotifierAppModule {
  static forRoot(env?: DemoEnv): DynamicModule {
    return {
      module: NotifierAppModule,
      imports: [
        DemoConfigModule.forRoot(env),
        SqsModule.forRootAsync({
          inject: [DemoConfig],
          useFactory: (config: DemoConfig) => buildSqsOptions(config, 'notifier'),
        }),
        HealthModule,
      ],
      controllers: [FeedStatusController],
      providers: [
        DemoFeed,
        SqsFeedBridge,
        FeedGateway,
        FailurePolicy,
        OrdersHandler,
        PaymentsHandler,
      ],
    };
  }
}
