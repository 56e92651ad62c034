import { randomFillSync } from 'node:crypto';

const POOL_UUIDS = 512;
const pool = Buffer.allocUnsafe(16 * POOL_UUIDS);
let poolOffset = pool.length;
const text = Buffer.allocUnsafe(36);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A random (version 4) UUID as a flat 36-byte string. `crypto.randomUUID()` returns a string that
 * costs about 490 bytes of heap, and the emulator keeps one per queued message; this one costs
 * 56. Random bytes come from the CSPRNG in pooled blocks.
 */
export function newMessageId(): string {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += 16;
  pool[at + 6] = (pool[at + 6] & 0x0f) | 0x40; // version 4
  pool[at + 8] = (pool[at + 8] & 0x3f) | 0x80; // RFC 4122 variant
  let o = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[o++] = 0x2d;
    const v = pool[at + i];
    text[o++] = HEX[v >> 4];
    text[o++] = HEX[v & 15];
  }
  return text.toString('latin1', 0, 36);
}
