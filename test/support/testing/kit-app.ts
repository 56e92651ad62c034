import type { Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  SqsTestHarness,
  SqsTestingModule,
  type SqsTestingModuleOptions,
} from '../../../src/testing';

/** The virtual time the module specs start at: a fixed instant, so every run is the same. */
export const KIT_START_TIME = Date.UTC(2026, 0, 1);

/** A compiled testing module on the testing kit, and its harness. */
export interface KitApp {
  readonly app: TestingModule;
  readonly sqs: SqsTestHarness;
}

/**
 * `Test.createTestingModule` with `SqsTestingModule.forRoot(options)` (the in-memory emulator on
 * a virtual clock starting at {@link KIT_START_TIME}, the module's logger off unless `options`
 * gives one) and `providers`, compiled but not initialised: a spec subscribes to `SqsEvents` or
 * spies on `sqs.emulator` first, then `app.init()` starts the consumers. Nest's own logging is
 * off, since its ExceptionsHandler logs every handler error and the specs fail handlers on
 * purpose.
 */
export async function compileKitApp(
  options: SqsTestingModuleOptions,
  providers: Provider[] = [],
): Promise<KitApp> {
  const app = await Test.createTestingModule({
    imports: [SqsTestingModule.forRoot({ logger: false, startTime: KIT_START_TIME, ...options })],
    providers,
  }).compile();
  app.useLogger(false);
  return { app, sqs: app.get(SqsTestHarness) };
}
