import { createHash } from 'node:crypto';
import type {
  AddPermissionRequest,
  BatchResultErrorEntry,
  CancelMessageMoveTaskRequest,
  CancelMessageMoveTaskResult,
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchRequestEntry,
  ChangeMessageVisibilityBatchResult,
  ChangeMessageVisibilityRequest,
  CreateQueueRequest,
  CreateQueueResult,
  DeleteMessageBatchRequest,
  DeleteMessageBatchRequestEntry,
  DeleteMessageBatchResult,
  DeleteMessageRequest,
  DeleteQueueRequest,
  GetQueueAttributesRequest,
  GetQueueAttributesResult,
  GetQueueUrlRequest,
  GetQueueUrlResult,
  ListDeadLetterSourceQueuesRequest,
  ListDeadLetterSourceQueuesResult,
  ListMessageMoveTasksRequest,
  ListMessageMoveTasksResult,
  ListQueuesRequest,
  ListQueuesResult,
  ListQueueTagsRequest,
  ListQueueTagsResult,
  MessageAttributeValue,
  PurgeQueueRequest,
  ReceiveMessageRequest,
  ReceiveMessageResult,
  RemovePermissionRequest,
  SendMessageBatchRequest,
  SendMessageBatchRequestEntry,
  SendMessageBatchResult,
  SendMessageBatchResultEntry,
  SendMessageRequest,
  SendMessageResult,
  SetQueueAttributesRequest,
  StartMessageMoveTaskRequest,
  StartMessageMoveTaskResult,
  TagQueueRequest,
  UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import { type Clock } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import { isSqsError, type SqsError } from './errors/sqs-error';
import { SqsErrors } from './errors/sqs-errors';
import { EmulatorEvents } from './emulator-events';
import { defineLazyDigest } from './lazy-digest';
import { md5OfMessageAttributes } from './md5';
import { MessageMoveTasks, MAX_MOVE_RATE } from './move-tasks/message-move-tasks';
import { FifoQueue } from './queue/fifo-queue';
import { type MessageExtras, MessageRecord, MessageState } from './queue/message-record';
import {
  copyAttribute,
  defineAttribute,
  selectAttributes,
  toSdkMessage,
} from './queue/message-output';
import { currentAttributeValue } from './queue/queue-attribute-values';
import {
  ALL_ATTRIBUTE_NAMES,
  isFifoOnlyAttribute,
  isKnownAttribute,
  MAX_MESSAGE_SIZE,
  MAX_VISIBILITY_TIMEOUT,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  validateQueueAttributes,
} from './queue/queue-attributes';
import { newMessageId } from './queue/message-id';
import { QueueRegistry } from './queue/queue-registry';
import { decodeReceiptHandle } from './queue/receipt-handle';
import { StandardQueue } from './queue/standard-queue';
import type { QueueHost, SqsQueue } from './queue/sqs-queue';
import type { EmulatorRequestContext, SqsEmulatorOptions } from './sqs-emulator-options.interface';
import {
  findMessage,
  type QueueSummary,
  type PeekedMessage,
  type PeekOptions,
  peekMessages,
  summarizeQueue,
} from './inspection';
import { checkBatchShape, totalBatchBytes } from './validation/batch-validation';
import {
  checkBody,
  type InvalidCharacterPolicy,
  validateMessageAttributes,
  validateSystemAttributes,
} from './validation/message-validation';
import {
  optionalString,
  optionalStringList,
  optionalStringMap,
  requireEntryList,
  requireString,
} from './validation/input-guards';
import {
  validateAttemptId,
  validateDeduplicationId,
  validateGroupId,
  validateQueueName,
} from './validation/names';

const SIXTY_SECONDS = 60_000;
/** Attributes that an empty string removes. */
const CLEARABLE = new Set([
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
]);
const STANDARD_INFLIGHT_LIMIT = 120_000;
const MAX_TAGS = 50;
const PERMISSION_ACTIONS = new Set([
  '*',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
  'ListQueueTags',
]);

/** A send that passed validation, ready to become a message. */
interface PreparedSend {
  readonly body: string;
  readonly attributes: Record<string, MessageAttributeValue> | undefined;
  readonly traceHeader: string | undefined;
  readonly delayMs: number;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
}

/**
 * Amazon SQS in memory. Each method is one SQS action, taking and returning
 * `@aws-sdk/client-sqs`'s request and result shapes and throwing {@link SqsError}s with SQS's
 * codes and texts. Time comes from the injected {@link Clock}.
 *
 * @example
 * const sqs = new SqsEmulator({ clock: new ManualClock() });
 * const { QueueUrl } = await sqs.createQueue({ QueueName: 'orders' });
 * await sqs.sendMessage({ QueueUrl, MessageBody: 'hello' });
 */
export class SqsEmulator {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly baseUrl: string;
  readonly strict: boolean;
  /** Observers of what happens to messages (sent, received, deleted, dead-lettered). */
  readonly events = new EmulatorEvents();
  private readonly invalidCharacters: InvalidCharacterPolicy;
  private readonly senderId: string;
  private readonly queues: QueueRegistry;
  private readonly moveTasks: MessageMoveTasks;
  private readonly host: QueueHost;

  constructor(options: SqsEmulatorOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.baseUrl = (options.baseUrl ?? 'http://localhost:9324').replace(/\/+$/, '');
    this.strict = options.strict ?? false;
    this.invalidCharacters = options.invalidCharacters ?? 'reject';
    this.senderId = options.senderId ?? this.accountId;
    this.queues = new QueueRegistry(this.accountId);
    this.host = {
      clock: this.clock,
      queueByArn: (arn) => this.queues.byQueueArn(arn),
      onDeadLettered: (from, to, message) =>
        this.events.emit({
          type: 'deadLettered',
          queueName: from.name,
          deadLetterQueueName: to.name,
          messageId: message.messageId,
        }),
    };
    this.moveTasks = new MessageMoveTasks(this.host);
  }

  // ---- queues -----------------------------------------------------------------------------

  async createQueue(
    input: CreateQueueRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<CreateQueueResult> {
    const name = requireString(input.QueueName, 'QueueName');
    const given = optionalStringMap(input.Attributes, 'Attributes') ?? {};
    const tags = optionalStringMap(input.tags, 'tags') ?? {};
    const fifo = String(given.FifoQueue ?? '').toLowerCase() === 'true';
    validateQueueName(name, fifo);
    const attributes = validateQueueAttributes(given, fifo, true);

    const existing = this.queues.byQueueName(name);
    if (existing) {
      for (const [key, value] of attributes) {
        if (
          currentAttributeValue(existing, key) !== value &&
          !(key === 'RedrivePolicy' && value === '')
        ) {
          throw SqsErrors.queueNameExists(key);
        }
      }
      return { QueueUrl: this.urlOf(existing, ctx) };
    }
    const deletedAt = this.queues.deletedSince(name);
    if (this.strict && deletedAt !== undefined && this.clock.now() - deletedAt < SIXTY_SECONDS) {
      throw SqsErrors.queueDeletedRecently();
    }
    const arn = this.arnOf(name);
    this.checkDeadLetterTarget(arn, fifo, given.RedrivePolicy);
    const queue: SqsQueue = fifo
      ? new FifoQueue(name, arn, new Map(), this.host)
      : new StandardQueue(name, arn, new Map(), this.host);
    this.applyAttributes(queue, attributes);
    this.checkEncryptionAndThroughput(queue, attributes);
    this.applyTags(queue, tags);
    this.queues.add(queue);
    return { QueueUrl: this.urlOf(queue, ctx) };
  }

  async getQueueUrl(
    input: GetQueueUrlRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<GetQueueUrlResult> {
    const name = requireString(input.QueueName, 'QueueName');
    if (input.QueueOwnerAWSAccountId && input.QueueOwnerAWSAccountId !== this.accountId) {
      throw SqsErrors.queueDoesNotExist();
    }
    const queue = this.queues.byQueueName(name);
    if (!queue) throw SqsErrors.queueDoesNotExist();
    return { QueueUrl: this.urlOf(queue, ctx) };
  }

  async listQueues(
    input: ListQueuesRequest = {},
    ctx?: EmulatorRequestContext,
  ): Promise<ListQueuesResult> {
    const prefix = optionalString(input.QueueNamePrefix, 'QueueNamePrefix') ?? '';
    const names = this.queues
      .all()
      .filter((q) => q.name.startsWith(prefix))
      .map((q) => q.name);
    const page = this.paginate(names, input.MaxResults, input.NextToken);
    const result: ListQueuesResult = {};
    if (page.items.length > 0) {
      result.QueueUrls = page.items.map((n) => this.urlOfName(n, ctx));
    }
    if (page.nextToken) result.NextToken = page.nextToken;
    return result;
  }

  async deleteQueue(input: DeleteQueueRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    this.queues.delete(queue, this.clock.now());
    this.moveTasks.forgetQueue(queue);
    queue.close();
    return {};
  }

  async getQueueAttributes(input: GetQueueAttributesRequest): Promise<GetQueueAttributesResult> {
    const queue = this.queues.resolve(input.QueueUrl);
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

  async setQueueAttributes(input: SetQueueAttributesRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    queue.sweep();
    const given = optionalStringMap(input.Attributes, 'Attributes') ?? {};
    const attributes = validateQueueAttributes(given, queue.fifo, false);
    this.checkDeadLetterTarget(queue.arn, queue.fifo, given.RedrivePolicy);
    this.checkEncryptionAndThroughput(queue, attributes);
    this.applyAttributes(queue, attributes);
    queue.lastModifiedAt = this.clock.now();
    return {};
  }

  async purgeQueue(input: PurgeQueueRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    const now = this.clock.now();
    if (this.strict && now - queue.lastPurgeAt < SIXTY_SECONDS) {
      throw SqsErrors.purgeQueueInProgress(queue.name);
    }
    queue.lastPurgeAt = now;
    queue.purge();
    return {};
  }

  // ---- tags and permissions -----------------------------------------------------------------

  async tagQueue(input: TagQueueRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    const tags = optionalStringMap(input.Tags, 'Tags');
    if (!tags) throw SqsErrors.missingParameter('Tags');
    this.applyTags(queue, tags);
    return {};
  }

  async untagQueue(input: UntagQueueRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    const keys = optionalStringList(input.TagKeys, 'TagKeys');
    if (!keys) throw SqsErrors.missingParameter('TagKeys');
    for (const key of keys) queue.tags.delete(key);
    return {};
  }

  async listQueueTags(input: ListQueueTagsRequest): Promise<ListQueueTagsResult> {
    const queue = this.queues.resolve(input.QueueUrl);
    if (queue.tags.size === 0) return {};
    return { Tags: Object.fromEntries(queue.tags) };
  }

  async addPermission(input: AddPermissionRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    const label = input.Label;
    if (!label) throw SqsErrors.missingParameter('Label');
    if (!input.AWSAccountIds?.length) throw SqsErrors.missingParameter('AWSAccountId');
    if (!input.Actions?.length) throw SqsErrors.missingParameter('ActionName');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
      throw SqsErrors.invalidParameter(
        label,
        'Label',
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    if (input.Actions.length > 7) {
      throw SqsErrors.overLimit(
        `${input.Actions.length} Actions were found, maximum allowed is 7.`,
      );
    }
    for (const action of input.Actions) {
      if (!PERMISSION_ACTIONS.has(action)) {
        throw SqsErrors.invalidParameter(
          action,
          'ActionName',
          'Please refer to the appropriate WSDL for a list of valid actions.',
        );
      }
    }
    const policy = this.policyOf(queue);
    if (policy.Statement.some((s) => s.Sid === label)) {
      throw SqsErrors.invalidParameter(label, 'Label', 'Already exists.');
    }
    // SQS writes a single principal or action as a string, several as a list.
    const one = <T>(items: T[]): T | T[] => (items.length === 1 ? items[0] : items);
    policy.Statement.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: one(input.AWSAccountIds.map((a) => `arn:aws:iam::${a}:root`)) },
      Action: one(input.Actions.map((a) => `SQS:${a}`)),
      Resource: queue.arn,
    });
    queue.attributes.set('Policy', JSON.stringify(policy));
    return {};
  }

  async removePermission(input: RemovePermissionRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    if (!input.Label) throw SqsErrors.missingParameter('Label');
    const policy = this.policyOf(queue);
    const kept = policy.Statement.filter((s) => s.Sid !== input.Label);
    if (kept.length === policy.Statement.length) {
      throw SqsErrors.invalidParameter(input.Label, 'Label', "can't find label.");
    }
    if (kept.length === 0) queue.attributes.delete('Policy');
    else queue.attributes.set('Policy', JSON.stringify({ ...policy, Statement: kept }));
    return {};
  }

  // ---- sending ------------------------------------------------------------------------------

  async sendMessage(
    input: SendMessageRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<SendMessageResult> {
    const queue = this.queues.resolve(input.QueueUrl);
    const prepared = this.prepareSend(queue, input, ctx, false);
    return this.commitSend(queue, prepared);
  }

  async sendMessageBatch(
    input: SendMessageBatchRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<SendMessageBatchResult> {
    const queue = this.queues.resolve(input.QueueUrl);
    const entries = requireEntryList<SendMessageBatchRequestEntry>(input.Entries, 'Entries');
    checkBatchShape(entries, 'SendMessageBatchRequestEntry');
    const total = totalBatchBytes(entries);
    if (total > MAX_MESSAGE_SIZE) throw SqsErrors.batchRequestTooLong(MAX_MESSAGE_SIZE, total);
    if (queue.fifo) this.checkFifoBatch(queue as FifoQueue, entries);
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        const prepared = this.prepareSend(queue, entry, ctx, true);
        Successful.push(this.commitSend(queue, prepared, entry.Id) as SendMessageBatchResultEntry);
      } catch (e) {
        Failed.push(failedEntry(entry.Id as string, e));
      }
    }
    return batchResult(Successful, Failed);
  }

  // ---- receiving --------------------------------------------------------------------------

  async receiveMessage(
    input: ReceiveMessageRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<ReceiveMessageResult> {
    const max = input.MaxNumberOfMessages ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw SqsErrors.invalidParameter(
        max,
        'MaxNumberOfMessages',
        'Must be between 1 and 10, if provided.',
      );
    }
    const wait = input.WaitTimeSeconds;
    if (wait !== undefined && (!Number.isInteger(wait) || wait < 0 || wait > 20)) {
      throw SqsErrors.invalidParameter(
        wait,
        'WaitTimeSeconds',
        'Must be >= 0 and <= 20, if provided.',
      );
    }
    const vt = input.VisibilityTimeout;
    if (vt !== undefined && (!Number.isInteger(vt) || vt < 0 || vt > MAX_VISIBILITY_TIMEOUT)) {
      throw SqsErrors.invalidParameter(
        vt,
        'VisibilityTimeout',
        'Must be >= 0 and <= 43200, if provided.',
      );
    }
    const queue = this.queues.resolve(input.QueueUrl);
    queue.sweep();
    const visibilitySeconds = vt ?? queue.visibilityTimeout;
    const selection = selectAttributes(
      optionalStringList(input.MessageSystemAttributeNames, 'MessageSystemAttributeNames'),
      optionalStringList(input.AttributeNames, 'AttributeNames'),
      optionalStringList(input.MessageAttributeNames, 'MessageAttributeNames'),
    );
    const attemptId = queue.fifo
      ? optionalString(input.ReceiveRequestAttemptId, 'ReceiveRequestAttemptId')
      : undefined;
    if (attemptId !== undefined) validateAttemptId(attemptId);
    if (attemptId !== undefined) {
      const replay = (queue as FifoQueue).replayAttempt(attemptId, visibilitySeconds);
      if (replay)
        return toResult(replay.map((d) => toSdkMessage(d.message, d.receiptHandle, selection)));
    }
    if (!queue.fifo && queue.inflight >= STANDARD_INFLIGHT_LIMIT) {
      throw SqsErrors.overLimit(
        `Amazon SQS has reached the limit of ${STANDARD_INFLIGHT_LIMIT} in-flight messages for queue ${queue.name}.`,
      );
    }
    const waitMs = (wait ?? queue.receiveWaitTimeSeconds) * 1000;
    const deliveries = await queue.receive({ max, visibilitySeconds }, waitMs, ctx?.abortSignal);
    if (attemptId !== undefined && deliveries.length > 0) {
      (queue as FifoQueue).rememberAttempt(attemptId, deliveries);
    }
    const messages = deliveries.map((d) => toSdkMessage(d.message, d.receiptHandle, selection));
    if (this.events.active) {
      for (const d of deliveries) {
        this.events.emit({
          type: 'received',
          queueName: queue.name,
          messageId: d.message.messageId,
          receiveCount: d.message.receiveCount,
        });
      }
    }
    return toResult(messages);
  }

  // ---- deleting and visibility ----------------------------------------------------------------

  async deleteMessage(input: DeleteMessageRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    queue.sweep();
    this.deleteOne(queue, input.ReceiptHandle);
    return {};
  }

  async deleteMessageBatch(input: DeleteMessageBatchRequest): Promise<DeleteMessageBatchResult> {
    const queue = this.queues.resolve(input.QueueUrl);
    const entries = requireEntryList<DeleteMessageBatchRequestEntry>(input.Entries, 'Entries');
    checkBatchShape(entries, 'DeleteMessageBatchRequestEntry');
    queue.sweep();
    const Successful: { Id: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        this.deleteOne(queue, entry.ReceiptHandle);
        Successful.push({ Id: entry.Id as string });
      } catch (e) {
        Failed.push(failedEntry(entry.Id as string, e));
      }
    }
    return batchResult(Successful, Failed);
  }

  async changeMessageVisibility(input: ChangeMessageVisibilityRequest): Promise<object> {
    const queue = this.queues.resolve(input.QueueUrl);
    queue.sweep();
    this.changeOne(queue, input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  }

  async changeMessageVisibilityBatch(
    input: ChangeMessageVisibilityBatchRequest,
  ): Promise<ChangeMessageVisibilityBatchResult> {
    const queue = this.queues.resolve(input.QueueUrl);
    const entries = requireEntryList<ChangeMessageVisibilityBatchRequestEntry>(
      input.Entries,
      'Entries',
    );
    checkBatchShape(entries, 'ChangeMessageVisibilityBatchRequestEntry');
    queue.sweep();
    const Successful: { Id: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        this.changeOne(queue, entry.ReceiptHandle, entry.VisibilityTimeout);
        Successful.push({ Id: entry.Id as string });
      } catch (e) {
        Failed.push(failedEntry(entry.Id as string, e));
      }
    }
    return batchResult(Successful, Failed);
  }

  // ---- dead letters -------------------------------------------------------------------------

  async listDeadLetterSourceQueues(
    input: ListDeadLetterSourceQueuesRequest,
    ctx?: EmulatorRequestContext,
  ): Promise<ListDeadLetterSourceQueuesResult> {
    const queue = this.queues.resolve(input.QueueUrl);
    const names = this.queues
      .all()
      .filter((q) => q.redrivePolicy?.deadLetterTargetArn === queue.arn)
      .map((q) => q.name);
    const page = this.paginate(names, input.MaxResults, input.NextToken);
    // SQS leaves an empty list out of its answer (as ListQueues does), not `queueUrls: []`.
    const result = {} as ListDeadLetterSourceQueuesResult;
    if (page.items.length > 0) result.queueUrls = page.items.map((n) => this.urlOfName(n, ctx));
    if (page.nextToken) result.NextToken = page.nextToken;
    return result;
  }

  async startMessageMoveTask(
    input: StartMessageMoveTaskRequest,
  ): Promise<StartMessageMoveTaskResult> {
    if (!input.SourceArn) throw SqsErrors.missingParameter('SourceArn');
    const source = this.queues.byQueueArn(input.SourceArn);
    if (!source) throw SqsErrors.resourceNotFound('SourceArn');
    if (!this.queues.all().some((q) => q.redrivePolicy?.deadLetterTargetArn === source.arn)) {
      throw SqsErrors.invalidParameterValue(
        'Source queue must be configured as a Dead Letter Queue.',
      );
    }
    let destination: SqsQueue | undefined;
    if (input.DestinationArn !== undefined) {
      destination = this.queues.byQueueArn(input.DestinationArn);
      if (!destination) throw SqsErrors.resourceNotFound('DestinationArn');
      if (destination.fifo !== source.fifo) {
        throw SqsErrors.invalidParameterValue(
          'The destination queue must be the same type of queue as the source queue.',
        );
      }
      if (destination === source) {
        throw SqsErrors.invalidParameterValue(
          'The destination queue must be different from the source queue.',
        );
      }
    }
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > MAX_MOVE_RATE)) {
      throw SqsErrors.invalidParameter(
        rate,
        'MaxNumberOfMessagesPerSecond',
        `Must be between 1 and ${MAX_MOVE_RATE}.`,
      );
    }
    return { TaskHandle: this.moveTasks.start(source, destination, rate) };
  }

  async listMessageMoveTasks(
    input: ListMessageMoveTasksRequest,
  ): Promise<ListMessageMoveTasksResult> {
    if (!input.SourceArn) throw SqsErrors.missingParameter('SourceArn');
    const source = this.queues.byQueueArn(input.SourceArn);
    if (!source) throw SqsErrors.resourceNotFound('SourceArn');
    const max = input.MaxResults ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw SqsErrors.invalidParameter(max, 'MaxResults', 'Must be between 1 and 10, if provided.');
    }
    const results = this.moveTasks.list(source, max);
    return results.length > 0 ? { Results: results } : {};
  }

  async cancelMessageMoveTask(
    input: CancelMessageMoveTaskRequest,
  ): Promise<CancelMessageMoveTaskResult> {
    if (!input.TaskHandle) throw SqsErrors.missingParameter('TaskHandle');
    if (!MessageMoveTasks.isWellFormedHandle(input.TaskHandle)) {
      throw SqsErrors.invalidParameterValue('Value for parameter TaskHandle is invalid.');
    }
    return { ApproximateNumberOfMessagesMoved: this.moveTasks.cancel(input.TaskHandle) };
  }

  // ---- inspection (not part of SQS) -----------------------------------------------------------

  /** Every queue with its counts, without touching any message. */
  inspectQueues(ctx?: EmulatorRequestContext): QueueSummary[] {
    return this.queues.all().map((q) => {
      q.sweep();
      return summarizeQueue(q, this.urlOf(q, ctx));
    });
  }

  /**
   * The messages of a queue (by URL or name), without receiving them: no receive count,
   * visibility or timestamp changes.
   */
  peekMessages(queueUrlOrName: string, options: PeekOptions = {}): PeekedMessage[] {
    const queue = this.queues.byQueueName(queueUrlOrName) ?? this.queues.resolve(queueUrlOrName);
    queue.sweep();
    return peekMessages(queue, options);
  }

  /**
   * Deletes one message by its id, whatever its state, without receiving it (not SQS, which
   * deletes only by receipt handle): an operator's "delete this message" that leaves every other
   * message untouched. Returns whether the message was there.
   */
  deleteMessageById(queueUrlOrName: string, messageId: string): boolean {
    const queue = this.queues.byQueueName(queueUrlOrName) ?? this.queues.resolve(queueUrlOrName);
    queue.sweep();
    const message = findMessage(queue, messageId);
    if (!message) return false;
    queue.delete(message);
    if (this.events.active) this.events.emit({ type: 'deleted', queueName: queue.name, messageId });
    return true;
  }

  /** Open long polls, on one queue (by URL) or on all. */
  pendingReceives(queueUrl?: string): number {
    if (queueUrl !== undefined) return this.queues.resolve(queueUrl).pendingReceives;
    return this.queues.all().reduce((n, q) => n + q.pendingReceives, 0);
  }

  /** The URL of a queue by name (the emulator's base URL), or undefined. */
  queueUrlOf(name: string): string | undefined {
    const queue = this.queues.byQueueName(name);
    return queue ? this.urlOf(queue) : undefined;
  }

  // ---- internals ----------------------------------------------------------------------------

  private prepareSend(
    queue: SqsQueue,
    input: SendMessageRequest | SendMessageBatchRequestEntry,
    ctx: EmulatorRequestContext | undefined,
    inBatch: boolean,
  ): PreparedSend {
    const { body, bytes } = checkBody(
      requireString(input.MessageBody, 'MessageBody'),
      this.invalidCharacters,
    );
    const delay = input.DelaySeconds;
    if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > 900)) {
      throw SqsErrors.invalidParameter(
        delay,
        'DelaySeconds',
        'DelaySeconds must be >= 0 and <= 900.',
      );
    }
    if (queue.fifo && delay !== undefined && delay !== 0) {
      throw SqsErrors.invalidParameter(
        delay,
        'DelaySeconds',
        'The request include parameter that is not valid for this queue type.',
      );
    }
    const attributesSize = validateMessageAttributes(input.MessageAttributes);
    const traceHeader = validateSystemAttributes(input.MessageSystemAttributes) ?? ctx?.traceHeader;
    const size = bytes + attributesSize;
    if (size > queue.maximumMessageSize) {
      if (inBatch) {
        throw SqsErrors.invalidParameterValue(
          `One or more parameters cannot be validated. Reason: Message must be shorter than ${queue.maximumMessageSize} bytes.`,
        );
      }
      throw SqsErrors.messageTooLong(queue.maximumMessageSize);
    }
    let groupId = optionalString(input.MessageGroupId, 'MessageGroupId');
    let deduplicationId = optionalString(input.MessageDeduplicationId, 'MessageDeduplicationId');
    if (queue.fifo) {
      if (groupId === undefined || groupId === '') {
        if (inBatch) {
          throw SqsErrors.invalidParameterValue(
            'The request must contain the parameter MessageGroupId.',
          );
        }
        throw SqsErrors.missingParameter('MessageGroupId');
      }
      validateGroupId(groupId);
      // An empty deduplication id is an invalid value, not a missing one (AWS-recorded).
      if (deduplicationId !== undefined) {
        validateDeduplicationId(deduplicationId);
      } else if ((queue as FifoQueue).contentBasedDeduplication) {
        deduplicationId = createHash('sha256').update(body, 'utf8').digest('hex');
      } else {
        throw SqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    } else {
      if (groupId !== undefined) validateGroupId(groupId);
      else groupId = undefined;
      if (deduplicationId !== undefined) {
        throw SqsErrors.invalidParameter(
          deduplicationId,
          'MessageDeduplicationId',
          'The request include parameter that is not valid for this queue type.',
        );
      }
    }
    const attributes =
      input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0
        ? copyAttributes(input.MessageAttributes)
        : undefined;
    const delayMs = (queue.fifo ? queue.delaySeconds : (delay ?? queue.delaySeconds)) * 1000;
    return { body, attributes, traceHeader, delayMs, groupId, deduplicationId };
  }

  /**
   * On a FIFO queue, a missing group or deduplication id fails the whole batch, as on SQS; an empty
   * deduplication id is an invalid value instead, which fails only its entry.
   */
  private checkFifoBatch(queue: FifoQueue, entries: readonly SendMessageBatchRequestEntry[]): void {
    for (const entry of entries) {
      if (entry.MessageGroupId === undefined || entry.MessageGroupId === '') {
        throw SqsErrors.invalidParameterValue(
          'The request must contain the parameter MessageGroupId.',
        );
      }
      const dedup: unknown = entry.MessageDeduplicationId;
      if ((dedup === undefined || dedup === null) && !queue.contentBasedDeduplication) {
        throw SqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    }
  }

  private commitSend(queue: SqsQueue, p: PreparedSend, id?: string): SendMessageResult {
    const md5Attributes = md5OfMessageAttributes(p.attributes);
    const md5System =
      p.traceHeader === undefined
        ? undefined
        : md5OfMessageAttributes({
            AWSTraceHeader: { DataType: 'String', StringValue: p.traceHeader },
          });
    let sequenceNumber: string | undefined;
    if (queue.fifo) {
      const fifo = queue as FifoQueue;
      const duplicate = fifo.findDuplicate(p.groupId as string, p.deduplicationId as string);
      if (duplicate) {
        return sendResult(
          id,
          duplicate.messageId,
          p.body,
          md5Attributes,
          md5System,
          duplicate.sequenceNumber,
        );
      }
      sequenceNumber = fifo.nextSequenceNumber();
    }
    const now = this.clock.now();
    const record = new MessageRecord(
      queue.allocateSeq(),
      newMessageId(),
      p.body,
      now,
      now,
      this.senderId,
      extrasOf(
        p,
        md5Attributes,
        md5System,
        queue.fifo ? p.deduplicationId : undefined,
        sequenceNumber,
      ),
    );
    if (queue.fifo) {
      (queue as FifoQueue).rememberDeduplication(
        p.groupId as string,
        p.deduplicationId as string,
        record,
      );
    }
    queue.enqueue(record, p.delayMs);
    if (this.events.active) {
      this.events.emit({ type: 'sent', queueName: queue.name, messageId: record.messageId });
    }
    // The record is the digest's source: computed for this response, it is kept for receives.
    return sendResult(id, record.messageId, record, md5Attributes, md5System, sequenceNumber);
  }

  private deleteOne(queue: SqsQueue, receiptHandle: string | undefined): void {
    const handle = requireString(receiptHandle, 'ReceiptHandle');
    const parts = decodeReceiptHandle(handle);
    if (!parts || parts.queueId !== queue.id) throw SqsErrors.receiptHandleIsInvalid(handle);
    const message = queue.get(parts.seq);
    if (!message) return; // Deleting a deleted message succeeds, as on SQS.
    if (
      queue.fifo &&
      (message.state !== MessageState.Inflight || message.receiveSeq !== parts.receiveSeq)
    ) {
      throw SqsErrors.invalidParameter(handle, 'ReceiptHandle', 'The receipt handle has expired.');
    }
    queue.delete(message);
    if (this.events.active) {
      this.events.emit({ type: 'deleted', queueName: queue.name, messageId: message.messageId });
    }
  }

  private changeOne(
    queue: SqsQueue,
    handle: string | undefined,
    timeout: number | undefined,
  ): void {
    if (!handle) throw SqsErrors.missingParameter('ReceiptHandle');
    if (timeout === undefined || timeout === null)
      throw SqsErrors.missingParameter('VisibilityTimeout');
    if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_VISIBILITY_TIMEOUT) {
      throw SqsErrors.invalidParameter(
        timeout,
        'VisibilityTimeout',
        'Must be between 0 and 43200, if provided.',
      );
    }
    const parts = decodeReceiptHandle(handle);
    if (!parts || parts.queueId !== queue.id) throw SqsErrors.receiptHandleIsInvalid(handle);
    const message = queue.get(parts.seq);
    if (!message) {
      throw SqsErrors.invalidParameter(
        handle,
        'ReceiptHandle',
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    if (message.state !== MessageState.Inflight || message.receiveSeq !== parts.receiveSeq) {
      if (queue.fifo) {
        throw SqsErrors.invalidParameter(
          handle,
          'ReceiptHandle',
          'The receipt handle has expired.',
        );
      }
      // A standard queue answers 200 for a handle whose visibility already ran out.
      return;
    }
    const now = this.clock.now();
    if (now - message.receivedAt + timeout * 1000 > MAX_VISIBILITY_TIMEOUT * 1000) {
      throw SqsErrors.invalidParameter(
        timeout,
        'VisibilityTimeout',
        `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT} seconds].`,
      );
    }
    queue.changeVisibility(message, timeout);
  }

  private applyAttributes(queue: SqsQueue, attributes: Map<string, string>): void {
    for (const [name, value] of attributes) {
      if (value === '' && CLEARABLE.has(name)) {
        queue.attributes.delete(name);
      } else {
        queue.attributes.set(name, value);
      }
    }
    const numeric = (name: string, fallback: number) => {
      const v = queue.attributes.get(name);
      return v === undefined ? fallback : Number(v);
    };
    queue.visibilityTimeout = numeric('VisibilityTimeout', 30);
    queue.retentionPeriod = numeric('MessageRetentionPeriod', 345_600);
    const oldDelay = queue.delaySeconds;
    queue.delaySeconds = numeric('DelaySeconds', 0);
    queue.maximumMessageSize = numeric('MaximumMessageSize', MAX_MESSAGE_SIZE);
    queue.receiveWaitTimeSeconds = numeric('ReceiveMessageWaitTimeSeconds', 0);
    const rp = queue.attributes.get('RedrivePolicy');
    queue.redrivePolicy = rp ? parseRedrivePolicy(rp) : undefined;
    const rap = queue.attributes.get('RedriveAllowPolicy');
    queue.redriveAllowPolicy = rap ? parseRedriveAllowPolicy(rap) : undefined;
    if (queue.fifo) {
      const fifo = queue as FifoQueue;
      fifo.contentBasedDeduplication = queue.attributes.get('ContentBasedDeduplication') === 'true';
      fifo.deduplicationScope =
        queue.attributes.get('DeduplicationScope') === 'messageGroup' ? 'messageGroup' : 'queue';
      if (oldDelay !== queue.delaySeconds) fifo.applyDelayToWaiting();
    }
  }

  /**
   * Rules over the queue's attributes as they will be after this request: one kind of server-side
   * encryption at a time, and perMessageGroupId throughput only with messageGroup deduplication.
   */
  private checkEncryptionAndThroughput(queue: SqsQueue, attributes: Map<string, string>): void {
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
  private checkDeadLetterTarget(sourceArn: string, fifo: boolean, raw: string | undefined): void {
    if (!raw) return;
    const policy = parseRedrivePolicy(raw);
    const target = this.queues.byQueueArn(policy.deadLetterTargetArn);
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

  private applyTags(queue: SqsQueue, tags: Record<string, string>): void {
    const keys = Object.keys(tags);
    for (const key of keys) {
      if (key.length < 1 || key.length > 128) {
        throw SqsErrors.invalidParameter(
          key,
          'TagKey',
          'Tag keys must be between 1 and 128 characters in length.',
        );
      }
      if (String(tags[key]).length > 256) {
        throw SqsErrors.invalidParameter(
          tags[key],
          'TagValue',
          'Tag values may not be longer than 256 characters.',
        );
      }
    }
    const total = new Set([...queue.tags.keys(), ...keys]).size;
    if (total > MAX_TAGS) {
      throw SqsErrors.invalidParameterValue(`Too many tags added for queue ${queue.name}.`);
    }
    for (const key of keys) queue.tags.set(key, String(tags[key]));
  }

  private policyOf(queue: SqsQueue): PolicyDocument {
    const raw = queue.attributes.get('Policy');
    if (raw) {
      const doc = JSON.parse(raw) as Partial<PolicyDocument>;
      return {
        Version: doc.Version ?? '2008-10-17',
        Id: doc.Id ?? `${queue.arn}/SQSDefaultPolicy`,
        Statement: Array.isArray(doc.Statement) ? doc.Statement : [],
      };
    }
    return { Version: '2008-10-17', Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
  }

  private paginate(
    names: string[],
    maxResults: number | undefined,
    nextToken: string | undefined,
  ): { items: string[]; nextToken?: string } {
    if (
      maxResults !== undefined &&
      (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000)
    ) {
      throw SqsErrors.invalidParameter(
        maxResults,
        'MaxResults',
        'MaxResults must be an integer between 1 and 1000.',
      );
    }
    let start = 0;
    if (nextToken) {
      const after = decodeToken(nextToken);
      if (after === undefined)
        throw SqsErrors.invalidParameter(nextToken, 'NextToken', 'Invalid NextToken value.');
      start = names.findIndex((n) => n > after);
      if (start < 0) start = names.length;
    }
    const limit = maxResults ?? 1000;
    const items = names.slice(start, start + limit);
    // SQS returns a NextToken only when the caller set MaxResults.
    const more = maxResults !== undefined && start + limit < names.length;
    return more ? { items, nextToken: encodeToken(items[items.length - 1]) } : { items };
  }

  private arnOf(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  private urlOf(queue: SqsQueue, ctx?: EmulatorRequestContext): string {
    return this.urlOfName(queue.name, ctx);
  }

  private urlOfName(name: string, ctx?: EmulatorRequestContext): string {
    const base = ctx?.baseUrl ? ctx.baseUrl.replace(/\/+$/, '') : this.baseUrl;
    return `${base}/${this.accountId}/${name}`;
  }
}

interface PolicyStatement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string | string[] };
  Action: string | string[];
  Resource: string;
}

interface PolicyDocument {
  Version: string;
  Id: string;
  Statement: PolicyStatement[];
}

function copyAttributes(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    const copy = copyAttribute(value);
    if (typeof value.BinaryValue === 'string') {
      copy.BinaryValue = Buffer.from(value.BinaryValue as string, 'base64');
    }
    defineAttribute(out, name, copy);
  }
  return out;
}

function extrasOf(
  p: PreparedSend,
  md5OfMessageAttributes: string | undefined,
  md5OfMessageSystemAttributes: string | undefined,
  deduplicationId: string | undefined,
  sequenceNumber: string | undefined,
): MessageExtras | undefined {
  if (!p.attributes && p.traceHeader === undefined && p.groupId === undefined) return undefined;
  const extras: MessageExtras = {};
  if (p.attributes) {
    extras.messageAttributes = p.attributes;
    extras.md5OfMessageAttributes = md5OfMessageAttributes;
  }
  if (p.traceHeader !== undefined) {
    extras.traceHeader = p.traceHeader;
    extras.md5OfMessageSystemAttributes = md5OfMessageSystemAttributes;
  }
  if (p.groupId !== undefined) extras.groupId = p.groupId;
  if (deduplicationId !== undefined) extras.deduplicationId = deduplicationId;
  if (sequenceNumber !== undefined) extras.sequenceNumber = sequenceNumber;
  return extras;
}

function sendResult(
  id: string | undefined,
  messageId: string,
  body: string | { readonly md5OfBody: string },
  md5Attributes: string | undefined,
  md5System: string | undefined,
  sequenceNumber: string | undefined,
): SendMessageResult & { Id?: string } {
  const result: SendMessageResult & { Id?: string } = {};
  if (id !== undefined) result.Id = id;
  result.MessageId = messageId;
  defineLazyDigest(result, 'MD5OfMessageBody', body);
  if (md5Attributes !== undefined) result.MD5OfMessageAttributes = md5Attributes;
  if (md5System !== undefined) result.MD5OfMessageSystemAttributes = md5System;
  if (sequenceNumber !== undefined) result.SequenceNumber = sequenceNumber;
  return result;
}

function toResult(messages: ReceiveMessageResult['Messages']): ReceiveMessageResult {
  return messages && messages.length > 0 ? { Messages: messages } : {};
}

/**
 * A batch result as SQS answers it: an empty `Successful` or `Failed` list is left out, not sent
 * empty (SendMessageBatch with no failure has no `Failed` key on AWS).
 */
function batchResult<T>(
  successful: T[],
  failed: BatchResultErrorEntry[],
): { Successful: T[] | undefined; Failed: BatchResultErrorEntry[] | undefined } {
  const result: { Successful?: T[]; Failed?: BatchResultErrorEntry[] } = {};
  if (successful.length > 0) result.Successful = successful;
  if (failed.length > 0) result.Failed = failed;
  return result as { Successful: T[] | undefined; Failed: BatchResultErrorEntry[] | undefined };
}

function failedEntry(id: string, error: unknown): BatchResultErrorEntry {
  if (!isSqsError(error)) throw error;
  const e: SqsError = error;
  return { Id: id, SenderFault: e.Type === 'Sender', Code: e.Code, Message: e.message };
}

function encodeToken(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName }), 'utf8').toString('base64');
}

function decodeToken(token: string): string | undefined {
  try {
    const doc = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    return typeof doc.after === 'string' ? doc.after : undefined;
  } catch {
    return undefined;
  }
}
