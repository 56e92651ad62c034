import { decodeReceiptHandle, encodeReceiptHandle } from '../../src/emulator/queue/receipt-handle';

describe('receipt handles', () => {
  it('round-trip the queue, message and receive they name', () => {
    const parts = { queueId: 7, seq: 123_456_789, receiveSeq: 3 };
    expect(decodeReceiptHandle(encodeReceiptHandle(parts))).toEqual(parts);
  });

  it('differ on every encoding of the same receive', () => {
    const parts = { queueId: 1, seq: 1, receiveSeq: 1 };
    expect(encodeReceiptHandle(parts)).not.toBe(encodeReceiptHandle(parts));
  });

  it.each([
    'garbage',
    '',
    'AQEB',
    'AQEB1.2.3',
    'AQEB1.2.3.4.5',
    'AQEBzz.yy.-1.x',
    'x'.repeat(2000),
  ])('rejects %j', (handle) => {
    expect(decodeReceiptHandle(handle)).toBeUndefined();
  });
});
