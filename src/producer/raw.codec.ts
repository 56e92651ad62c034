import type { SqsCodec } from '../interfaces/sqs-codec.interface';

/** Bodies are strings, sent and received as they are. */
export class RawCodec implements SqsCodec<string> {
  encode(body: string): string {
    if (typeof body !== 'string') throw new TypeError('RawCodec encodes strings only');
    return body;
  }

  decode(text: string): string {
    return text;
  }
}
