import { PersistedStateMismatchError } from '../emulator/persistence/restore-state';
import type { SqsLatency } from '../emulator/latency';
import { SqsEmulator } from '../emulator/sqs-emulator';
import type { SqsEmulatorPersistenceOptions } from '../emulator/sqs-emulator-options.interface';
import type { FsyncPolicy } from '../persistence/durable-log-options.interface';
import { PersistenceCorruptionError } from '../persistence/persistence-corruption.error';
import { PersistenceLockedError } from '../persistence/persistence-locked.error';
import { PersistenceWriteError } from '../persistence/persistence-write.error';
import type { SqsServerLogger } from '../server/sqs-server-options.interface';
import type { EmulatorConfig } from './queue-config';

/** What the CLI needs to build its emulator. */
export interface CliEmulatorSettings {
  readonly region: string;
  readonly accountId: string;
  readonly strict: boolean;
  /** Origin of queue URLs the emulator makes itself (the server answers clients with theirs). */
  readonly baseUrl: string;
  /** `--data-dir`: wins over the config file's `persistence.dir`. */
  readonly dataDir?: string;
  /** `--fsync`: wins over the config file's `persistence.fsync`. */
  readonly fsync?: FsyncPolicy;
  /** `--latency`: simulated network latency per request. */
  readonly latency?: SqsLatency;
}

/**
 * The emulator `nestjs-sqs-kit emulator` serves: in memory, or on a data directory from
 * `--data-dir` or the config file's `persistence`, restored before the port is bound (so a
 * client never sees it half loaded). Warnings of the data directory go to the logger.
 * @throws what the emulator's constructor throws for an unusable data directory.
 */
export function createCliEmulator(
  settings: CliEmulatorSettings,
  config: EmulatorConfig | undefined,
  logger: SqsServerLogger,
): SqsEmulator {
  const dir = settings.dataDir ?? config?.persistence?.dir;
  const fsync = settings.fsync ?? config?.persistence?.fsync;
  const persistence: SqsEmulatorPersistenceOptions | undefined =
    dir === undefined
      ? undefined
      : { dir, ...(fsync ? { fsync } : {}), onWarning: (m) => logger.warn(m) };
  return new SqsEmulator({
    region: settings.region,
    accountId: settings.accountId,
    strict: settings.strict,
    baseUrl: settings.baseUrl,
    ...(persistence ? { persistence } : {}),
    ...(settings.latency !== undefined ? { latency: settings.latency } : {}),
  });
}

/** The start-up line that says where the state lives (and what came back), or that it does not. */
export function describeStorage(emulator: SqsEmulator): string {
  const p = emulator.persistence;
  if (!p) return '  state in memory only (lost on exit; keep it with --data-dir DIR)\n';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `  data directory ${p.dir} (fsync ${p.fsync}): restored ` +
    `${plural(p.restoredQueues, 'queue')} and ${plural(p.restoredMessages, 'message')}\n`
  );
}

/** Whether `e` says the data directory cannot be used (corrupt, locked, unwritable, foreign). */
export function isDataDirError(e: unknown): e is Error {
  return (
    e instanceof PersistenceCorruptionError ||
    e instanceof PersistenceLockedError ||
    e instanceof PersistenceWriteError ||
    e instanceof PersistedStateMismatchError
  );
}
