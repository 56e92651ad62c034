import type { DurableFiles } from './durable-files.interface';
import { PersistenceCorruptionError } from './persistence-corruption.error';
import {
  END_MARKER_BYTES,
  FRAME_HEADER_BYTES,
  HEADER_BYTES,
  JSON_FIRST,
  JSON_LAST,
  type RecordFileKind,
  fileHeader,
  headerProblem,
  readEndMarker,
} from './record-format';
import { crc32 } from './crc32.util';

/** What reading one journal or snapshot found. */
export interface RecordFileScan {
  /** File size on disk. */
  readonly size: number;
  /** Where the last valid record ends: the file's size unless a torn tail was found. */
  readonly validEnd: number;
  readonly records: number;
  /** Set when the file ends in a torn append (allowed only for the newest journal). */
  readonly torn?: string;
}

const CHUNK = 4 << 20;

/**
 * Reads a record file front to back in 4 MiB chunks (a journal may be larger than memory should
 * hold at once), calling `onRecord` for each record in order.
 *
 * A bad frame (short, zero length, too long for the file, wrong CRC) is a torn tail only when
 * `allowTornTail` is set and no valid frame starts anywhere after it: what a crash in the middle of
 * the final append leaves, including a zero-filled tail. A bad frame with valid data after it is
 * damage, not a crash, and throws PersistenceCorruptionError, as does any bad frame where torn
 * tails are not allowed, since loading part of a file would silently lose state.
 */
export function readRecordFile(
  files: DurableFiles,
  path: string,
  kind: RecordFileKind,
  gen: number,
  allowTornTail: boolean,
  onRecord: (record: unknown) => void,
): RecordFileScan {
  const fd = files.openSync(path, 'r');
  try {
    return new Scanner(files, fd, path, files.fstatSync(fd).size).scan(
      kind,
      gen,
      allowTornTail,
      onRecord,
    );
  } finally {
    files.closeSync(fd);
  }
}

class Scanner {
  private buf = Buffer.allocUnsafe(CHUNK);
  private bufStart = 0;
  private bufLen = 0;

  constructor(
    private readonly files: DurableFiles,
    private readonly fd: number,
    private readonly path: string,
    private readonly size: number,
  ) {}

  scan(
    kind: RecordFileKind,
    gen: number,
    allowTornTail: boolean,
    onRecord: (record: unknown) => void,
  ): RecordFileScan {
    const { size } = this;
    if (size < HEADER_BYTES) {
      // A journal created just before a crash may hold part of its header, or zeros.
      const head = this.bytes(0, size);
      const expected = fileHeader(kind, gen).subarray(0, size);
      if (allowTornTail && (head.equals(expected) || head.every((b) => b === 0))) {
        return { size, validEnd: 0, records: 0, torn: 'file header cut short' };
      }
      throw this.corrupt(0, `file too short for a ${kind} header (${size} bytes)`);
    }
    const problem = headerProblem(this.bytes(0, HEADER_BYTES), kind, gen);
    if (problem) throw this.corrupt(0, problem);

    let pos = HEADER_BYTES;
    let records = 0;
    for (;;) {
      const remaining = size - pos;
      if (kind === 'snapshot' && remaining === END_MARKER_BYTES) {
        const count = readEndMarker(this.bytes(pos, END_MARKER_BYTES));
        if (count !== undefined) {
          if (count !== records >>> 0) {
            throw this.corrupt(
              pos,
              `end marker counts ${count} records, the file holds ${records}`,
            );
          }
          return { size, validEnd: size, records };
        }
      }
      if (remaining === 0) {
        if (kind === 'snapshot') {
          throw this.corrupt(pos, 'snapshot ends without its end marker (the file is incomplete)');
        }
        return { size, validEnd: size, records };
      }
      const why = this.frameProblem(pos);
      if (why !== undefined) {
        if (allowTornTail && !this.validFrameAfter(pos)) {
          return { size, validEnd: pos, records, torn: why };
        }
        throw this.corrupt(
          pos,
          allowTornTail ? `${why}, with valid records after it` : `${why} (record ${records + 1})`,
        );
      }
      const len = this.bytes(pos, 4).readUInt32LE(0);
      const payload = this.bytes(pos + FRAME_HEADER_BYTES, len);
      let value: unknown;
      try {
        value = JSON.parse(payload.toString('utf8'));
      } catch (e) {
        // The CRC matched, so these are the bytes that were written: a writer bug, not a crash.
        throw this.corrupt(pos, `record is not JSON (${(e as Error).message})`);
      }
      onRecord(value);
      records++;
      pos += FRAME_HEADER_BYTES + len;
    }
  }

  /** Why the frame at `pos` is not valid, or undefined. */
  private frameProblem(pos: number): string | undefined {
    const remaining = this.size - pos;
    if (remaining < FRAME_HEADER_BYTES) return `frame header cut short (${remaining} bytes)`;
    const head = this.bytes(pos, FRAME_HEADER_BYTES);
    const len = head.readUInt32LE(0);
    const crc = head.readUInt32LE(4);
    if (len === 0) return 'zero-length record';
    if (len > remaining - FRAME_HEADER_BYTES) {
      return `record of ${len} bytes runs past the end of the file (${remaining - FRAME_HEADER_BYTES} left)`;
    }
    if (crc32(this.bytes(pos + FRAME_HEADER_BYTES, len)) !== crc) return 'checksum mismatch';
    return undefined;
  }

  /**
   * Whether a valid frame starts anywhere after `bad`. Length fields read from JSON text are huge,
   * and the first and last payload bytes must be ones JSON.stringify writes, so nearly every
   * offset is rejected before a CRC is computed.
   */
  private validFrameAfter(bad: number): boolean {
    for (let p = bad + 1; p + FRAME_HEADER_BYTES < this.size; p++) {
      const len = this.bytes(p, 4).readUInt32LE(0);
      if (len === 0 || len > this.size - p - FRAME_HEADER_BYTES) continue;
      if (!JSON_FIRST.has(this.byteAt(p + FRAME_HEADER_BYTES))) continue;
      if (!JSON_LAST.has(this.byteAt(p + FRAME_HEADER_BYTES + len - 1))) continue;
      if (this.frameProblem(p) === undefined) return true;
    }
    return false;
  }

  /** One byte, read alone when outside the buffer so probing far ahead does not refill it. */
  private byteAt(pos: number): number {
    if (pos >= this.bufStart && pos < this.bufStart + this.bufLen)
      return this.buf[pos - this.bufStart];
    const one = Buffer.alloc(1);
    if (this.files.readSync(this.fd, one, 0, 1, pos) !== 1)
      throw this.corrupt(pos, 'file shrank while being read');
    return one[0];
  }

  /** `n` bytes from file position `pos` (a view valid until the next call). */
  private bytes(pos: number, n: number): Buffer {
    if (pos >= this.bufStart && pos + n <= this.bufStart + this.bufLen) {
      return this.buf.subarray(pos - this.bufStart, pos - this.bufStart + n);
    }
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    const want = Math.min(this.buf.length, this.size - pos);
    let got = 0;
    while (got < want) {
      const r = this.files.readSync(this.fd, this.buf, got, want - got, pos + got);
      if (r === 0) break;
      got += r;
    }
    this.bufStart = pos;
    this.bufLen = got;
    if (got < n) throw this.corrupt(pos + got, 'file shrank while being read');
    return this.buf.subarray(0, n);
  }

  private corrupt(offset: number, why: string): PersistenceCorruptionError {
    return new PersistenceCorruptionError(this.path, offset, why);
  }
}
