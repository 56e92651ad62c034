import type { Provider } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { SqsModuleOptions } from '../../../src/module/sqs-module-options.interface';
import { SqsModule } from '../../../src/module/sqs.module';
import { SqsTestHarness, SqsTesting } from '../../../src/testing';

export interface TracedApp {
  readonly app: TestingModule;
  readonly sqs: SqsTestHarness;
  close(): Promise<void>;
}

/** The module on the testing backend (virtual clock), initialised, with Nest's logging off. */
export async function createTracedApp(
  options: Omit<SqsModuleOptions, 'backend'>,
  providers: Provider[] = [],
): Promise<TracedApp> {
  const app = await SqsTesting.createTestingModule({
    imports: [SqsModule.forRoot({ backend: 'memory', logger: false, ...options })],
    providers,
  }).compile();
  app.useLogger(false);
  await app.init();
  return { app, sqs: app.get(SqsTestHarness), close: () => app.close() };
}
