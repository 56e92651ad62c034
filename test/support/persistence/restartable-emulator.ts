import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/clock';
import {
  SqsEmulator,
  type SqsEmulatorOptions,
  type SqsEmulatorPersistenceOptions,
} from '../../../src/emulator';

/** A fresh, empty data directory under the system's temp dir; `remove` deletes it. */
export function tempDataDir(prefix = 'sqs-kit-data-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

type Options = Omit<SqsEmulatorOptions, 'clock' | 'persistence'> & {
  readonly persistence?: Omit<SqsEmulatorPersistenceOptions, 'dir'>;
};

type EmulatorModule = typeof import('../../../src/emulator');

/**
 * An emulator on a data directory and a ManualClock that a test can restart: `restart()` closes
 * it and opens a new emulator on the same directory with the same clock, as a process restart
 * would: from a fresh copy of the emulator's modules (`jest.isolateModulesAsync`), so that no
 * module-level state (queue id counter, message id pool) carries over either, only what is on
 * disk. Warnings are collected instead of printed.
 */
export class RestartableEmulator {
  readonly clock = new ManualClock(1_700_000_000_000);
  readonly warnings: string[] = [];
  emulator!: SqsEmulator;
  private readonly data = tempDataDir();

  private constructor(private readonly options: Options) {}

  /** Opens an emulator on a new, empty directory (from fresh modules too, as a process would). */
  static async start(options: Options = {}): Promise<RestartableEmulator> {
    const r = new RestartableEmulator(options);
    r.emulator = r.open(await freshEmulatorClass());
    return r;
  }

  get dir(): string {
    return this.data.dir;
  }

  /** Closes the emulator and opens a new one on the same directory and clock. */
  async restart(): Promise<SqsEmulator> {
    await this.emulator.close();
    this.emulator = this.open(await freshEmulatorClass());
    return this.emulator;
  }

  /** Closes the emulator and deletes the directory. */
  async dispose(): Promise<void> {
    await this.emulator.close();
    this.data.remove();
  }

  private open(Emulator: typeof SqsEmulator): SqsEmulator {
    return new Emulator({
      ...this.options,
      clock: this.clock,
      persistence: {
        ...this.options.persistence,
        dir: this.data.dir,
        onWarning: (m) => this.warnings.push(m),
      },
    });
  }
}

/** SqsEmulator from a fresh copy of the emulator's modules: module-level counters start over. */
async function freshEmulatorClass(): Promise<typeof SqsEmulator> {
  let fresh: EmulatorModule | undefined;
  await jest.isolateModulesAsync(async () => {
    fresh = await import('../../../src/emulator');
  });
  return (fresh as EmulatorModule).SqsEmulator;
}
