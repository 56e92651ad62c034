import * as fs from 'node:fs';

/**
 * The file operations the log uses, with node:fs's own signatures, so `node:fs` is the default
 * and a test can replace any one of them (fail a write with ENOSPC after a partial write, count
 * fdatasync calls, refuse to create files as a read-only disk would).
 */
export interface DurableFiles {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  readdirSync(path: string): string[];
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  readSync(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  /** Returns how many bytes were written, which may be fewer than `length`. */
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fstatSync(fd: number): { size: number };
  ftruncateSync(fd: number, length: number): void;
  /** Used at open, for directories and for files whose metadata (size after truncate) matters. */
  fsyncSync(fd: number): void;
  /** Asynchronous, so a commit's sync does not block the event loop. */
  fdatasync(fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void;
  renameSync(oldPath: string, newPath: string): void;
  /** Fails with EEXIST if `newPath` exists: how the lock is created whole, or not at all. */
  linkSync(existingPath: string, newPath: string): void;
  unlinkSync(path: string): void;
  readFileSync(path: string): Buffer;
}

/** The real file system. */
export const nodeFiles: DurableFiles = fs;

/** Writes all of `buf`, going on after short writes; throws what writeSync throws. */
export function writeFully(files: DurableFiles, fd: number, buf: Uint8Array): void {
  let done = 0;
  while (done < buf.length) done += files.writeSync(fd, buf, done, buf.length - done);
}

/**
 * fsyncs a directory, so a file created, renamed or deleted in it stays so after a power loss.
 * Windows cannot open a directory for this; there the rename is as durable as NTFS makes it.
 */
export function fsyncDir(files: DurableFiles, dir: string): void {
  let fd: number;
  try {
    fd = files.openSync(dir, 'r');
  } catch (e) {
    if (process.platform === 'win32') return;
    throw e;
  }
  try {
    files.fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(process.platform === 'win32' || code === 'EINVAL' || code === 'EISDIR')) throw e;
  } finally {
    files.closeSync(fd);
  }
}

/** fdatasync as a promise. */
export function fdatasync(files: DurableFiles, fd: number): Promise<void> {
  return new Promise((resolve, reject) =>
    files.fdatasync(fd, (err) => (err ? reject(err) : resolve())),
  );
}
