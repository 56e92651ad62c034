import { createHash, hash } from 'node:crypto';
import type { MessageAttributeValue, MessageSystemAttributeValue } from '@aws-sdk/client-sqs';

/** Hex MD5 of a UTF-8 string: SQS's `MD5OfMessageBody`. */
export function md5OfBody(body: string): string {
  // One-shot: no Hash object per message (the costliest part of hashing a short body).
  return hash('md5', body, 'hex');
}

type AttributeValue = MessageAttributeValue | MessageSystemAttributeValue;

const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

/**
 * SQS's digest of a message-attribute map, as the SDKs verify it: names sorted by code point; for
 * each, length-prefixed (4-byte big-endian) name, DataType, a transport byte (1 string/number,
 * 2 binary) and the length-prefixed value bytes. Returns undefined for an empty map, because SQS
 * then omits the digest.
 */
export function md5OfMessageAttributes(
  attributes: Record<string, AttributeValue> | undefined,
): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort(compareCodePoints);
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name];
    const dataType = value.DataType ?? '';
    writeLengthPrefixed(hash, Buffer.from(name, 'utf8'));
    writeLengthPrefixed(hash, Buffer.from(dataType, 'utf8'));
    if (dataType.startsWith('Binary')) {
      hash.update(Uint8Array.of(BINARY_TRANSPORT));
      writeLengthPrefixed(hash, toBytes(value.BinaryValue));
    } else {
      hash.update(Uint8Array.of(STRING_TRANSPORT));
      writeLengthPrefixed(hash, Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function writeLengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Uint8Array): void {
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(bytes.length, 0);
  hash.update(len);
  hash.update(bytes);
}

function toBytes(value: Uint8Array | string | undefined): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
}

/** Orders strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}
