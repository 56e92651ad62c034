import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { PeekedMessage } from '../emulator/inspection';
import type { SqsAttributeValue } from '../interfaces/sqs-message.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type {
  SqsQueuedMessage,
  SqsSentMessage,
  SqsTestMessage,
} from './interfaces/sqs-test-message.interface';
import type { SentRecord } from './sqs-test-emulator';

type Attributes = Readonly<Record<string, MessageAttributeValue>> | undefined;
type Codecs = Pick<SqsResolvedQueue, 'codec' | 'messageTypeAttribute'>;

/** A sent message as `harness.sent()` shows it. */
export function toSentMessage<T>(queue: Codecs, record: SentRecord): SqsSentMessage<T> {
  return {
    ...common<T>(queue, record.messageId, record.body, record.messageAttributes, record.sentAt),
    groupId: record.groupId,
    deduplicationId: record.deduplicationId,
    delaySeconds: record.delaySeconds,
  };
}

/** A queued message as `harness.messages()` shows it. */
export function toQueuedMessage<T>(
  queue: Codecs,
  peeked: PeekedMessage,
  deadLetterSource?: string,
): SqsQueuedMessage<T> {
  return {
    ...common<T>(
      queue,
      peeked.messageId,
      peeked.body,
      peeked.messageAttributes,
      peeked.sentTimestamp,
    ),
    groupId: peeked.groupId,
    deduplicationId: peeked.deduplicationId,
    state: peeked.state,
    receiveCount: peeked.receiveCount,
    visibleAt: new Date(peeked.visibleAt),
    ...(deadLetterSource !== undefined ? { deadLetterSource } : {}),
  };
}

/** Decodes a body with the queue's codec, keeping the error rather than throwing it. */
export function decodeBody<T>(
  queue: Codecs,
  id: string,
  rawBody: string,
  attributes: Attributes,
): { body: T; decodeError?: unknown } {
  const message: Message = { MessageId: id, Body: rawBody, MessageAttributes: { ...attributes } };
  try {
    return { body: queue.codec.decode(rawBody, message) as T };
  } catch (decodeError) {
    return { body: undefined as T, decodeError };
  }
}

function common<T>(
  queue: Codecs,
  id: string,
  rawBody: string,
  raw: Attributes,
  sentAt: number,
): Omit<SqsTestMessage<T>, 'groupId' | 'deduplicationId'> {
  const attributes: Record<string, SqsAttributeValue> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const decoded = value.BinaryValue ?? value.StringValue;
    if (decoded !== undefined) attributes[name] = decoded;
  }
  return {
    id,
    ...decodeBody<T>(queue, id, rawBody, raw),
    rawBody,
    attributes,
    messageType: raw?.[queue.messageTypeAttribute]?.StringValue,
    sentAt: new Date(sentAt),
  };
}
