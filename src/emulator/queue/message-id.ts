import { randomFillSync } from 'node:crypto';

const POOL_UUIDS = 512;
const pool = Buffer.allocUnsafe(16 * POOL_UUIDS);
let poolOffset = pool.length;
const text = Buffer.allocUnsafe(36);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A random (version 4) UUID as a flat 36-byte string. `crypto.randomUUID()` returns a string that
 * costs about 490 bytes of heap; this one costs 56 (a message keeps neither: see
 * {@link newMessageIdWords}).
 */
export function newMessageId(): string {
  const w: MessageIdWords = { w0: 0, w1: 0, w2: 0, w3: 0 };
  newMessageIdWords(w);
  return unpackMessageId(w);
}

/**
 * A random (version 4) UUID written into `out` as four words, with no string made: a message
 * builds the string only when its id is read. Random bytes come from the CSPRNG in pooled blocks.
 */
export function newMessageIdWords(out: MessageIdWords): void {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += 16;
  out.w0 = pool.readInt32BE(at);
  // Version 4 in the third group's first nibble, the RFC 4122 variant in the fourth's.
  out.w1 = (pool.readInt32BE(at + 4) & ~0xf000) | 0x4000;
  out.w2 = (pool.readInt32BE(at + 8) & 0x3fffffff) | 0x80000000;
  out.w3 = pool.readInt32BE(at + 12);
}

/** A lowercase hexadecimal UUID as four 32-bit words (the form a message keeps it in). */
export interface MessageIdWords {
  w0: number;
  w1: number;
  w2: number;
  w3: number;
}

/** Nibble value of a lowercase hex digit's char code, -1 for anything else. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE[HEX[i]] = i;
/**
 * Writes `id` into `out` as four int32 words, and says whether it could: only a 36-character
 * lowercase hex UUID can (every id the emulator makes is one); any other string must be kept as
 * it is. A string costs 56 bytes of heap plus its reference, the words 32.
 */
export function packMessageId(id: string, out: MessageIdWords): boolean {
  if (id.length !== 36) return false;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let n = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
      continue;
    }
    const v = c < 128 ? NIBBLE[c] : -1;
    if (v < 0) return false;
    if (n < 8) w0 = (w0 << 4) | v;
    else if (n < 16) w1 = (w1 << 4) | v;
    else if (n < 24) w2 = (w2 << 4) | v;
    else w3 = (w3 << 4) | v;
    n++;
  }
  out.w0 = w0;
  out.w1 = w1;
  out.w2 = w2;
  out.w3 = w3;
  return true;
}

/** The UUID that {@link packMessageId} packed. */
export function unpackMessageId(w: MessageIdWords): string {
  let o = 0;
  for (let k = 0; k < 4; k++) {
    const word = k === 0 ? w.w0 : k === 1 ? w.w1 : k === 2 ? w.w2 : w.w3;
    for (let shift = 28; shift >= 0; shift -= 4) {
      if (o === 8 || o === 13 || o === 18 || o === 23) text[o++] = 0x2d;
      text[o++] = HEX[(word >>> shift) & 15];
    }
  }
  return text.toString('latin1', 0, 36);
}
