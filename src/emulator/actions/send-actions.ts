import { createHash } from 'node:crypto';
import type {
  MessageAttributeValue,
  SendMessageBatchRequest,
  SendMessageBatchRequestEntry,
  SendMessageBatchResult,
  SendMessageBatchResultEntry,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { SqsErrors } from '../errors/sqs-errors';
import { defineLazyMd5OfBody } from '../lazy-md5-of-body';
import { md5OfMessageAttributes } from '../md5';
import { type FifoQueue, isFifo } from '../queue/fifo-queue';
import { copyAttribute, defineAttribute } from '../queue/message-attribute-copy';
import { type MessageExtras, MessageRecord } from '../queue/message-record';
import { MAX_MESSAGE_SIZE } from '../queue/queue-attributes';
import type { SqsQueue } from '../queue/sqs-queue';
import type { EmulatorRequestContext } from '../sqs-emulator-options.interface';
import { checkInteger, integerParameter } from '../validation/integer-parameters';
import { optionalString, requireString } from '../validation/input-guards';
import {
  checkBody,
  validateMessageAttributes,
  validateSystemAttributes,
} from '../validation/message-validation';
import { validateDeduplicationId, validateGroupId } from '../validation/names';
import { readBatchEntries, runBatchEntries } from './batch-entries';

// SQS API reference: SendMessage, SendMessageBatch.

const DELAY_SECONDS = integerParameter('DelaySeconds', 0, 900, 'namedBounds');
const NO_DEDUPLICATION =
  'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly';
const NOT_FOR_THIS_QUEUE_TYPE =
  'The request include parameter that is not valid for this queue type.';

/** A send that passed validation, ready to become a message. */
interface PreparedSend {
  readonly body: string;
  readonly attributes: Record<string, MessageAttributeValue> | undefined;
  readonly traceHeader: string | undefined;
  readonly delayMs: number;
  /** Always set on a FIFO queue; on a standard queue, only if the sender gave one. */
  readonly groupId: string | undefined;
  /** Set on a FIFO queue only (given, or the body's SHA-256 under content-based deduplication). */
  readonly deduplicationId: string | undefined;
}

export async function sendMessage(
  state: EmulatorState,
  input: SendMessageRequest,
  ctx?: EmulatorRequestContext,
): Promise<SendMessageResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  const prepared = prepareSend(state, queue, input, ctx, false);
  return commitSend(state, queue, prepared, undefined);
}

export async function sendMessageBatch(
  state: EmulatorState,
  input: SendMessageBatchRequest,
  ctx?: EmulatorRequestContext,
): Promise<SendMessageBatchResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  const entries = readBatchEntries<SendMessageBatchRequestEntry>(
    input.Entries,
    'SendMessageBatchRequestEntry',
  );
  const total = totalBatchBytes(entries);
  if (total > MAX_MESSAGE_SIZE) throw SqsErrors.batchRequestTooLong(MAX_MESSAGE_SIZE, total);
  if (isFifo(queue)) checkFifoBatch(queue, entries);
  return runBatchEntries(state, queue, entries, sendEntry, ctx);
}

function sendEntry(
  state: EmulatorState,
  queue: SqsQueue,
  entry: SendMessageBatchRequestEntry,
  ctx: EmulatorRequestContext | undefined,
): SendMessageBatchResultEntry {
  const prepared = prepareSend(state, queue, entry, ctx, true);
  return commitSend(state, queue, prepared, entry.Id) as SendMessageBatchResultEntry;
}

/** Bytes a SendMessageBatch carries, counted as SQS counts them: bodies plus attributes. */
function totalBatchBytes(entries: readonly SendMessageBatchRequestEntry[]): number {
  let total = 0;
  for (const entry of entries) {
    total += Buffer.byteLength(String(entry.MessageBody ?? ''), 'utf8');
    for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
      total += Buffer.byteLength(name) + Buffer.byteLength(value?.DataType ?? '');
      if (value?.StringValue !== undefined) total += Buffer.byteLength(value.StringValue);
      if (value?.BinaryValue !== undefined) {
        total +=
          typeof value.BinaryValue === 'string'
            ? Buffer.from(value.BinaryValue, 'base64').length
            : value.BinaryValue.length;
      }
    }
  }
  return total;
}

/**
 * On a FIFO queue, a missing group or deduplication id fails the whole batch, as on SQS; an empty
 * deduplication id is an invalid value instead, which fails only its entry.
 */
function checkFifoBatch(queue: FifoQueue, entries: readonly SendMessageBatchRequestEntry[]): void {
  for (const entry of entries) {
    if (entry.MessageGroupId === undefined || entry.MessageGroupId === '') {
      throw SqsErrors.invalidParameterValue(
        'The request must contain the parameter MessageGroupId.',
      );
    }
    const dedup: unknown = entry.MessageDeduplicationId;
    if ((dedup === undefined || dedup === null) && !queue.contentBasedDeduplication) {
      throw SqsErrors.invalidParameterValue(NO_DEDUPLICATION);
    }
  }
}

/**
 * Every check of one message, in SQS's order (the first failing one is the error): body, delay,
 * attributes, size, then the group and deduplication ids of the queue's type. Changes nothing.
 */
function prepareSend(
  state: EmulatorState,
  queue: SqsQueue,
  input: SendMessageRequest | SendMessageBatchRequestEntry,
  ctx: EmulatorRequestContext | undefined,
  inBatch: boolean,
): PreparedSend {
  const fifo = isFifo(queue);
  const { body, bytes } = checkBody(
    requireString(input.MessageBody, 'MessageBody'),
    state.invalidCharacters,
  );
  const delay = input.DelaySeconds;
  if (delay !== undefined) checkInteger(delay, DELAY_SECONDS);
  // A FIFO queue has only a queue-wide delay.
  if (fifo && delay !== undefined && delay !== 0) {
    throw SqsErrors.invalidParameter(delay, 'DelaySeconds', NOT_FOR_THIS_QUEUE_TYPE);
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
  const groupId = optionalString(input.MessageGroupId, 'MessageGroupId');
  let deduplicationId = optionalString(input.MessageDeduplicationId, 'MessageDeduplicationId');
  if (fifo) {
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
    } else if (queue.contentBasedDeduplication) {
      deduplicationId = createHash('sha256').update(body, 'utf8').digest('hex');
    } else {
      throw SqsErrors.invalidParameterValue(NO_DEDUPLICATION);
    }
  } else {
    if (groupId !== undefined) validateGroupId(groupId);
    if (deduplicationId !== undefined) {
      throw SqsErrors.invalidParameter(
        deduplicationId,
        'MessageDeduplicationId',
        NOT_FOR_THIS_QUEUE_TYPE,
      );
    }
  }
  const attributes =
    input.MessageAttributes && Object.keys(input.MessageAttributes).length > 0
      ? copySentAttributes(input.MessageAttributes)
      : undefined;
  const delayMs = (fifo ? queue.delaySeconds : (delay ?? queue.delaySeconds)) * 1000;
  return { body, attributes, traceHeader, delayMs, groupId, deduplicationId };
}

/**
 * Enqueues a prepared send and builds its result (`id` is a batch entry's). On a FIFO queue, a
 * deduplication id seen within five minutes answers with the first message instead.
 */
function commitSend(
  state: EmulatorState,
  queue: SqsQueue,
  p: PreparedSend,
  id: string | undefined,
): SendMessageResult {
  const fifo = isFifo(queue);
  const md5Attributes = md5OfMessageAttributes(p.attributes);
  const md5System =
    p.traceHeader === undefined
      ? undefined
      : md5OfMessageAttributes({
          AWSTraceHeader: { DataType: 'String', StringValue: p.traceHeader },
        });
  let sequenceNumber: string | undefined;
  if (fifo) {
    const duplicate = queue.findDuplicate(p.groupId as string, p.deduplicationId as string);
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
    sequenceNumber = queue.nextSequenceNumber();
  }
  const now = state.clock.now();
  const record = new MessageRecord(
    queue.allocateSeq(),
    undefined,
    p.body,
    now,
    now,
    state.senderId,
    extrasOf(p, md5Attributes, md5System, sequenceNumber),
  );
  if (fifo) {
    queue.rememberDeduplication(p.groupId as string, p.deduplicationId as string, record);
  }
  queue.enqueue(record, p.delayMs);
  if (state.events.active) {
    state.events.emit({ type: 'sent', queueName: queue.name, messageId: record.messageId });
  }
  return sendResult(id, record.messageId, p.body, md5Attributes, md5System, sequenceNumber);
}

/** The attributes as stored: copies, with a base64 BinaryValue (the JSON protocol's) decoded. */
function copySentAttributes(
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

/** The record's side object, or none for a plain message (most of them). */
function extrasOf(
  p: PreparedSend,
  md5OfMessageAttributes: string | undefined,
  md5OfMessageSystemAttributes: string | undefined,
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
  if (p.deduplicationId !== undefined) extras.deduplicationId = p.deduplicationId;
  if (sequenceNumber !== undefined) extras.sequenceNumber = sequenceNumber;
  return extras;
}

function sendResult(
  id: string | undefined,
  messageId: string,
  body: string,
  md5Attributes: string | undefined,
  md5System: string | undefined,
  sequenceNumber: string | undefined,
): SendMessageResult & { Id?: string } {
  const result: SendMessageResult & { Id?: string } = {};
  if (id !== undefined) result.Id = id;
  result.MessageId = messageId;
  defineLazyMd5OfBody(result, 'MD5OfMessageBody', body);
  if (md5Attributes !== undefined) result.MD5OfMessageAttributes = md5Attributes;
  if (md5System !== undefined) result.MD5OfMessageSystemAttributes = md5System;
  if (sequenceNumber !== undefined) result.SequenceNumber = sequenceNumber;
  return result;
}
