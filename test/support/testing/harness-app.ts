import type { Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { SqsModuleOptions } from '../../../src/module/sqs-module-options.interface';
import {
  SqsTestHarness,
  SqsTestingModule,
  type SqsTestingModuleOptions,
} from '../../../src/testing';

export interface HarnessApp {
  readonly app: TestingModule;
  readonly sqs: SqsTestHarness;
  get<T>(type: new (...args: never[]) => T): T;
}

/**
 * A testing module with SqsTestingModule and `providers`, initialised (consumers started), with
 * Nest's own logging off (tests assert on outcomes, and several fail handlers on purpose).
 */
export async function createHarnessApp(
  queues: SqsModuleOptions['queues'],
  providers: Provider[] = [],
  options: Omit<SqsTestingModuleOptions, 'queues'> = {},
): Promise<HarnessApp> {
  const app = await Test.createTestingModule({
    imports: [
      SqsTestingModule.forRoot({
        logger: false,
        startTime: Date.UTC(2026, 0, 1),
        ...options,
        queues,
      }),
    ],
    providers,
  }).compile();
  app.useLogger(false);
  await app.init();
  return { app, sqs: app.get(SqsTestHarness), get: (type) => app.get(type) };
}
