import { md5OfBody, md5OfMessageAttributes, compareCodePoints } from '../../src/emulator';

// Vectors published with the npm package aws-md5-of-message-attributes (its README).
const NUMBER_FLOAT = {
  DataType: 'Number.float',
  StringValue: '4563442423554324324264524243.32543234',
};

describe('MD5 digests', () => {
  it('computes MD5OfMessageBody as the hex MD5 of the UTF-8 body', () => {
    expect(md5OfBody('foobar')).toBe('3858f62230ac3c915f300c664312c63f');
  });

  it('hashes a multi-byte body by its UTF-8 bytes', () => {
    expect(md5OfBody('\u00e9')).not.toBe(md5OfBody('e'));
  });

  it('matches the published vector for one String attribute', () => {
    expect(
      md5OfMessageAttributes({ attribName1: { DataType: 'String', StringValue: 'attribValue 1' } }),
    ).toBe('19e27d4e946b072f3f58da80d94fd778');
  });

  it('includes a custom type label such as Number.float', () => {
    expect(md5OfMessageAttributes({ customNumberTypeAttrib: NUMBER_FLOAT })).toBe(
      '9fe1b90bbd9965bdf77bac517c7d2495',
    );
  });

  it('hashes Binary attributes by their decoded bytes with transport byte 2', () => {
    expect(
      md5OfMessageAttributes({
        binaryAttribute: { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') },
      }),
    ).toBe('31a92b15d92f8db860eda32aceb656c3');
  });

  it('matches the published vector for all three attributes together, in sorted order', () => {
    expect(
      md5OfMessageAttributes({
        binaryAttribute: { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') },
        attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
        customNumberTypeAttrib: NUMBER_FLOAT,
      }),
    ).toBe('c932db14a896c663f83c260297d594ff');
  });

  it('matches the digest AWS recorded for {k: String "x"}', () => {
    expect(md5OfMessageAttributes({ k: { DataType: 'String', StringValue: 'x' } })).toBe(
      'a45daa70926828a2f0a1db3418e6feb4',
    );
  });

  it('accepts a base64 string for BinaryValue (as it travels on the wire)', () => {
    expect(
      md5OfMessageAttributes({
        binaryAttribute: {
          DataType: 'Binary',
          BinaryValue: Buffer.from('Hello binary world!').toString(
            'base64',
          ) as unknown as Uint8Array,
        },
      }),
    ).toBe('31a92b15d92f8db860eda32aceb656c3');
  });

  it('returns undefined for no attributes, because SQS then omits the digest', () => {
    expect(md5OfMessageAttributes({})).toBeUndefined();
    expect(md5OfMessageAttributes(undefined)).toBeUndefined();
  });

  it('orders names by code point, not by UTF-16 unit', () => {
    // U+FF5E (one unit) sorts before U+1F600 (two units, high surrogate 0xD83D) by code point.
    expect(compareCodePoints('\uFF5E', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF5E' < '\u{1F600}').toBe(false);
  });
});
