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

/**
 * The data directory's `LOCK` file: created exclusively, holding the owner's pid and host. A lock
 * left by a dead process on this host (SIGKILL, power loss) is taken over with a warning; one held
 * by a live process, or by another host (a shared disk), is refused.
 */
export class DataDirLock {
  private constructor(
    private readonly files: DurableFiles,
    private readonly path: string,
  ) {}

  static acquire(files: DurableFiles, dir: string, warn: (m: string) => void): DataDirLock {
    const path = join(dir, LOCK_FILE);
    const mine = JSON.stringify({ pid: process.pid, host: os.hostname() });
    for (let attempt = 0; ; attempt++) {
      let fd: number;
      try {
        fd = files.openSync(path, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw DataDirLock.locked(files, dir);
          throw PersistenceWriteError.from(e, path, 'creating the lock file');
        }
        const held = DataDirLock.read(files, path);
        if (
          held &&
          (held.host !== os.hostname() || held.pid === process.pid || isAlive(held.pid))
        ) {
          throw new PersistenceLockedError(dir, held.pid, held.host);
        }
        warn(
          held
            ? `taking over the lock of ${dir}: process ${held.pid} that held it is gone`
            : `taking over the lock of ${dir}: its LOCK file is unreadable (a crash while it was written)`,
        );
        files.unlinkSync(path);
        continue;
      }
      try {
        writeFully(files, fd, Buffer.from(mine));
      } catch (e) {
        files.closeSync(fd);
        files.unlinkSync(path);
        throw PersistenceWriteError.from(e, path, 'writing the lock file');
      }
      files.closeSync(fd);
      return new DataDirLock(files, path);
    }
  }

  release(): void {
    try {
      this.files.unlinkSync(this.path);
    } catch {
      // Already gone, or the disk refuses: the next open takes over a dead owner's lock anyway.
    }
  }

  private static read(files: DurableFiles, path: string): LockOwner | undefined {
    try {
      const v = JSON.parse(files.readFileSync(path).toString('utf8')) as Partial<LockOwner>;
      return typeof v.pid === 'number' && typeof v.host === 'string'
        ? { pid: v.pid, host: v.host }
        : undefined;
    } catch {
      return undefined;
    }
  }

  private static locked(files: DurableFiles, dir: string): PersistenceLockedError {
    const held = DataDirLock.read(files, join(dir, LOCK_FILE));
    return new PersistenceLockedError(dir, held?.pid ?? -1, held?.host ?? 'an unknown host');
  }
}
