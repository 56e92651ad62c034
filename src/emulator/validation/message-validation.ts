import type { MessageAttributeValue, MessageSystemAttributeValue } from '@aws-sdk/client-sqs';
import { SqsErrors } from '../errors/sqs-errors';
import { isMap } from './input-guards';

const MAX_ATTRIBUTES = 10;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What SQS does with characters outside its allowed set. */
export type InvalidCharacterPolicy = 'reject' | 'replace';

const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/**
 * The UTF-8 length of `text`, or -1 when it has a character outside SQS's set: #x9 | #xA | #xD |
 * #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF (an unpaired surrogate is invalid too). One pass
 * does both, because it runs on every body.
 */
export function utf8LengthIfValid(text: string): number {
  // Most bodies are printable ASCII: one native regex scan beats a JS loop over the characters.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) bytes += 1;
    else if (c === 0x09 || c === 0x0a || c === 0x0d) bytes += 1;
    else if (c >= 0x80 && c < 0x800) bytes += 2;
    else if ((c >= 0x800 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)) bytes += 3;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return -1;
      bytes += 4;
      i++;
    } else return -1;
  }
  return bytes;
}

/** Whether `text` has a character outside SQS's set. */
export function hasInvalidCharacters(text: string): boolean {
  return utf8LengthIfValid(text) < 0;
}

function replaceInvalidCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    out += hasInvalidCharacters(ch) ? '\uFFFD' : ch;
  }
  return out;
}

/** A body that passed the character check, and its UTF-8 size. */
export interface CheckedBody {
  readonly body: string;
  readonly bytes: number;
}

/**
 * Checks a body's characters. Classic SQS rejects a body with characters outside its set; newer
 * SQS replaces them with U+FFFD as long as one valid character remains.
 */
export function checkBody(body: string, policy: InvalidCharacterPolicy): CheckedBody {
  const bytes = utf8LengthIfValid(body);
  if (bytes >= 0) return { body, bytes };
  if (policy === 'reject') throw SqsErrors.invalidMessageContents();
  const replaced = replaceInvalidCharacters(body);
  if (/^\uFFFD*$/.test(replaced)) throw SqsErrors.invalidMessageContents();
  return { body: replaced, bytes: Buffer.byteLength(replaced, 'utf8') };
}

function binaryLength(value: Uint8Array | string | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : value.length;
}

/**
 * Checks message attributes against SQS's rules and returns their size in bytes (name + type +
 * value, which counts toward the message size).
 */
export function validateMessageAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): number {
  if (attributes === undefined || attributes === null) return 0;
  if (!isMap(attributes)) {
    throw SqsErrors.invalidParameterValue(
      'MessageAttributes must be a map of attribute names to values.',
    );
  }
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw SqsErrors.invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  let size = 0;
  for (const name of names) {
    checkAttributeName(name);
    const value = attributes[name];
    if (typeof value !== 'object' || value === null) {
      throw SqsErrors.invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value.`,
      );
    }
    const dataType = value.DataType;
    if (typeof dataType !== 'string' || !dataType) {
      throw SqsErrors.invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute type.`,
      );
    }
    if (!DATA_TYPE.test(dataType) || dataType.length > 256) {
      throw SqsErrors.invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    size += Buffer.byteLength(name) + Buffer.byteLength(dataType);
    if (dataType.startsWith('Binary')) {
      const binary: unknown = value.BinaryValue;
      if (binary !== undefined && typeof binary !== 'string' && !(binary instanceof Uint8Array)) {
        throw SqsErrors.invalidParameterValue(
          `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
        );
      }
      const len = binaryLength(value.BinaryValue);
      if (len === 0) {
        throw SqsErrors.invalidParameterValue(
          `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
        );
      }
      size += len;
      continue;
    }
    const kind = dataType.startsWith('Number') ? 'Number' : 'String';
    const text: unknown = value.StringValue;
    if (typeof text !== 'string' || text === '') {
      throw SqsErrors.invalidParameterValue(
        `Message (user) attribute '${name}' must contain a non-empty value of type '${kind}'.`,
      );
    }
    if (kind === 'Number' && !isSqsNumber(text)) {
      throw SqsErrors.invalidParameterValue(
        `Can't cast the value of message (user) attribute '${name}' to a number.`,
      );
    }
    if (hasInvalidCharacters(text)) throw SqsErrors.invalidMessageContents();
    size += Buffer.byteLength(text);
  }
  return size;
}

/**
 * SQS's Number: up to 38 digits of precision, between 10^-128 and 10^+126 in magnitude
 * (SQS Developer Guide, message attributes).
 */
function isSqsNumber(text: string): boolean {
  if (!NUMBER.test(text)) return false;
  const [mantissa, exp = '0'] = text.replace(/^[+-]/, '').split(/[eE]/);
  const [intPart, fracPart = ''] = mantissa.split('.');
  const digits = (intPart + fracPart).replace(/^0+/, '');
  if (digits === '') return true; // zero
  if (digits.replace(/0+$/, '').length > 38) return false;
  // Decimal exponent of the leading significant digit.
  const leadingZerosInFraction =
    intPart.replace(/^0+/, '') === '' ? fracPart.length - fracPart.replace(/^0+/, '').length : 0;
  const intDigits = intPart.replace(/^0+/, '').length;
  const lead = (intDigits > 0 ? intDigits - 1 : -(leadingZerosInFraction + 1)) + Number(exp);
  return lead <= 126 && lead >= -128;
}

function checkAttributeName(name: string): void {
  const lower = name.toLowerCase();
  const bad =
    !ATTRIBUTE_NAME.test(name) ||
    lower.startsWith('aws.') ||
    lower.startsWith('amazon.') ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..');
  if (bad) {
    throw SqsErrors.invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. The attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters, may not start with AWS. or Amazon., may not start or end with a period, and may not have consecutive periods.`,
    );
  }
}

/** Checks MessageSystemAttributes: only AWSTraceHeader, of type String. Returns the header. */
export function validateSystemAttributes(
  attributes: Record<string, MessageSystemAttributeValue> | undefined,
): string | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (!isMap(attributes)) {
    throw SqsErrors.invalidParameterValue('MessageSystemAttributes must be a map.');
  }
  let trace: string | undefined;
  for (const name of Object.keys(attributes)) {
    if (name !== 'AWSTraceHeader') {
      throw SqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    const value = attributes[name];
    if (
      value?.DataType !== 'String' ||
      typeof value.StringValue !== 'string' ||
      !value.StringValue
    ) {
      throw SqsErrors.invalidParameterValue(
        `Message system attribute '${name}' must contain a non-empty value of type 'String'.`,
      );
    }
    trace = value.StringValue;
  }
  return trace;
}
