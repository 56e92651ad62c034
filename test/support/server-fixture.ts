import { SqsEmulator } from '../../src/emulator';
import { ManualClock } from '../../src/clock';
import { startSqsServer } from '../../src/server';
import type { SqsServerHandle, SqsServerOptions } from '../../src/server';

/** A server on a free port over an emulator on a manual clock. */
export interface ServerFixture {
  readonly server: SqsServerHandle;
  readonly emulator: SqsEmulator;
  readonly clock: ManualClock;
  readonly url: string;
}

export async function startFixture(
  options: Omit<SqsServerOptions, 'emulator' | 'port'> & { strict?: boolean } = {},
): Promise<ServerFixture> {
  const clock = new ManualClock();
  const emulator = new SqsEmulator({ clock, strict: options.strict });
  const server = await startSqsServer({ ...options, emulator, port: 0 });
  return { server, emulator, clock, url: server.url };
}

/** Yields to the event loop until `condition()` holds (bounded, never sleeps on a timer). */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 50_000; turn++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}
