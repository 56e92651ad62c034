import type {
  Message,
  MessageAttributeValue,
  MessageSystemAttributeName,
} from '@aws-sdk/client-sqs';
import { defineLazyMd5OfBody } from '../lazy-md5-of-body';
import { md5OfMessageAttributes } from '../md5';
import { copyAttribute, defineAttribute } from './message-attribute-copy';
import type { MessageRecord } from './message-record';

// The SDK `Message`s a ReceiveMessage returns: which attributes the request asked for, and each
// stored record turned into a `Message` carrying only those.

const SYSTEM_ATTRIBUTE_NAMES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

/** Which attributes a receive asked for, resolved once per request. */
export interface AttributeSelection {
  readonly system: ReadonlySet<string>;
  /** True when every message attribute was requested. */
  readonly allMessageAttributes: boolean;
  readonly messageAttributeNames: ReadonlySet<string>;
  readonly messageAttributePrefixes: readonly string[];
}

/** Resolves ReceiveMessage's attribute filters (both the new and the deprecated parameter). */
export function selectAttributes(
  systemNames: readonly string[] | undefined,
  deprecatedNames: readonly string[] | undefined,
  messageAttributeNames: readonly string[] | undefined,
): AttributeSelection {
  const system = new Set<string>();
  for (const n of [...(systemNames ?? []), ...(deprecatedNames ?? [])]) {
    if (typeof n !== 'string') continue;
    if (n === 'All') SYSTEM_ATTRIBUTE_NAMES.forEach((s) => system.add(s));
    else system.add(n);
  }
  let all = false;
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const n of messageAttributeNames ?? []) {
    if (typeof n !== 'string') continue;
    if (n === 'All' || n === '.*' || n === '*') all = true;
    // "Hel.*" selects every name starting with "Hel" (SQS treats ".*" as a wildcard suffix).
    else if (n.endsWith('.*')) prefixes.push(n.slice(0, -2));
    else names.add(n);
  }
  return {
    system,
    allMessageAttributes: all,
    messageAttributeNames: names,
    messageAttributePrefixes: prefixes,
  };
}

/** Builds the SDK `Message` a receive returns, with only the attributes asked for. */
export function toSdkMessage(
  record: MessageRecord,
  receiptHandle: string,
  selection: AttributeSelection,
): Message {
  const out: Message = { MessageId: record.messageId, ReceiptHandle: receiptHandle };
  // Not kept on the record: 48 bytes a queued message, to save one hash per receive.
  defineLazyMd5OfBody(out, 'MD5OfBody', record.body);
  out.Body = record.body;
  if (selection.system.size > 0) {
    const attrs: Partial<Record<MessageSystemAttributeName, string>> = {};
    const want = selection.system;
    if (want.has('SenderId')) attrs.SenderId = record.senderId;
    if (want.has('SentTimestamp')) attrs.SentTimestamp = String(record.sentAt);
    if (want.has('ApproximateReceiveCount')) {
      attrs.ApproximateReceiveCount = String(record.receiveCount);
    }
    if (want.has('ApproximateFirstReceiveTimestamp')) {
      attrs.ApproximateFirstReceiveTimestamp = String(record.firstReceiveAt);
    }
    if (want.has('SequenceNumber') && record.sequenceNumber !== undefined) {
      attrs.SequenceNumber = record.sequenceNumber;
    }
    if (want.has('MessageDeduplicationId') && record.deduplicationId !== undefined) {
      attrs.MessageDeduplicationId = record.deduplicationId;
    }
    if (want.has('MessageGroupId') && record.groupId !== undefined) {
      attrs.MessageGroupId = record.groupId;
    }
    if (want.has('AWSTraceHeader') && record.traceHeader !== undefined) {
      attrs.AWSTraceHeader = record.traceHeader;
    }
    if (want.has('DeadLetterQueueSourceArn') && record.deadLetterSourceArn !== undefined) {
      attrs.DeadLetterQueueSourceArn = record.deadLetterSourceArn;
    }
    // None of those asked for applies (say, MessageGroupId on a standard queue): no empty map.
    if (Object.keys(attrs).length > 0) out.Attributes = attrs;
  }
  const source = record.messageAttributes;
  if (source) {
    const picked = pickMessageAttributes(source, selection);
    if (picked) {
      out.MessageAttributes = picked;
      out.MD5OfMessageAttributes = md5OfMessageAttributes(picked);
    }
  }
  return out;
}

function pickMessageAttributes(
  source: Record<string, MessageAttributeValue>,
  selection: AttributeSelection,
): Record<string, MessageAttributeValue> | undefined {
  let picked: Record<string, MessageAttributeValue> | undefined;
  for (const name of Object.keys(source)) {
    const wanted =
      selection.allMessageAttributes ||
      selection.messageAttributeNames.has(name) ||
      selection.messageAttributePrefixes.some((p) => name.startsWith(p));
    if (!wanted) continue;
    picked ??= {};
    defineAttribute(picked, name, copyAttribute(source[name]));
  }
  return picked;
}
