import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { DemoConfig } from './demo-config';

/** Settings by name, like `process.env`. */
export type DemoEnv = Readonly<Record<string, string | undefined>>;

/**
 * Provides {@link DemoConfig}, read through `@nestjs/config`'s `ConfigService`: from the process
 * environment (and a `.env` file) by default, or only from `env` when one is given (tests).
 */
@Global()
@Module({})
export class DemoConfigModule {
  static forRoot(env?: DemoEnv): DynamicModule {
    const configModule = env
      ? ConfigModule.forRoot({
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ ...env })],
        })
      : ConfigModule.forRoot({ cache: true });
    return {
      module: DemoConfigModule,
      imports: [configModule],
      providers: [
        {
          provide: DemoConfig,
          useFactory: (config: ConfigService) => new DemoConfig((name) => config.get(name)),
          inject: [ConfigService],
        },
      ],
      exports: [DemoConfig],
    };
  }
}
