import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { join } from 'node:path';
import { type DurableFiles, writeFully } from './durable-files.interface';
import { PersistenceLockedError } from './persistence-locked.error';
import { PersistenceWriteError } from './persistence-write.error';
import { LOCK_FILE } from './record-format';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function codeOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** `LOCK.<pid>.<nonce>.tmp` (a lock being made) and `.stale` (one being taken over). */
const SIDE_FILE = /^LOCK\.(\d+)\.[0-9a-f-]+\.(tmp|stale)$/;

/**
 * The data directory's `LOCK` file, holding the owner's pid, host and a nonce. A lock left by a
 * dead process on this host (SIGKILL, power loss) is taken over with a warning; one held by a
 * live process, or by another host (a shared disk), is refused.
 *
 * No opener ever sees a lock half written: the owner writes it whole under a name of its own and
 * links it into place, which fails if a `LOCK` exists. A dead owner's lock is renamed aside before
 * it is replaced, and the opener checks that what it moved is what it judged dead: of two openers
 * taking over the same lock at once, one gets the directory and the other is refused.
 */
export class DataDirLock {
  private constructor(
    private readonly files: DurableFiles,
    private readonly path: string,
    /** This lock's content: released only while `LOCK` still holds it. */
    private readonly content: string,
  ) {}

  static acquire(files: DurableFiles, dir: string, warn: (m: string) => void): DataDirLock {
    const path = join(dir, LOCK_FILE);
    const nonce = randomUUID();
    const content = JSON.stringify({ pid: process.pid, host: os.hostname(), nonce });
    const staged = join(dir, `${LOCK_FILE}.${process.pid}.${nonce}.tmp`);
    DataDirLock.writeStaged(files, staged, path, content);
    try {
      // A dead owner's lock is taken over once; a lock still there after that is someone's.
      for (let attempt = 0; ; attempt++) {
        try {
          files.linkSync(staged, path);
          DataDirLock.removeLeftovers(files, dir);
          return new DataDirLock(files, path, content);
        } catch (e) {
          if (codeOf(e) !== 'EEXIST') {
            throw PersistenceWriteError.from(e, path, 'creating the lock file');
          }
        }
        const raw = DataDirLock.readRaw(files, path);
        if (raw === undefined) continue; // released meanwhile
        const held = DataDirLock.parse(raw);
        if (
          attempt > 0 ||
          (held && (held.host !== os.hostname() || held.pid === process.pid || isAlive(held.pid)))
        ) {
          throw new PersistenceLockedError(dir, held?.pid ?? -1, held?.host ?? 'an unknown host');
        }
        warn(
          held
            ? `taking over the lock of ${dir}: process ${held.pid} that held it is gone`
            : `taking over the lock of ${dir}: its LOCK file is unreadable (a crash while it was written)`,
        );
        DataDirLock.moveAside(files, dir, path, raw, `${LOCK_FILE}.${process.pid}.${nonce}.stale`);
      }
    } finally {
      DataDirLock.unlinkQuietly(files, staged);
    }
  }

  /** Removes `LOCK` if it is still this lock (another opener may have taken over a stale one). */
  release(): void {
    try {
      if (DataDirLock.readRaw(this.files, this.path) === this.content) {
        this.files.unlinkSync(this.path);
      }
    } catch {
      // The disk refuses: the next open takes over a dead owner's lock anyway.
    }
  }

  /** Writes the lock whole under its own name; errors name `LOCK`, the file a user knows. */
  private static writeStaged(
    files: DurableFiles,
    staged: string,
    path: string,
    content: string,
  ): void {
    let fd: number | undefined;
    try {
      fd = files.openSync(staged, 'wx');
      writeFully(files, fd, Buffer.from(content));
    } catch (e) {
      if (fd !== undefined) DataDirLock.unlinkQuietly(files, staged);
      throw PersistenceWriteError.from(e, path, 'creating the lock file');
    } finally {
      if (fd !== undefined) files.closeSync(fd);
    }
  }

  /**
   * Renames the dead owner's lock (`raw`) out of the way. If what moved is not it (another opener
   * took it over meanwhile), that opener's lock is linked back and this open is refused.
   */
  private static moveAside(
    files: DurableFiles,
    dir: string,
    path: string,
    raw: string,
    asideName: string,
  ): void {
    const aside = join(dir, asideName);
    try {
      files.renameSync(path, aside);
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return; // another opener moved it: the next link decides
      throw PersistenceWriteError.from(e, path, 'taking over the lock file');
    }
    const moved = DataDirLock.readRaw(files, aside);
    if (moved !== raw) {
      try {
        files.linkSync(aside, path);
      } catch {
        // A third opener has linked its own meanwhile: it holds the directory.
      }
      DataDirLock.unlinkQuietly(files, aside);
      const held = moved === undefined ? undefined : DataDirLock.parse(moved);
      throw new PersistenceLockedError(dir, held?.pid ?? -1, held?.host ?? 'an unknown host');
    }
    DataDirLock.unlinkQuietly(files, aside);
  }

  /** Side files a process left when it died between making its lock and tidying up. */
  private static removeLeftovers(files: DurableFiles, dir: string): void {
    try {
      for (const name of files.readdirSync(dir)) {
        const pid = SIDE_FILE.exec(name)?.[1];
        if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) {
          DataDirLock.unlinkQuietly(files, join(dir, name));
        }
      }
    } catch {
      // Harmless: they are tried again at the next open.
    }
  }

  private static unlinkQuietly(files: DurableFiles, path: string): void {
    try {
      files.unlinkSync(path);
    } catch {
      // Already gone.
    }
  }

  private static readRaw(files: DurableFiles, path: string): string | undefined {
    try {
      return files.readFileSync(path).toString('utf8');
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return undefined;
      throw PersistenceWriteError.from(e, path, 'reading the lock file');
    }
  }

  private static parse(raw: string): LockOwner | undefined {
    try {
      const v = JSON.parse(raw) as Partial<LockOwner>;
      return typeof v.pid === 'number' && typeof v.host === 'string'
        ? { pid: v.pid, host: v.host }
        : undefined;
    } catch {
      return undefined;
    }
  }
}
