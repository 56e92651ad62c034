import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DurableFiles } from './durable-files.interface';
import { fdatasync, fsyncDir, writeFully } from './durable-files.interface';
import { PersistenceWriteError } from './persistence-write.error';
import { encodeFrame, endMarker, fileHeader, fileName } from './record-format';

/** Bytes gathered before one write to the snapshot file. */
const CHUNK_BYTES = 1 << 20;

/** How a snapshot is written; `stopped` is polled between slices (close() aborts a compaction). */
export interface SnapshotWriteOptions {
  readonly sliceMs: number;
  readonly stopped: () => boolean;
  /** Told the bytes written so far, for diskBytes(). */
  readonly progress: (bytes: number) => void;
}

/** Thrown by writeSnapshot when `stopped()` turned true; the temp file is removed. */
export class SnapshotAbortedError extends Error {
  override readonly name = 'SnapshotAbortedError';
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes snapshot `gen` from `source` without stalling the event loop: records are pulled for at
 * most `sliceMs`, then the loop gets a turn (commits go on meanwhile). The file is written as
 * `snapshot-<gen>.sqsj.tmp`, fdatasynced, renamed to its final name and the directory fsynced, so
 * a final-named snapshot is always complete. Resolves with the snapshot's size.
 */
export async function writeSnapshot(
  files: DurableFiles,
  dir: string,
  gen: number,
  source: Iterable<unknown>,
  options: SnapshotWriteOptions,
): Promise<number> {
  const temp = join(dir, fileName('snapshot', gen, true));
  const final = join(dir, fileName('snapshot', gen));
  let fd: number | undefined;
  let step = 'creating snapshot';
  try {
    fd = files.openSync(temp, 'w');
    const open = fd;
    step = 'writing snapshot';
    let size = 0;
    const write = (b: Buffer): void => {
      writeFully(files, open, b);
      size += b.length;
      options.progress(size);
    };
    write(fileHeader('snapshot', gen));
    const it = source[Symbol.iterator]();
    let count = 0;
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (let done = false; !done;) {
      const until = performance.now() + options.sliceMs;
      do {
        for (let i = 0; i < 64; i++) {
          const next = it.next();
          if (next.done) {
            done = true;
            break;
          }
          const frame = encodeFrame(next.value);
          chunk.push(frame);
          chunkBytes += frame.length;
          count++;
          if (chunkBytes >= CHUNK_BYTES) {
            write(Buffer.concat(chunk));
            chunk = [];
            chunkBytes = 0;
          }
        }
      } while (!done && performance.now() < until);
      if (chunkBytes > 0) write(Buffer.concat(chunk));
      chunk = [];
      chunkBytes = 0;
      if (!done) {
        await yieldToEventLoop();
        if (options.stopped()) throw new SnapshotAbortedError('snapshot aborted by close()');
      }
    }
    write(endMarker(count));
    step = 'syncing snapshot';
    await fdatasync(files, open);
    files.closeSync(open);
    fd = undefined;
    step = 'renaming snapshot';
    files.renameSync(temp, final);
    step = 'syncing directory';
    fsyncDir(files, dir);
    return size;
  } catch (e) {
    if (fd !== undefined) files.closeSync(fd);
    if (step !== 'syncing directory') {
      try {
        files.unlinkSync(temp);
      } catch {
        // The next open removes it.
      }
    }
    // Only file-system failures are write errors; a record JSON cannot hold is the caller's bug.
    if (typeof (e as NodeJS.ErrnoException | undefined)?.code !== 'string') throw e;
    throw PersistenceWriteError.from(e, step === 'syncing directory' ? dir : temp, step);
  }
}
