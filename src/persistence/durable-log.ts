/**
 * A generic durable log for in-memory state: an append-only journal of JSON records plus
 * snapshots, in one data directory. It knows nothing about what the records mean; the caller
 * replays them into its state at open and supplies a snapshot of that state when asked.
 *
 * Files in the directory (generation numbers zero-padded to 8 digits):
 * - `journal-<gen>.sqsj`: records in append order; only the newest is written to.
 * - `snapshot-<gen>.sqsj`: the state when journal <gen> began (fuzzily, see compaction), so
 *   recovery is snapshot <g> plus journals <g>, <g+1>, ... in order. No snapshot means journal 1
 *   onwards.
 * - `snapshot-<gen>.sqsj.tmp`: a snapshot being written; removed at open.
 * - `LOCK`: pid and host of the process that has the directory open.
 * See record-format.ts for the bytes.
 *
 * Compaction (when the journals since the last snapshot pass `compactAfterBytes` and twice the
 * snapshot): the current journal is written out and fdatasynced, journal <g+1> is created and
 * takes every later record, then snapshot <g+1> is written from `snapshotSource()` in time slices
 * while commits go on. The state changes as it is read, so the snapshot is fuzzy: it is correct
 * because the caller's records are absolute, idempotent upserts and deletes (replaying journal
 * <g+1> over it gives the final state) and because each record is appended in the same
 * synchronous run as the change it describes. Only after the snapshot is durable (fdatasync,
 * rename, directory fsync) are the older snapshot and journals deleted; a crash at any point
 * leaves either the old snapshot with all its journals or the new one with its own.
 */
import { resolve as resolvePath, join } from 'node:path';
import type { Clock, ClockTimer } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import { DataDirLock } from './data-dir-lock';
import { type DurableFiles, fsyncDir, nodeFiles } from './durable-files.interface';
import type { DurableLogOptions, FsyncPolicy } from './durable-log-options.interface';
import { JournalWriter } from './journal-writer';
import { PersistenceWriteError } from './persistence-write.error';
import { encodeFrame, fileName, parseFileName } from './record-format';
import { recoverDataDir } from './recover-data-dir';
import { SnapshotAbortedError, writeSnapshot } from './snapshot-writer';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Rotation extends Waiter {
  readonly gen: number;
}

const MiB = 1 << 20;

/** A journal plus snapshots in one directory; see the file comment for the layout. */
export class DurableLog {
  private readonly files: DurableFiles;
  private readonly policy: FsyncPolicy;
  private readonly fsyncIntervalMs: number;
  private readonly compactAfterBytes: number;
  private readonly sliceMs: number;
  private readonly clock: Clock;
  private readonly warn: (message: string) => void;

  private journal: JournalWriter;
  private snapshotBytes: number;
  /** Bytes of the journals since the snapshot, except the current one. */
  private olderJournalBytes: number;
  private snapshotInProgressBytes = 0;

  private waiters: Waiter[] = [];
  private rotation: Rotation | undefined;
  private pumpRunning = false;
  private batchTimer: ClockTimer | undefined;
  /** Set from a failed write or sync until the same operation succeeds (one warning each way). */
  private failure: 'write' | 'sync' | undefined;
  private compaction: Promise<void> | undefined;
  /** After a failed compaction, the journal bytes at which an automatic one is tried again. */
  private retryCompactionAt = 0;
  private closing = false;
  private closed = false;
  private closed$: Promise<void> | undefined;

  private constructor(
    private readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly snapshotSource: () => Iterable<unknown>,
    options: DurableLogOptions,
    recovered: ReturnType<typeof recoverDataDir>,
  ) {
    this.files = options.files ?? nodeFiles;
    this.policy = options.fsync ?? 'batch';
    this.fsyncIntervalMs = options.fsyncIntervalMs ?? 100;
    this.compactAfterBytes = options.compactAfterBytes ?? 64 * MiB;
    this.sliceMs = options.snapshotSliceMs ?? 8;
    this.clock = options.clock ?? new SystemClock();
    this.warn = warner(options);
    this.journal = recovered.journal;
    this.snapshotBytes = recovered.snapshotBytes;
    this.olderJournalBytes = recovered.olderJournalBytes;
  }

  /**
   * Opens `options.dir` synchronously: takes its lock, loads the newest snapshot and replays every
   * later journal in order, calling `replay(record)` for each record in write order. A torn final
   * record of the newest journal (a crash mid-append) is cut off with a warning; any other bad
   * record throws PersistenceCorruptionError naming the file and byte offset, never loading part
   * of the state. `snapshotSource` is called at each compaction for the current state as records
   * that, replayed, rebuild it.
   * @throws PersistenceLockedError when another process has the directory open.
   * @throws PersistenceWriteError when the directory cannot be created or written.
   */
  static open(
    options: DurableLogOptions,
    replay: (record: unknown) => void,
    snapshotSource: () => Iterable<unknown>,
  ): DurableLog {
    const files = options.files ?? nodeFiles;
    const dir = resolvePath(options.dir);
    try {
      files.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw PersistenceWriteError.from(e, dir, 'creating data directory');
    }
    const lock = DataDirLock.acquire(files, dir, warner(options));
    try {
      const recovered = recoverDataDir(files, dir, replay, warner(options));
      return new DurableLog(dir, lock, snapshotSource, options, recovered);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  /** True while writes or syncs are failing (for health checks and logs). */
  get failing(): boolean {
    return this.failure !== undefined;
  }

  /**
   * Queues one JSON-serialisable record; synchronous and cheap. Call it in the same synchronous
   * run as the state change it records (compaction relies on that).
   * @throws TypeError for a value JSON cannot hold; Error once the log is closed.
   */
  append(record: unknown): void {
    if (this.closed) throw new Error(`DurableLog ${this.dir} is closed`);
    this.journal.append(encodeFrame(record));
  }

  /**
   * Resolves once every record appended so far is written to the OS (a process crash cannot lose
   * it), and under `always` fdatasynced too. Commits made while a write or sync runs share the
   * next one. On failure rejects with PersistenceWriteError and keeps the unwritten records
   * queued: the next commit writes them first, in order.
   */
  commit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`DurableLog ${this.dir} is closed`));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.startPump();
    });
  }

  /** Bytes on disk: snapshot, journals since it, and a snapshot being written. */
  diskBytes(): number {
    return (
      this.snapshotBytes + this.olderJournalBytes + this.journal.size + this.snapshotInProgressBytes
    );
  }

  /** Compacts now; resolves when the new snapshot is durable and the files it replaces are gone. */
  async compact(): Promise<void> {
    while (this.compaction && !this.closing) await this.compaction.catch(() => undefined);
    // A close that came while this one waited has released the directory, or is about to.
    if (this.closing) throw new Error(`DurableLog ${this.dir} is closing`);
    await this.startCompaction();
  }

  /** Writes and fdatasyncs what is queued, stops timers and compaction, releases the lock. */
  close(): Promise<void> {
    this.closed$ ??= this.shutDown();
    return this.closed$;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    if (this.compaction) await this.compaction.catch(() => undefined);
    if (this.batchTimer) this.clock.clearTimer(this.batchTimer);
    this.batchTimer = undefined;
    const last = this.commit();
    this.closed = true;
    let error: unknown;
    try {
      await last;
      await this.journal.sync();
    } catch (e) {
      error = e;
    }
    await this.journal.close();
    this.lock.release();
    if (error !== undefined) throw error;
  }

  private startPump(): void {
    if (this.pumpRunning) return;
    this.pumpRunning = true;
    // A microtask, so every commit of this synchronous run shares one write.
    queueMicrotask(() => void this.pump());
  }

  private async pump(): Promise<void> {
    try {
      while (this.waiters.length > 0 || this.rotation) {
        if (this.waiters.length > 0) await this.flush();
        if (this.rotation) await this.rotate();
      }
    } finally {
      this.pumpRunning = false;
    }
    this.maybeCompact();
  }

  private async flush(): Promise<void> {
    const waiters = this.waiters;
    this.waiters = [];
    let op: 'write' | 'sync' = 'write';
    try {
      this.journal.writePending();
      this.recovered('write');
      op = 'sync';
      if (this.policy === 'always') {
        await this.journal.sync();
        this.recovered('sync');
      }
    } catch (e) {
      this.failed(op, e);
      for (const w of waiters) w.reject(e);
      return;
    }
    for (const w of waiters) w.resolve();
    if (this.policy === 'batch') this.scheduleBatchSync();
  }

  private scheduleBatchSync(): void {
    if (this.batchTimer || this.closed || !this.journal.unsynced) return;
    this.batchTimer = this.clock.setTimer(() => {
      this.batchTimer = undefined;
      this.journal.sync().then(
        () => this.recovered('sync'),
        (e: unknown) => {
          this.failed('sync', e);
          this.scheduleBatchSync();
        },
      );
    }, this.fsyncIntervalMs);
  }

  private failed(op: 'write' | 'sync', e: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = op;
    this.warn(
      `${e instanceof Error ? e.message : String(e)}; records appended since are kept in memory ` +
        'and written by the next commit',
    );
  }

  private recovered(op: 'write' | 'sync'): void {
    if (this.failure !== op) return;
    this.failure = undefined;
    this.warn(
      `${this.journal.path}: ${op === 'write' ? 'writes' : 'syncs'} work again; nothing was lost`,
    );
  }

  /** Run by the pump, so no write happens between the old journal's sync and the switch. */
  private async rotate(): Promise<void> {
    const r = this.rotation as Rotation;
    this.rotation = undefined;
    try {
      this.journal.writePending();
      // The older journal is complete on disk before a newer one holds anything, so a power
      // loss can tear only the newest journal.
      await this.journal.sync();
      const old = this.journal;
      this.journal = JournalWriter.create(
        this.files,
        this.dir,
        join(this.dir, fileName('journal', r.gen)),
        r.gen,
      );
      // Commits that came during the sync queued their records on the old journal, and may
      // already be waiting for the next flush, which writes to the new one.
      this.journal.takePendingFrom(old);
      this.olderJournalBytes += old.size;
      await old.close();
      r.resolve();
    } catch (e) {
      r.reject(e);
    }
  }

  private maybeCompact(): void {
    if (this.closing || this.compaction || this.failure) return;
    const journalBytes = this.olderJournalBytes + this.journal.size;
    const due = Math.max(this.compactAfterBytes, 2 * this.snapshotBytes, this.retryCompactionAt);
    if (journalBytes >= due) this.startCompaction().catch(() => undefined);
  }

  private startCompaction(): Promise<void> {
    const run = this.runCompaction().finally(() => {
      if (this.compaction === run) this.compaction = undefined;
    });
    this.compaction = run;
    return run;
  }

  private async runCompaction(): Promise<void> {
    const gen = this.journal.gen + 1;
    try {
      await new Promise<void>((resolve, reject) => {
        this.rotation = { gen, resolve, reject };
        this.startPump();
      });
      const size = await writeSnapshot(this.files, this.dir, gen, this.snapshotSource(), {
        sliceMs: this.sliceMs,
        stopped: () => this.closing,
        progress: (bytes) => (this.snapshotInProgressBytes = bytes),
      }).finally(() => (this.snapshotInProgressBytes = 0));
      this.snapshotBytes = size;
      this.olderJournalBytes = 0;
      this.removeOlderThan(gen);
    } catch (e) {
      if (e instanceof SnapshotAbortedError) return;
      const journalBytes = this.olderJournalBytes + this.journal.size;
      this.retryCompactionAt = journalBytes + Math.max(this.compactAfterBytes / 4, MiB);
      this.warn(
        `compaction of ${this.dir} failed, the journals are kept and it is retried later: ` +
          (e instanceof Error ? e.message : String(e)),
      );
      throw e;
    }
  }

  /** Deletes snapshots and journals that snapshot `gen` (now durable) makes redundant. */
  private removeOlderThan(gen: number): void {
    try {
      for (const name of this.files.readdirSync(this.dir)) {
        const f = parseFileName(name);
        if (f && !f.temp && f.gen < gen) this.files.unlinkSync(join(this.dir, name));
      }
      fsyncDir(this.files, this.dir);
    } catch (e) {
      // Harmless: the next open loads the newest snapshot and removes what is older.
      this.warn(`could not remove files older than ${fileName('snapshot', gen)}: ${String(e)}`);
    }
  }
}

function warner(options: DurableLogOptions): (message: string) => void {
  const warn = options.onWarning ?? ((m) => process.emitWarning(m, 'PersistenceWarning'));
  return (message) => {
    try {
      warn(message);
    } catch {
      // A logger that throws must not leave commits unsettled: the warning is only news.
    }
  };
}
