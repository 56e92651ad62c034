import type { Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ManualClock } from '../../../src/clock/manual-clock';
import { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { SqsModuleOptions } from '../../../src/interfaces/sqs-module-options.interface';
import { SqsModule } from '../../../src/module/sqs.module';

export interface TestApp {
  readonly app: TestingModule;
  readonly clock: ManualClock;
  readonly emulator: SqsEmulator;
  /** The URL of a queue by its physical name. */
  url(name: string): string;
  close(): Promise<void>;
}

export type TestModuleOptions = Omit<SqsModuleOptions, 'backend'> &
  Partial<Pick<SqsModuleOptions, 'backend'>>;

/**
 * A real Nest application context with SqsModule on the memory backend and a ManualClock shared
 * by the emulator and the consumers. `init` runs onModuleInit and onApplicationBootstrap.
 */
export async function createTestApp(
  options: TestModuleOptions,
  providers: Provider[] = [],
  init = true,
): Promise<TestApp> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const emulator = new SqsEmulator({ clock });
  const app = await Test.createTestingModule({
    imports: [SqsModule.forRoot({ backend: 'memory', emulator, logger: false, ...options })],
    providers,
  }).compile();
  // Nest's own ExceptionsHandler logs every handler error; tests assert on events instead.
  app.useLogger(false);
  if (init) await app.init();
  return {
    app,
    clock,
    emulator,
    url: (name) => emulator.queueUrlOf(name) as string,
    close: () => app.close(),
  };
}
