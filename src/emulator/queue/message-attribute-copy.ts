import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

/**
 * Copies of message attributes, going in (a send) and coming out (a receive, a peek): what the
 * emulator stores and what it hands out never share a mutable object with the caller.
 */

/** A defensive copy, so a caller mutating a result cannot change the stored message. */
export function copyAttribute(value: MessageAttributeValue): MessageAttributeValue {
  const out: MessageAttributeValue = { DataType: value.DataType };
  if (value.StringValue !== undefined) out.StringValue = value.StringValue;
  if (value.BinaryValue !== undefined) out.BinaryValue = new Uint8Array(value.BinaryValue);
  return out;
}

/**
 * Sets `name` as an own property even when it is `__proto__` (a legal attribute name that a plain
 * assignment would turn into a prototype change, losing the attribute).
 */
export function defineAttribute(
  target: Record<string, MessageAttributeValue>,
  name: string,
  value: MessageAttributeValue,
): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
