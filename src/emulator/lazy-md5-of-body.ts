import { md5OfBody } from './md5';

const SOURCE = Symbol('digestSource');

interface DigestSource {
  body: string;
  digest: string | undefined;
}

type WithSource = { [SOURCE]: DigestSource };

function read(this: WithSource): string {
  const src = this[SOURCE];
  return (src.digest ??= md5OfBody(src.body));
}

/**
 * Defines `key` on `target` as an enumerable property whose value, the body's MD5, is computed
 * when first read. Hashing the body is the largest cost of an in-process send or receive and
 * most in-process callers never read the digest; a serializer (JSON.stringify, a spread, Jest's
 * `toEqual`) reads it like any other property. One shared getter, so no closure per message.
 */
export function defineLazyMd5OfBody(
  target: object,
  key: 'MD5OfMessageBody' | 'MD5OfBody',
  body: string,
): void {
  const src: DigestSource = { body, digest: undefined };
  Object.defineProperty(target, SOURCE, { value: src, enumerable: false });
  Object.defineProperty(target, key, { get: read, enumerable: true, configurable: true });
}
