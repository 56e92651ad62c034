import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { SqsEvents } from '../consumer/sqs-events';
import type { SqsModuleOptions } from '../module/sqs-module-options.interface';
import { SQS_MODULE_OPTIONS } from '../tokens/sqs.constants';
import { SqsConsumers } from '../module/sqs-consumers.service';
import { SqsModuleSetup } from '../module/sqs-module.setup';
import { SqsTestingSetupError } from './errors/sqs-testing-setup.error';
import type { SqsTestingOptions } from './interfaces/sqs-testing-options.interface';
import type { SqsTestHarness } from './sqs-test-harness';
import { NO_SQS_MODULE } from './sqs-testing.messages';
import { createHarnessProvider, harnessFor } from './sqs-testing.providers';
import { toTestingOptions } from './testing-options.factory';

/**
 * Runs an application's unchanged SqsModule — `forRoot` or `forRootAsync`, any backend — on the
 * in-memory emulator with a virtual clock, inside `Test.createTestingModule`. The application's
 * queues, handlers, codecs and consumer options are kept; `backend`, `aws`, `emulator` and
 * `clock` are replaced, so no SQS client is created and no network call happens.
 *
 * @example
 * const app = await SqsTesting.createTestingModule({ imports: [AppModule] }).compile();
 * await app.init();
 * const sqs = app.get(SqsTestHarness);
 */
export class SqsTesting {
  private constructor() {}

  /**
   * `Test.createTestingModule(metadata)` with the application's SqsModule on the testing backend
   * and `SqsTestHarness` provided. Chain further overrides, then `compile()`.
   */
  static createTestingModule(
    metadata: ModuleMetadata,
    options: SqsTestingOptions = {},
  ): TestingModuleBuilder {
    const builder = Test.createTestingModule({
      ...metadata,
      providers: [...(metadata.providers ?? []), createHarnessProvider(options.timeoutMs)],
    });
    return SqsTesting.useMemoryBackend(builder, options);
  }

  /**
   * Puts the SqsModule of an existing `TestingModuleBuilder` on the testing backend (it
   * overrides the module's setup provider; the options the application computes — from
   * `forRoot`, or from `forRootAsync`'s factory and its `ConfigService` — are kept and
   * adapted). Get the harness with {@link SqsTesting.harness}.
   */
  static useMemoryBackend(
    builder: TestingModuleBuilder,
    options: SqsTestingOptions = {},
  ): TestingModuleBuilder {
    return builder.overrideProvider(SqsModuleSetup).useFactory({
      factory: async (app: SqsModuleOptions, events: SqsEvents, consumers: SqsConsumers) => {
        const setup = await SqsModuleSetup.create(toTestingOptions(app, options));
        // Now, before any consumer starts, so the harness sees every outcome.
        harnessFor(setup, events, consumers, options.timeoutMs);
        return setup;
      },
      inject: [SQS_MODULE_OPTIONS, SqsEvents, SqsConsumers],
    });
  }

  /** The harness of a compiled testing module (or an application created from one). */
  static harness(app: Pick<INestApplicationContext, 'get'>): SqsTestHarness {
    let setup: SqsModuleSetup;
    let events: SqsEvents;
    let consumers: SqsConsumers;
    try {
      setup = app.get(SqsModuleSetup, { strict: false });
      events = app.get(SqsEvents, { strict: false });
      consumers = app.get(SqsConsumers, { strict: false });
    } catch (error) {
      throw new SqsTestingSetupError(NO_SQS_MODULE(), { cause: error });
    }
    return harnessFor(setup, events, consumers);
  }
}
