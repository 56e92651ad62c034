import { type DynamicModule, Module } from '@nestjs/common';
import type { SqsModuleOptions } from '../module/sqs-module-options.interface';
import { SqsModule } from '../module/sqs.module';
import type { SqsTestingModuleOptions } from './interfaces/sqs-testing-options.interface';
import { SqsTestHarness } from './sqs-test-harness';
import { createHarnessProvider } from './sqs-testing.providers';
import { toTestingOptions } from './testing-options.factory';

/**
 * `SqsModule` on the in-memory emulator with a virtual clock, plus the `SqsTestHarness`, for
 * tests that assemble their own module rather than import the application's. Import it in the
 * testing module (SqsModule inside it is global). Each compiled testing module gets its own
 * emulator and clock.
 *
 * @example
 * Test.createTestingModule({
 *   imports: [SqsTestingModule.forRoot({ queues: { orders: {} } })],
 *   providers: [OrdersHandler],
 * })
 */
@Module({})
export class SqsTestingModule {
  static forRoot(options: SqsTestingModuleOptions): DynamicModule {
    const { startTime, emulator, logger, autoStartup, timeoutMs, ...moduleOptions } = options;
    const settings = { startTime, emulator, logger, autoStartup, timeoutMs };
    return {
      // Not global: Nest then runs the harness's shutdown hook before SqsModule's (global) one.
      module: SqsTestingModule,
      imports: [
        SqsModule.forRootAsync({
          // A factory, so every compile gets a fresh emulator and clock.
          useFactory: () =>
            toTestingOptions({ ...moduleOptions, backend: 'memory' } as SqsModuleOptions, settings),
          producers: Object.keys(moduleOptions.queues ?? {}),
        }),
      ],
      providers: [createHarnessProvider(timeoutMs)],
      exports: [SqsTestHarness],
    };
  }
}
