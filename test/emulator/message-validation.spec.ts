import { checkBody, utf8LengthIfValid } from '../../src/emulator/validation/message-validation';

describe('body character checks', () => {
  it('measures ASCII, 2-, 3- and 4-byte characters as UTF-8 does', () => {
    for (const text of ['hello', 'caf\u00e9', '\u20ac\u4e2d', 'a\u{1F600}b', '\t\n\r']) {
      expect(utf8LengthIfValid(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it.each(['\u0000', '\u0008', '\u0013', '\uFFFF', '\uFFFE', '\uD800', 'a\uDC00'])(
    'finds the invalid character in %j',
    (text) => {
      expect(utf8LengthIfValid(text)).toBe(-1);
    },
  );

  it('rejects an invalid body under the classic policy', () => {
    expect(() => checkBody('a\u0000b', 'reject')).toThrow(
      expect.objectContaining({ Code: 'InvalidMessageContents' }),
    );
  });

  it('replaces invalid characters with U+FFFD under the newer policy', () => {
    expect(checkBody('a\u0000b', 'replace')).toEqual({ body: 'a\uFFFDb', bytes: 5 });
  });

  it('still rejects a body with no valid character left under the newer policy', () => {
    expect(() => checkBody('\u0000\u0001', 'replace')).toThrow(
      expect.objectContaining({ Code: 'InvalidMessageContents' }),
    );
  });
});
