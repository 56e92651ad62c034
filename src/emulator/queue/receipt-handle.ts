/** What a receipt handle names: a queue incarnation, a message in it, and which receive. */
export interface ReceiptHandleParts {
  readonly queueId: number;
  readonly seq: number;
  readonly receiveSeq: number;
}

const PREFIX = 'AQEB';
const HANDLE = /^AQEB([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.[0-9a-z]{1,8}$/;
let noise = 0x2545f491;

/**
 * Encodes a receipt handle. It is opaque to clients but carries what the emulator needs to find
 * the message in O(1) (no table of handles to grow and clean), plus a pseudo-random tail, so that
 * every receive gets a new handle, as on SQS. Plain concatenation: this runs once per message.
 */
export function encodeReceiptHandle(parts: ReceiptHandleParts): string {
  // xorshift32: cheap noise for the tail (not a secret; SQS handles are not secrets either).
  noise ^= noise << 13;
  noise ^= noise >>> 17;
  noise ^= noise << 5;
  return `${PREFIX}${parts.queueId.toString(36)}.${parts.seq.toString(36)}.${parts.receiveSeq.toString(36)}.${(noise >>> 0).toString(36)}`;
}

/** Decodes a receipt handle, or returns undefined when it is not one of ours. */
export function decodeReceiptHandle(handle: string): ReceiptHandleParts | undefined {
  if (typeof handle !== 'string' || handle.length > 64) return undefined;
  const m = HANDLE.exec(handle);
  if (!m) return undefined;
  return {
    queueId: parseInt(m[1], 36),
    seq: parseInt(m[2], 36),
    receiveSeq: parseInt(m[3], 36),
  };
}
