import type { SqsCodec } from '../interfaces/sqs-codec.interface';

/** The default codec: `JSON.stringify` on send, `JSON.parse` on receive. */
export class JsonCodec<T = unknown> implements SqsCodec<T> {
  encode(body: T): string {
    const text = JSON.stringify(body);
    // JSON.stringify(undefined) is undefined: refuse it here rather than send "undefined".
    if (text === undefined) throw new TypeError('JsonCodec cannot encode undefined');
    return text;
  }

  decode(text: string): T {
    return JSON.parse(text) as T;
  }
}
