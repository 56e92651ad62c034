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
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // V8's message quotes the text it choked on, and a body may hold personal data: the
      // consumer logs this error at warn level, so keep only where parsing stopped.
      const at = /at position (\d+)/.exec((error as Error).message)?.[1];
      throw new SyntaxError(`The body is not valid JSON${at ? ` (at position ${at})` : ''}.`);
    }
  }
}
