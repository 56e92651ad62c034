import { randomUUID } from 'node:crypto';
import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { FifoGroupIdRequiredError } from '../errors/fifo-group-id-required.error';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { MessageTooLargeError } from '../errors/message-too-large.error';
import {
  EMPTY_BODY,
  FIFO_DELAY_NOT_SUPPORTED,
  FIFO_ONLY_OPTION,
  INVALID_DELAY,
} from '../errors/sqs.messages';
import type { SqsFifoOptions } from '../interfaces/sqs-queue-options.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsSendOptions } from '../interfaces/sqs-send-options.interface';
import { encodeAttributes } from './message-attributes';

/** What a producer needs to know about its queue. */
export type ProducerTarget = Pick<
  SqsResolvedQueue,
  | 'name'
  | 'url'
  | 'fifo'
  | 'contentBasedDeduplication'
  | 'maxMessageSize'
  | 'codec'
  | 'messageTypeAttribute'
  | 'options'
>;

/** A message ready to send (without the batch entry id), and its size as SQS counts it. */
export interface OutgoingMessage {
  readonly entry: Omit<SendMessageBatchRequestEntry, 'Id'>;
  readonly size: number;
}

/**
 * Encodes a body and checks everything SQS would check (size, attributes, delay, FIFO ids), so a
 * bad message fails here, with a clear error, instead of as an SQS error after the fact.
 */
export function buildOutgoingMessage(
  target: ProducerTarget,
  body: unknown,
  options: SqsSendOptions | undefined,
): OutgoingMessage {
  const queue = target.name;
  const text = target.codec.encode(body);
  if (typeof text !== 'string' || text.length === 0) {
    throw new InvalidMessageError(queue, EMPTY_BODY(queue));
  }
  const attrs = encodeAttributes(
    queue,
    options?.attributes,
    target.messageTypeAttribute,
    options?.messageType,
  );
  const size = Buffer.byteLength(text, 'utf8') + attrs.size;
  if (size > target.maxMessageSize)
    throw new MessageTooLargeError(queue, size, target.maxMessageSize);

  const entry: Omit<SendMessageBatchRequestEntry, 'Id'> = { MessageBody: text };
  if (attrs.attributes) entry.MessageAttributes = attrs.attributes;
  const delay = options?.delaySeconds;
  if (delay !== undefined) {
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
      throw new InvalidMessageError(queue, INVALID_DELAY(queue, delay));
    }
    if (target.fifo && delay !== 0)
      throw new InvalidMessageError(queue, FIFO_DELAY_NOT_SUPPORTED(queue));
    if (!target.fifo) entry.DelaySeconds = delay;
  }
  if (target.fifo) {
    const fifo = fifoOptions(target);
    const groupId = options?.groupId ?? fifo?.groupId?.(body);
    if (!groupId) throw new FifoGroupIdRequiredError(queue);
    entry.MessageGroupId = groupId;
    const dedup =
      options?.deduplicationId ??
      fifo?.deduplicationId?.(body) ??
      (target.contentBasedDeduplication ? undefined : randomUUID());
    if (dedup !== undefined) entry.MessageDeduplicationId = dedup;
  } else {
    // Standard queues accept a group id (fair queues), but never a deduplication id.
    if (options?.groupId !== undefined) entry.MessageGroupId = options.groupId;
    if (options?.deduplicationId !== undefined) {
      throw new InvalidMessageError(queue, FIFO_ONLY_OPTION(queue, 'deduplicationId'));
    }
  }
  return { entry, size };
}

/**
 * The group a message is for on a FIFO queue, as `buildOutgoingMessage` derives it, or undefined
 * where it has none (or deriving it throws): to tell which group a message that failed belongs to.
 */
export function fifoGroupOf(
  target: ProducerTarget,
  body: unknown,
  options: SqsSendOptions | undefined,
): string | undefined {
  if (!target.fifo) return undefined;
  try {
    return options?.groupId ?? fifoOptions(target)?.groupId?.(body) ?? undefined;
  } catch {
    return undefined;
  }
}

function fifoOptions(target: ProducerTarget): SqsFifoOptions | undefined {
  const fifo = target.options.fifo;
  return typeof fifo === 'object' ? fifo : undefined;
}
