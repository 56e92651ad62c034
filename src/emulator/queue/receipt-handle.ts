/** What a receipt handle names: a queue incarnation, a message in it, and which receive. */
export interface ReceiptHandleParts {
  readonly queueId: number;
  readonly seq: number;
  readonly receiveSeq: number;
}

const PREFIX = 'AQEB';

/**
 * Encodes a receipt handle. It is opaque to clients but carries what the emulator needs to find
 * the message in O(1) (no table of handles to grow and clean), plus a random tail so that handles
 * look and behave like SQS's: a new one on every receive.
 */
export function encodeReceiptHandle(parts: ReceiptHandleParts): string {
  const nonce = Math.floor(Math.random() * 0xffffffffff).toString(36);
  const raw = `${parts.queueId}:${parts.seq}:${parts.receiveSeq}:${nonce}`;
  return PREFIX + Buffer.from(raw, 'utf8').toString('base64');
}

/** Decodes a receipt handle, or returns undefined when it is not one of ours. */
export function decodeReceiptHandle(handle: string): ReceiptHandleParts | undefined {
  if (typeof handle !== 'string' || !handle.startsWith(PREFIX) || handle.length > 1024) {
    return undefined;
  }
  const raw = Buffer.from(handle.slice(PREFIX.length), 'base64').toString('utf8');
  const parts = raw.split(':');
  if (parts.length !== 4) return undefined;
  const queueId = Number(parts[0]);
  const seq = Number(parts[1]);
  const receiveSeq = Number(parts[2]);
  if (!Number.isSafeInteger(queueId) || !Number.isSafeInteger(seq)) return undefined;
  if (!Number.isSafeInteger(receiveSeq) || !/^[0-9a-z]+$/.test(parts[3])) return undefined;
  return { queueId, seq, receiveSeq };
}
