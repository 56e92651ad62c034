import type { Clock } from '../clock/clock.interface';
import type { DurableFiles } from './durable-files.interface';

/**
 * When a commit's bytes reach stable storage. Every policy hands them to the OS before the commit
 * resolves, so a process crash (SIGKILL, OOM kill) loses nothing committed; they differ on power
 * loss or a kernel crash:
 * - `always`: fdatasync before the commit resolves (group commit: concurrent commits share one);
 *   loses nothing committed.
 * - `batch`: fdatasync at most `fsyncIntervalMs` after a write; loses at most that window.
 * - `never`: the OS writes back when it likes (about 30 s on Linux); loses that much.
 */
export type FsyncPolicy = 'always' | 'batch' | 'never';

/** Options of {@link DurableLog.open}. */
export interface DurableLogOptions {
  /** The data directory; created if missing. */
  dir: string;
  /** Default `batch`. */
  fsync?: FsyncPolicy;
  /** Under `batch`: fdatasync at most this long after a write. Default 100. */
  fsyncIntervalMs?: number;
  /**
   * Journal bytes (since the last snapshot) that make a compaction due, checked after each
   * commit; never less than twice the last snapshot's size. Default 64 MiB.
   */
  compactAfterBytes?: number;
  /** Longest run of snapshot writing between event-loop turns while compacting. Default 8. */
  snapshotSliceMs?: number;
  /** Torn tail dropped, write failed, writes recovered, stale lock taken over... */
  onWarning?: (message: string) => void;
  /** File operations (default node:fs), replaceable so tests can fail or count them. */
  files?: DurableFiles;
  /** Schedules the `batch` fdatasync (default: the system clock). */
  clock?: Clock;
}
