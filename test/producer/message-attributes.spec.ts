import { InvalidMessageError } from '../../src/errors/invalid-message.error';
import { encodeAttributes } from '../../src/producer/message-attributes';

describe('encodeAttributes', () => {
  it('maps text, numbers and bytes to String, Number and Binary', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(
      encodeAttributes('q', { a: 'x', b: 1.5, c: bytes }, 'type', undefined).attributes,
    ).toEqual({
      a: { DataType: 'String', StringValue: 'x' },
      b: { DataType: 'Number', StringValue: '1.5' },
      c: { DataType: 'Binary', BinaryValue: bytes },
    });
  });

  it('counts name, DataType and value bytes as SQS does', () => {
    // "ab" + "String" + "é" (2 bytes) = 2 + 6 + 2
    expect(encodeAttributes('q', { ab: 'é' }, 'type', undefined).size).toBe(10);
  });

  it('adds the message type under the type attribute', () => {
    expect(encodeAttributes('q', undefined, 'kind', 'paid').attributes).toEqual({
      kind: { DataType: 'String', StringValue: 'paid' },
    });
  });

  it.each([
    ['.dot', "names may not start or end with '.'"],
    ['a..b', "names may not contain '..'"],
    ['amazon.x', "names may not start with 'AWS.' or 'Amazon.'"],
    ['sp ace', 'names are 1–256 characters'],
  ])('rejects the name %s', (name, reason) => {
    expect(() => encodeAttributes('q', { [name]: 'v' }, 'type', undefined)).toThrow(reason);
  });

  it('rejects an empty String value', () => {
    expect(() => encodeAttributes('q', { a: '' }, 'type', undefined)).toThrow(InvalidMessageError);
  });

  it('rejects a Number attribute whose value is not a number', () => {
    expect(() =>
      encodeAttributes(
        'q',
        { a: { DataType: 'Number.int', StringValue: 'abc' } },
        'type',
        undefined,
      ),
    ).toThrow("Invalid message attribute 'a' for queue 'q': 'abc' is not a number");
  });
});
