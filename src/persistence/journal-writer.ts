import type { DurableFiles } from './durable-files.interface';
import { fdatasync, fsyncDir, writeFully } from './durable-files.interface';
import { PersistenceWriteError } from './persistence-write.error';
import { fileHeader } from './record-format';

/**
 * The journal being appended to: frames queued in memory until `writePending` hands them to the
 * OS. A write that fails part-way keeps exactly the unwritten bytes queued, so the next attempt
 * continues where the file stopped and the journal stays a complete prefix of what was appended.
 */
export class JournalWriter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes known to be on stable storage (after the last successful fdatasync). */
  private syncedSize: number;
  private syncing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly files: DurableFiles,
    readonly path: string,
    readonly gen: number,
    private readonly fd: number,
    /** Bytes in the file: header and every frame written so far. */
    public size: number,
  ) {
    this.syncedSize = size;
  }

  /** Creates journal `gen` with its header, durably (file and directory entry). */
  static create(files: DurableFiles, dir: string, path: string, gen: number): JournalWriter {
    let fd: number | undefined;
    try {
      fd = JournalWriter.openNew(files, path);
      const header = fileHeader('journal', gen);
      writeFully(files, fd, header);
      files.fsyncSync(fd);
      fsyncDir(files, dir);
      return new JournalWriter(files, path, gen, fd, header.length);
    } catch (e) {
      if (fd !== undefined) {
        files.closeSync(fd);
        try {
          files.unlinkSync(path);
        } catch {
          // Left for the next open, which recreates a journal whose header is cut short.
        }
      }
      throw PersistenceWriteError.from(e, path, 'creating journal');
    }
  }

  /**
   * Creates `path`. A file already there is what an earlier try at this generation left when it
   * failed and could not remove it: it never took a record (the switch to it did not happen), so
   * it is replaced rather than blocking every later compaction.
   */
  private static openNew(files: DurableFiles, path: string): number {
    try {
      return files.openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      files.unlinkSync(path);
      return files.openSync(path, 'wx');
    }
  }

  /** Opens an existing journal, already checked to be `size` valid bytes, for appending. */
  static reopen(files: DurableFiles, path: string, gen: number, size: number): JournalWriter {
    try {
      return new JournalWriter(files, path, gen, files.openSync(path, 'a'), size);
    } catch (e) {
      throw PersistenceWriteError.from(e, path, 'opening journal');
    }
  }

  append(frame: Buffer): void {
    this.pending.push(frame);
    this.pendingLength += frame.length;
  }

  /**
   * Moves the frames queued on `older` and not yet written to the front of this journal's queue:
   * records appended while the older journal was being synced before the switch belong here.
   */
  takePendingFrom(older: JournalWriter): void {
    this.pending = older.pending.concat(this.pending);
    this.pendingLength += older.pendingLength;
    older.pending = [];
    older.pendingLength = 0;
  }

  /** Bytes appended but not yet written to the OS. */
  get pendingBytes(): number {
    return this.pendingLength;
  }

  /** Whether bytes were written since the last successful sync. */
  get unsynced(): boolean {
    return this.syncedSize < this.size;
  }

  /** Hands every queued frame to the OS in one write (more after short writes). */
  writePending(): void {
    if (this.pendingLength === 0) return;
    const buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    let done = 0;
    try {
      while (done < buf.length) {
        done += this.files.writeSync(this.fd, buf, done, buf.length - done);
      }
      this.pending = [];
      this.pendingLength = 0;
    } catch (e) {
      this.pending = [buf.subarray(done)];
      this.pendingLength = buf.length - done;
      throw PersistenceWriteError.from(e, this.path, 'writing journal');
    } finally {
      this.size += done;
    }
  }

  /** fdatasyncs what has been written; a sync already running is waited for first. */
  async sync(): Promise<void> {
    while (this.syncing) await this.syncing.catch(() => undefined);
    if (this.closed || !this.unsynced) return;
    const covers = this.size;
    const run = fdatasync(this.files, this.fd).then(
      () => {
        this.syncedSize = Math.max(this.syncedSize, covers);
      },
      (e: unknown) => {
        throw PersistenceWriteError.from(e, this.path, 'syncing journal');
      },
    );
    this.syncing = run;
    try {
      await run;
    } finally {
      if (this.syncing === run) this.syncing = undefined;
    }
  }

  /** Closes the file once no sync is running on it. Queued frames are the caller's to write. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.syncing) await this.syncing.catch(() => undefined);
    this.files.closeSync(this.fd);
  }
}
