import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { INVALID_MESSAGE_ATTRIBUTE, TOO_MANY_ATTRIBUTES } from '../errors/sqs.messages';
import type { SqsAttributeInput } from '../interfaces/sqs-send-options.interface';

/** SQS's limit on message attributes per message. */
export const MAX_MESSAGE_ATTRIBUTES = 10;
const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,256}$/;
const TYPE_PATTERN = /^(String|Number|Binary)(\.[^\s]+)?$/;
const NUMBER_PATTERN = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Attributes in SQS's shape, with the bytes they count toward the message size. */
export interface EncodedAttributes {
  readonly attributes: Record<string, MessageAttributeValue> | undefined;
  readonly size: number;
}

/**
 * Converts and checks message attributes the way SQS will, so a bad one fails before sending
 * with the attribute's name in the error. Size counts name + DataType + value bytes, as SQS does.
 */
export function encodeAttributes(
  queue: string,
  input: Readonly<Record<string, SqsAttributeInput>> | undefined,
  typeAttribute: string,
  messageType: string | undefined,
): EncodedAttributes {
  const names = input ? Object.keys(input) : [];
  if (names.length === 0 && messageType === undefined) return { attributes: undefined, size: 0 };
  const out: Record<string, MessageAttributeValue> = {};
  let size = 0;
  for (const name of names) {
    const value = toAttributeValue(queue, name, (input as Record<string, SqsAttributeInput>)[name]);
    out[name] = value;
    size += attributeSize(name, value);
  }
  if (messageType !== undefined) {
    const value = toAttributeValue(queue, typeAttribute, messageType);
    if (!(typeAttribute in out)) size += attributeSize(typeAttribute, value);
    else
      size +=
        attributeSize(typeAttribute, value) - attributeSize(typeAttribute, out[typeAttribute]);
    out[typeAttribute] = value;
  }
  const count = Object.keys(out).length;
  if (count > MAX_MESSAGE_ATTRIBUTES) {
    throw new InvalidMessageError(queue, TOO_MANY_ATTRIBUTES(queue, count));
  }
  return { attributes: out, size };
}

function toAttributeValue(
  queue: string,
  name: string,
  value: SqsAttributeInput,
): MessageAttributeValue {
  checkName(queue, name);
  const invalid = (reason: string) =>
    new InvalidMessageError(queue, INVALID_MESSAGE_ATTRIBUTE(queue, name, reason));
  if (typeof value === 'string') {
    if (value.length === 0) throw invalid('a String value must not be empty');
    return { DataType: 'String', StringValue: value };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`${value} is not a finite number`);
    return { DataType: 'Number', StringValue: String(value) };
  }
  if (value instanceof Uint8Array) {
    if (value.byteLength === 0) throw invalid('a Binary value must not be empty');
    return { DataType: 'Binary', BinaryValue: value };
  }
  if (value === null || typeof value !== 'object') throw invalid('unsupported value type');
  const type = value.DataType ?? '';
  if (!TYPE_PATTERN.test(type) || type.length > 256) {
    throw invalid(
      `DataType '${type}' must be String, Number or Binary, optionally with a '.label'`,
    );
  }
  if (type.startsWith('Binary')) {
    if (!value.BinaryValue || value.BinaryValue.byteLength === 0)
      throw invalid('BinaryValue is empty');
  } else {
    if (!value.StringValue) throw invalid('StringValue is empty');
    if (type.startsWith('Number') && !NUMBER_PATTERN.test(value.StringValue)) {
      throw invalid(`'${value.StringValue}' is not a number`);
    }
  }
  return value;
}

function checkName(queue: string, name: string): void {
  const lower = name.toLowerCase();
  let reason: string | undefined;
  if (!NAME_PATTERN.test(name)) reason = 'names are 1–256 characters of A–Z, a–z, 0–9, _, - and .';
  else if (lower.startsWith('aws.') || lower.startsWith('amazon.'))
    reason = "names may not start with 'AWS.' or 'Amazon.'";
  else if (name.startsWith('.') || name.endsWith('.'))
    reason = "names may not start or end with '.'";
  else if (name.includes('..')) reason = "names may not contain '..'";
  if (reason) throw new InvalidMessageError(queue, INVALID_MESSAGE_ATTRIBUTE(queue, name, reason));
}

function attributeSize(name: string, value: MessageAttributeValue): number {
  const data =
    value.BinaryValue !== undefined
      ? value.BinaryValue.byteLength
      : Buffer.byteLength(value.StringValue ?? '', 'utf8');
  return Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8') + data;
}
