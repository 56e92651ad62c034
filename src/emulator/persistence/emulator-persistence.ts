import { resolve } from 'node:path';
import { DurableLog } from '../../persistence/durable-log';
import type { FsyncPolicy } from '../../persistence/durable-log-options.interface';
import type { EmulatorState } from '../emulator-state';
import type { SqsEmulatorPersistenceOptions } from '../sqs-emulator-options.interface';
import { StateRestorer } from './restore-state';
import { StateJournal } from './state-journal';
import { metaOp, snapshotRecords } from './state-snapshot';

/** An emulator's data directory, as {@link SqsEmulator.persistence} shows it. */
export interface EmulatorPersistenceStatus {
  /** The data directory (absolute). */
  readonly dir: string;
  readonly fsync: FsyncPolicy;
  /** What the start-up found in the directory (after retention ran on it). */
  readonly restoredQueues: number;
  readonly restoredMessages: number;
  /** True while writes to the directory fail (state-changing requests then answer 500). */
  readonly failing: boolean;
  /** Bytes the directory's snapshot and journals take. */
  diskBytes(): number;
  /** Writes a fresh snapshot and drops the journal it replaces (also runs on its own). */
  compact(): Promise<void>;
}

/** The open data directory of one emulator. */
export interface EmulatorPersistence extends EmulatorPersistenceStatus {
  readonly journal: StateJournal;
  close(): Promise<void>;
}

function defaultWarning(message: string): void {
  console.warn(`[nestjs-sqs-kit emulator] ${message}`);
}

/**
 * Opens the data directory, restores what it holds into `state` (which must be empty) and from
 * then on journals every change. Synchronous, so the emulator's constructor can call it.
 * @throws what DurableLog.open throws (PersistenceCorruptionError naming file and offset,
 *   PersistenceLockedError, PersistenceWriteError), or PersistedStateMismatchError.
 */
export function openPersistence(
  state: EmulatorState,
  options: SqsEmulatorPersistenceOptions,
): EmulatorPersistence {
  const dir = resolve(options.dir);
  const warn = options.onWarning ?? defaultWarning;
  const fsync = options.fsync ?? 'batch';
  const restorer = new StateRestorer(state, dir);
  const log = DurableLog.open(
    {
      dir,
      fsync,
      fsyncIntervalMs: options.fsyncIntervalMs,
      compactAfterBytes: options.compactAfterBytes,
      snapshotSliceMs: options.snapshotSliceMs,
      onWarning: warn,
      files: options.files,
    },
    (record) => restorer.apply(record),
    () => snapshotRecords(state),
  );
  let summary;
  try {
    summary = restorer.finish();
  } catch (e) {
    void log.close().catch(() => undefined);
    throw e;
  }
  const journal = new StateJournal(log, dir, state.accountId, warn);
  state.attachJournal(journal);
  // Every start names its account and region, and the queue ids in use, even before a snapshot.
  log.append(metaOp(state));
  // What the clock did while the emulator was down: messages whose retention ran out go now
  // (journaled, so they stay gone); deadlines that passed are recomputed on every start.
  let messages = 0;
  for (const queue of state.queues.all()) {
    queue.sweep();
    messages += queue.size;
  }
  journal.flush();
  journal.commitSoon();
  return {
    dir,
    fsync,
    restoredQueues: summary.queues,
    restoredMessages: messages,
    journal,
    get failing() {
      return log.failing;
    },
    diskBytes: () => log.diskBytes(),
    compact: () => log.compact(),
    close: () => {
      state.moveTasks.suspend();
      return journal.close();
    },
  };
}
