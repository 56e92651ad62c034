import { randomBytes } from 'node:crypto';
import { crc32, crc32Portable } from '../../src/persistence/crc32.util';

describe('crc32', () => {
  it('gives the standard CRC-32 check value', () => {
    expect(crc32Portable(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('agrees between the portable table and zlib for random data of every small length', () => {
    for (let len = 0; len < 300; len++) {
      const data = randomBytes(len);
      expect(crc32Portable(data)).toBe(crc32(data));
    }
  });
});
