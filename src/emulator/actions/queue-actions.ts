import type {
  CreateQueueRequest,
  CreateQueueResult,
  DeleteQueueRequest,
  GetQueueAttributesRequest,
  GetQueueAttributesResult,
  GetQueueUrlRequest,
  GetQueueUrlResult,
  ListQueuesRequest,
  ListQueuesResult,
  PurgeQueueRequest,
  SetQueueAttributesRequest,
} from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { SqsErrors } from '../errors/sqs-errors';
import { FifoQueue, isFifo } from '../queue/fifo-queue';
import { currentAttributeValue } from '../queue/queue-attribute-values';
import {
  ALL_ATTRIBUTE_NAMES,
  isFifoOnlyAttribute,
  isKnownAttribute,
  MAX_MESSAGE_SIZE,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  validateQueueAttributes,
} from '../queue/queue-attributes';
import type { SqsQueue } from '../queue/sqs-queue';
import { StandardQueue } from '../queue/standard-queue';
import type { EmulatorRequestContext } from '../sqs-emulator-options.interface';
import {
  optionalString,
  optionalStringList,
  optionalStringMap,
  requireString,
} from '../validation/input-guards';
import { validateQueueName } from '../validation/names';
import { paginate } from './pagination';
import { applyTags } from './tag-and-permission-actions';

// SQS API reference: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, GetQueueAttributes,
// SetQueueAttributes, PurgeQueue. Attribute names, ranges and defaults are in
// queue/queue-attributes.ts; the values GetQueueAttributes reports, in queue-attribute-values.ts.

/** SQS's 60-second rules (enforced under `strict`): purge once a minute, no quick re-create. */
const SIXTY_SECONDS = 60_000;
/** Attributes that an empty string removes. */
const CLEARABLE = new Set([
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
]);

/**
 * Creates a queue, or returns the existing one of that name if every attribute given matches
 * (SQS's idempotent CreateQueue); a differing attribute is QueueNameExists.
 */
export async function createQueue(
  state: EmulatorState,
  input: CreateQueueRequest,
  ctx?: EmulatorRequestContext,
): Promise<CreateQueueResult> {
  const name = requireString(input.QueueName, 'QueueName');
  const given = optionalStringMap(input.Attributes, 'Attributes') ?? {};
  const tags = optionalStringMap(input.tags, 'tags') ?? {};
  const fifo = String(given.FifoQueue ?? '').toLowerCase() === 'true';
  validateQueueName(name, fifo);
  const attributes = validateQueueAttributes(given, fifo, true);

  const existing = state.queues.byQueueName(name);
  if (existing) {
    for (const [key, value] of attributes) {
      if (
        currentAttributeValue(existing, key) !== value &&
        !(key === 'RedrivePolicy' && value === '')
      ) {
        throw SqsErrors.queueNameExists(key);
      }
    }
    return { QueueUrl: state.urlOf(existing, ctx) };
  }
  const deletedAt = state.queues.deletedSince(name);
  if (state.strict && deletedAt !== undefined && state.clock.now() - deletedAt < SIXTY_SECONDS) {
    throw SqsErrors.queueDeletedRecently();
  }
  const arn = state.arnOf(name);
  checkDeadLetterTarget(state, arn, fifo, given.RedrivePolicy);
  const queue: SqsQueue = fifo
    ? new FifoQueue(name, arn, new Map(), state.host)
    : new StandardQueue(name, arn, new Map(), state.host);
  applyAttributes(queue, attributes);
  checkEncryptionAndThroughput(queue, attributes);
  applyTags(queue, tags);
  state.queues.add(queue);
  state.journal?.queueChanged(queue);
  return { QueueUrl: state.urlOf(queue, ctx) };
}

export async function getQueueUrl(
  state: EmulatorState,
  input: GetQueueUrlRequest,
  ctx?: EmulatorRequestContext,
): Promise<GetQueueUrlResult> {
  const name = requireString(input.QueueName, 'QueueName');
  if (input.QueueOwnerAWSAccountId && input.QueueOwnerAWSAccountId !== state.accountId) {
    throw SqsErrors.queueDoesNotExist();
  }
  const queue = state.queues.byQueueName(name);
  if (!queue) throw SqsErrors.queueDoesNotExist();
  return { QueueUrl: state.urlOf(queue, ctx) };
}

export async function listQueues(
  state: EmulatorState,
  input: ListQueuesRequest,
  ctx?: EmulatorRequestContext,
): Promise<ListQueuesResult> {
  const prefix = optionalString(input.QueueNamePrefix, 'QueueNamePrefix') ?? '';
  const names = state.queues
    .all()
    .filter((q) => q.name.startsWith(prefix))
    .map((q) => q.name);
  const page = paginate(names, input.MaxResults, input.NextToken);
  const result: ListQueuesResult = {};
  if (page.items.length > 0) {
    result.QueueUrls = page.items.map((n) => state.urlOfName(n, ctx));
  }
  if (page.nextToken) result.NextToken = page.nextToken;
  return result;
}

/** Deletes a queue at once: its open long polls return empty, its move tasks fail. */
export async function deleteQueue(
  state: EmulatorState,
  input: DeleteQueueRequest,
): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  state.queues.delete(queue, state.clock.now());
  state.moveTasks.forgetQueue(queue);
  queue.close();
  state.journal?.queueDeleted(queue, state.clock.now());
  return {};
}

export async function getQueueAttributes(
  state: EmulatorState,
  input: GetQueueAttributesRequest,
): Promise<GetQueueAttributesResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  queue.sweep();
  const requested = optionalStringList(input.AttributeNames, 'AttributeNames') ?? [];
  if (requested.length === 0) return {};
  const names = new Set<string>();
  for (const name of requested) {
    if (name === 'All') {
      ALL_ATTRIBUTE_NAMES.forEach((n) => names.add(n));
      continue;
    }
    if (!isKnownAttribute(name) || (!queue.fifo && isFifoOnlyAttribute(name))) {
      throw SqsErrors.unknownAttribute(name);
    }
    names.add(name);
  }
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = currentAttributeValue(queue, name);
    if (value !== undefined) out[name] = value;
  }
  return Object.keys(out).length > 0 ? { Attributes: out } : {};
}

export async function setQueueAttributes(
  state: EmulatorState,
  input: SetQueueAttributesRequest,
): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  queue.sweep();
  const given = optionalStringMap(input.Attributes, 'Attributes') ?? {};
  const attributes = validateQueueAttributes(given, queue.fifo, false);
  checkDeadLetterTarget(state, queue.arn, queue.fifo, given.RedrivePolicy);
  checkEncryptionAndThroughput(queue, attributes);
  applyAttributes(queue, attributes);
  queue.lastModifiedAt = state.clock.now();
  state.journal?.queueChanged(queue);
  return {};
}

export async function purgeQueue(state: EmulatorState, input: PurgeQueueRequest): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  const now = state.clock.now();
  if (state.strict && now - queue.lastPurgeAt < SIXTY_SECONDS) {
    throw SqsErrors.purgeQueueInProgress(queue.name);
  }
  queue.lastPurgeAt = now;
  queue.purge();
  return {};
}

/** Stores validated attributes and sets the queue's typed settings from them (and on restore). */
export function applyAttributes(queue: SqsQueue, attributes: Map<string, string>): void {
  for (const [name, value] of attributes) {
    if (value === '' && CLEARABLE.has(name)) {
      queue.attributes.delete(name);
    } else {
      queue.attributes.set(name, value);
    }
  }
  queue.visibilityTimeout = numericAttribute(queue, 'VisibilityTimeout', 30);
  queue.retentionPeriod = numericAttribute(queue, 'MessageRetentionPeriod', 345_600);
  const oldDelay = queue.delaySeconds;
  queue.delaySeconds = numericAttribute(queue, 'DelaySeconds', 0);
  queue.maximumMessageSize = numericAttribute(queue, 'MaximumMessageSize', MAX_MESSAGE_SIZE);
  queue.receiveWaitTimeSeconds = numericAttribute(queue, 'ReceiveMessageWaitTimeSeconds', 0);
  const rp = queue.attributes.get('RedrivePolicy');
  queue.redrivePolicy = rp ? parseRedrivePolicy(rp) : undefined;
  const rap = queue.attributes.get('RedriveAllowPolicy');
  queue.redriveAllowPolicy = rap ? parseRedriveAllowPolicy(rap) : undefined;
  if (isFifo(queue)) {
    queue.contentBasedDeduplication = queue.attributes.get('ContentBasedDeduplication') === 'true';
    queue.deduplicationScope =
      queue.attributes.get('DeduplicationScope') === 'messageGroup' ? 'messageGroup' : 'queue';
    if (oldDelay !== queue.delaySeconds) queue.applyDelayToWaiting();
  }
}

function numericAttribute(queue: SqsQueue, name: string, fallback: number): number {
  const v = queue.attributes.get(name);
  return v === undefined ? fallback : Number(v);
}

/**
 * Rules over the queue's attributes as they will be after this request: one kind of server-side
 * encryption at a time, and perMessageGroupId throughput only with messageGroup deduplication.
 */
function checkEncryptionAndThroughput(queue: SqsQueue, attributes: Map<string, string>): void {
  const kms = attributes.get('KmsMasterKeyId');
  const sse = attributes.get('SqsManagedSseEnabled');
  if (kms && sse === 'true') {
    throw SqsErrors.attributeNameError(
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    );
  }
  // Turning one kind on turns the other off.
  if (kms) attributes.set('SqsManagedSseEnabled', 'false');
  if (sse === 'true' && queue.attributes.get('KmsMasterKeyId')) {
    attributes.set('KmsMasterKeyId', '');
    attributes.set('KmsDataKeyReusePeriodSeconds', '');
  }
  if (kms === '') attributes.set('KmsDataKeyReusePeriodSeconds', '');
  if (!queue.fifo) return;
  const merged = (name: string) => attributes.get(name) ?? queue.attributes.get(name);
  if (
    merged('FifoThroughputLimit') === 'perMessageGroupId' &&
    merged('DeduplicationScope') !== 'messageGroup'
  ) {
    throw SqsErrors.invalidAttributeValue(
      'FifoThroughputLimit',
      'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup',
    );
  }
}

/** Checks that a RedrivePolicy's target exists, is of the same type and allows the source. */
function checkDeadLetterTarget(
  state: EmulatorState,
  sourceArn: string,
  fifo: boolean,
  raw: string | undefined,
): void {
  if (!raw) return;
  const policy = parseRedrivePolicy(raw);
  const target = state.queues.byQueueArn(policy.deadLetterTargetArn);
  if (!target) {
    throw SqsErrors.invalidParameter(raw, 'RedrivePolicy', 'Dead-letter target does not exist.');
  }
  if (target.fifo !== fifo) {
    throw SqsErrors.invalidParameter(
      raw,
      'RedrivePolicy',
      'Dead-letter queue must be same type of queue as the source.',
    );
  }
  const allow = target.redriveAllowPolicy;
  const allowed =
    !allow ||
    allow.redrivePermission === 'allowAll' ||
    (allow.redrivePermission === 'byQueue' && allow.sourceQueueArns.includes(sourceArn));
  if (!allowed) {
    throw SqsErrors.invalidParameter(
      raw,
      'RedrivePolicy',
      `Queue ${target.arn} does not allow this queue to use it as a dead-letter queue.`,
    );
  }
}
