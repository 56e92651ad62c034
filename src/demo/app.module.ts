import { type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { SqsModule } from '../index';
import { DemoConfig } from './config/demo-config';
import { DemoConfigModule, type DemoEnv } from './config/demo-config.module';
import { buildSqsOptions } from './config/demo-sqs-options';
import { FeedModule } from './feed/feed.module';
import { OrdersModule } from './orders/orders.module';
import { PageModule } from './page/page.module';
import { PaymentsModule } from './payments/payments.module';
import { SqsEndpointModule } from './sqs-endpoint/sqs-endpoint.module';
import { HealthModule } from './health/health.module';

/** Options of {@link AppModule.forRoot}. */
export interface AppModuleOptions {
  /** Settings instead of the process environment (tests). Default: `process.env` and `.env`. */
  readonly env?: DemoEnv;
  /** More feature modules to mount (a dashboard, health checks…). */
  readonly imports?: NonNullable<ModuleMetadata['imports']>;
}

/** The demo's features; add a module here to mount it. */
const FEATURES = [
  SqsEndpointModule,
  FeedModule,
  OrdersModule,
  PaymentsModule,
  PageModule,
  HealthModule,
];

/**
 * The demo application: `SqsModule` configured from the environment through `@nestjs/config`,
 * and the features that use it.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DemoConfigModule.forRoot(options.env),
        SqsModule.forRootAsync({
          inject: [DemoConfig],
          useFactory: (config: DemoConfig) => buildSqsOptions(config),
        }),
        ...FEATURES,
        ...(options.imports ?? []),
      ],
    };
  }
}
