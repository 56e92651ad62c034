/**
 * The on-disk format, shared by journals and snapshots.
 *
 * Every file starts with a 16-byte header: an 8-byte magic (`SQSKJRNL` for a journal, `SQSKSNAP`
 * for a snapshot), the format version (u32 LE) and the file's generation (u32 LE, the number in
 * its name). Records follow as frames: payload length (u32 LE, >= 1), CRC-32 of the payload
 * (u32 LE), then the payload, UTF-8 JSON. A snapshot ends with a 16-byte end marker (`SQSKEND\0`,
 * the record count, CRC-32 of those 12 bytes), so a cut-short snapshot is never taken for a
 * complete one; a journal has no end, its last frame may be torn by a crash.
 */
import { crc32 } from './crc32.util';

export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 16;
export const FRAME_HEADER_BYTES = 8;
export const END_MARKER_BYTES = 16;

export type RecordFileKind = 'journal' | 'snapshot';

const MAGIC: Record<RecordFileKind, Buffer> = {
  journal: Buffer.from('SQSKJRNL', 'latin1'),
  snapshot: Buffer.from('SQSKSNAP', 'latin1'),
};
const END_MAGIC = Buffer.from('SQSKEND\0', 'latin1');

/** The lock file's name. */
export const LOCK_FILE = 'LOCK';
const FILE_NAME = /^(journal|snapshot)-(\d{1,10})\.sqsj(\.tmp)?$/;

/** `journal-00000001.sqsj`: zero-padded so a directory listing sorts in generation order. */
export function fileName(kind: RecordFileKind, gen: number, temp = false): string {
  return `${kind}-${String(gen).padStart(8, '0')}.sqsj${temp ? '.tmp' : ''}`;
}

/** What a directory entry is, or undefined for a name the log does not own. */
export function parseFileName(
  name: string,
): { kind: RecordFileKind; gen: number; temp: boolean } | undefined {
  const m = FILE_NAME.exec(name);
  if (!m) return undefined;
  return { kind: m[1] as RecordFileKind, gen: Number(m[2]), temp: m[3] !== undefined };
}

export function fileHeader(kind: RecordFileKind, gen: number): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  MAGIC[kind].copy(b, 0);
  b.writeUInt32LE(FORMAT_VERSION, 8);
  b.writeUInt32LE(gen, 12);
  return b;
}

/** Why `header` is not that of `kind` file generation `gen`, or undefined when it is. */
export function headerProblem(
  header: Buffer,
  kind: RecordFileKind,
  gen: number,
): string | undefined {
  const magic = header.subarray(0, 8);
  if (!magic.equals(MAGIC[kind])) {
    const other = kind === 'journal' ? 'snapshot' : 'journal';
    return magic.equals(MAGIC[other])
      ? `a ${other} file named as a ${kind}`
      : `not a nestjs-sqs-kit ${kind} (unknown header ${JSON.stringify(magic.toString('latin1'))})`;
  }
  const version = header.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    return `format version ${version}, this version of nestjs-sqs-kit reads only version ${FORMAT_VERSION}`;
  }
  const fileGen = header.readUInt32LE(12);
  return fileGen === gen ? undefined : `header says generation ${fileGen}, the file name ${gen}`;
}

/** One record as a frame. Throws TypeError for a value JSON cannot represent. */
export function encodeFrame(record: unknown): Buffer {
  const json = JSON.stringify(record) as string | undefined;
  if (json === undefined) throw new TypeError(`DurableLog cannot store ${typeof record}`);
  const len = Buffer.byteLength(json, 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + len);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(len, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

export function endMarker(count: number): Buffer {
  const b = Buffer.alloc(END_MARKER_BYTES);
  END_MAGIC.copy(b, 0);
  b.writeUInt32LE(count >>> 0, 8);
  b.writeUInt32LE(crc32(b.subarray(0, 12)), 12);
  return b;
}

/** The record count an end marker holds, or undefined if `b` is not a valid end marker. */
export function readEndMarker(b: Buffer): number | undefined {
  if (b.length !== END_MARKER_BYTES || !b.subarray(0, 8).equals(END_MAGIC)) return undefined;
  return crc32(b.subarray(0, 12)) === b.readUInt32LE(12) ? b.readUInt32LE(8) : undefined;
}

/** Bytes JSON.stringify can start or end a payload with: a cheap filter before a CRC. */
export const JSON_FIRST = new Set([...'{["-0123456789tfn'].map((c) => c.charCodeAt(0)));
export const JSON_LAST = new Set([...'}]"0123456789el'].map((c) => c.charCodeAt(0)));
