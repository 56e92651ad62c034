import * as fs from 'node:fs';
import type { DurableFiles } from '../../../src/emulator';

/**
 * The real file system with a switch: while `fail(code)` is on, writes (and syncs) throw that
 * errno, as a full disk (ENOSPC), a disk remounted read-only (EROFS) or a failing one (EIO)
 * would; with `partial`, the first write that fails writes half its bytes first, as a disk that
 * fills up mid-write does. `heal()` lets writes through again.
 */
export class FaultyFiles {
  private failing: { code: string; partial: boolean } | undefined;
  failedWrites = 0;

  fail(code: string, options: { partial?: boolean } = {}): void {
    this.failing = { code, partial: options.partial ?? false };
  }

  heal(): void {
    this.failing = undefined;
  }

  readonly files: DurableFiles = {
    mkdirSync: (p, o) => fs.mkdirSync(p, o),
    readdirSync: (p) => fs.readdirSync(p),
    openSync: (p, flags) => {
      if (this.failing && /[wa]/.test(flags)) throw this.error('open');
      return fs.openSync(p, flags);
    },
    closeSync: (fd) => fs.closeSync(fd),
    readSync: (fd, b, o, l, p) => fs.readSync(fd, b, o, l, p),
    writeSync: (fd, buffer, offset, length) => {
      const f = this.failing;
      if (f) {
        this.failedWrites++;
        if (f.partial && length > 1) {
          f.partial = false;
          return fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
        }
        throw this.error('write');
      }
      return fs.writeSync(fd, buffer, offset, length);
    },
    fstatSync: (fd) => fs.fstatSync(fd),
    ftruncateSync: (fd, l) => fs.ftruncateSync(fd, l),
    fsyncSync: (fd) => {
      if (this.failing) throw this.error('fsync');
      fs.fsyncSync(fd);
    },
    fdatasync: (fd, cb) => {
      if (this.failing) {
        const e = this.error('fdatasync');
        setImmediate(() => cb(e));
        return;
      }
      fs.fdatasync(fd, cb);
    },
    renameSync: (a, b) => fs.renameSync(a, b),
    linkSync: (a, b) => {
      if (this.failing) throw this.error('link');
      fs.linkSync(a, b);
    },
    unlinkSync: (p) => fs.unlinkSync(p),
    readFileSync: (p) => fs.readFileSync(p),
  };

  private error(syscall: string): NodeJS.ErrnoException {
    const code = (this.failing as { code: string }).code;
    const e: NodeJS.ErrnoException = new Error(`${code}: simulated failure, ${syscall}`);
    e.code = code;
    e.syscall = syscall;
    return e;
  }
}
