import { SqsErrors } from '../errors/sqs-errors';

/** SQS's largest message, and largest batch: 1 MiB since August 2025. */
export const MAX_MESSAGE_SIZE = 1_048_576;
/** 12 hours: the cap on VisibilityTimeout, and on a message's total in-flight time per receive. */
export const MAX_VISIBILITY_TIMEOUT = 43_200;

interface NumericRule {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** Numeric attributes: range and default (reference §1.2). */
export const NUMERIC_ATTRIBUTES: Readonly<Record<string, NumericRule>> = {
  VisibilityTimeout: { min: 0, max: MAX_VISIBILITY_TIMEOUT, default: 30 },
  MessageRetentionPeriod: { min: 60, max: 1_209_600, default: 345_600 },
  DelaySeconds: { min: 0, max: 900, default: 0 },
  MaximumMessageSize: { min: 1024, max: MAX_MESSAGE_SIZE, default: MAX_MESSAGE_SIZE },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20, default: 0 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400, default: 300 },
};

const FIFO_ONLY = new Set([
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);
const READ_ONLY = new Set([
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
]);
const SETTABLE = new Set([
  ...Object.keys(NUMERIC_ATTRIBUTES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
  ...FIFO_ONLY,
]);

/** Every attribute name GetQueueAttributes knows, in the order SQS lists them. */
export const ALL_ATTRIBUTE_NAMES: readonly string[] = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'DelaySeconds',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'VisibilityTimeout',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];

/** A parsed RedrivePolicy. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** A parsed RedriveAllowPolicy. */
export interface RedriveAllowPolicy {
  readonly redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  readonly sourceQueueArns: readonly string[];
}

/** Whether `name` is an attribute only FIFO queues have. */
export function isFifoOnlyAttribute(name: string): boolean {
  return FIFO_ONLY.has(name);
}

/** Whether `name` is one GetQueueAttributes can return. */
export function isKnownAttribute(name: string): boolean {
  return SETTABLE.has(name) || READ_ONLY.has(name);
}

/**
 * Checks a CreateQueue/SetQueueAttributes attribute map against SQS's names and ranges, and returns
 * it normalized (numbers without leading zeros, booleans lower-case, RedrivePolicy re-serialized as
 * SQS echoes it). Cross-queue rules (the DLQ exists, same type) are checked by the emulator.
 */
export function validateQueueAttributes(
  attributes: Record<string, string>,
  fifo: boolean,
  creating: boolean,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of Object.keys(attributes)) {
    const raw = attributes[name];
    const value = typeof raw === 'string' ? raw : String(raw);
    if (READ_ONLY.has(name) || !SETTABLE.has(name)) throw SqsErrors.unknownAttribute(name);
    if (name === 'FifoQueue') {
      // A standard queue has no FifoQueue attribute, whatever the value; on a FIFO queue, only
      // "true" (the value it has) is accepted (AWS-recorded, CreateQueue and SetQueueAttributes).
      if (!fifo) throw SqsErrors.unknownAttribute(name);
      if (value.toLowerCase() !== 'true') {
        throw creating
          ? SqsErrors.invalidAttributeValue(name)
          : SqsErrors.invalidAttributeValue(name, 'Modifying queue type is not supported.');
      }
      out.set(name, 'true');
      continue;
    }
    if (!fifo && FIFO_ONLY.has(name)) {
      if (name === 'ContentBasedDeduplication') throw SqsErrors.unknownAttribute(name);
      throw SqsErrors.attributeNameError(
        `You can specify the ${name} only when FifoQueue is set to true.`,
      );
    }
    out.set(name, normalizeValue(name, value));
  }
  return out;
}

function normalizeValue(name: string, value: string): string {
  const rule = NUMERIC_ATTRIBUTES[name];
  if (rule) {
    if (!/^\d+$/.test(value.trim())) throw SqsErrors.invalidAttributeValue(name);
    const n = Number(value.trim());
    if (n < rule.min || n > rule.max) throw SqsErrors.invalidAttributeValue(name);
    return String(n);
  }
  switch (name) {
    case 'ContentBasedDeduplication':
    case 'SqsManagedSseEnabled': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw SqsErrors.invalidAttributeValue(name);
      return v;
    }
    case 'DeduplicationScope':
      if (value !== 'messageGroup' && value !== 'queue') {
        throw SqsErrors.invalidAttributeValue(name);
      }
      return value;
    case 'FifoThroughputLimit':
      if (value !== 'perQueue' && value !== 'perMessageGroupId') {
        throw SqsErrors.invalidAttributeValue(name);
      }
      return value;
    case 'RedrivePolicy':
      return value === '' ? '' : JSON.stringify(parseRedrivePolicy(value));
    case 'RedriveAllowPolicy':
      return value === '' ? '' : serializeRedriveAllowPolicy(parseRedriveAllowPolicy(value));
    case 'Policy':
      if (value !== '') {
        if (Buffer.byteLength(value) > 8192) throw SqsErrors.invalidAttributeValue(name);
        if (!isJsonObject(value)) throw SqsErrors.invalidAttributeValue(name);
      }
      return value;
    default:
      return value;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function redriveError(raw: string, reason: string) {
  return SqsErrors.invalidParameter(raw, 'RedrivePolicy', reason);
}

const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

/** Parses and checks a RedrivePolicy JSON document (maxReceiveCount 1–1000). */
export function parseRedrivePolicy(raw: string): RedrivePolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw redriveError(raw, 'Redrive policy is not a valid JSON map.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw redriveError(raw, 'Redrive policy is not a valid JSON map.');
  }
  const map = doc as Record<string, unknown>;
  for (const key of ['deadLetterTargetArn', 'maxReceiveCount']) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) {
      throw redriveError(raw, `Redrive policy does not contain mandatory attribute: ${key}.`);
    }
  }
  const count = Number(map.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw redriveError(
      raw,
      `Invalid value for maxReceiveCount: ${String(map.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  if (typeof map.deadLetterTargetArn !== 'string' || !QUEUE_ARN.test(map.deadLetterTargetArn)) {
    throw redriveError(raw, 'Invalid value for deadLetterTargetArn.');
  }
  return { deadLetterTargetArn: map.deadLetterTargetArn, maxReceiveCount: count };
}

/** Parses and checks a RedriveAllowPolicy JSON document. */
export function parseRedriveAllowPolicy(raw: string): RedriveAllowPolicy {
  const fail = (reason: string) => SqsErrors.invalidAttributeValue('RedriveAllowPolicy', reason);
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw fail('Redrive allow policy is not a valid JSON map.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw fail('Redrive allow policy is not a valid JSON map.');
  }
  const map = doc as Record<string, unknown>;
  const permission = map.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw fail('Redrive permission is invalid.');
  }
  const arns = map.sourceQueueArns;
  if (permission === 'byQueue') {
    if (!Array.isArray(arns) || arns.length < 1 || arns.length > 10) {
      throw fail('Source queue ARNs must contain between 1 and 10 ARNs for byQueue.');
    }
    if (!arns.every((a): a is string => typeof a === 'string')) {
      throw fail('Source queue ARNs must be strings.');
    }
    return { redrivePermission: permission, sourceQueueArns: arns };
  }
  if (arns !== undefined) {
    throw fail('Source queue ARNs can be specified only for the byQueue redrive permission.');
  }
  return { redrivePermission: permission, sourceQueueArns: [] };
}

function serializeRedriveAllowPolicy(policy: RedriveAllowPolicy): string {
  return JSON.stringify(
    policy.redrivePermission === 'byQueue'
      ? policy
      : { redrivePermission: policy.redrivePermission },
  );
}
