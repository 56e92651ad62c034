import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { type MessageRecord, MessageState } from './queue/message-record';
import { copyAttribute } from './queue/message-attribute-copy';
import type { SqsQueue } from './queue/sqs-queue';

/** A queue as the inspection API shows it. */
export interface QueueSummary {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly visible: number;
  readonly inflight: number;
  readonly delayed: number;
  /** The ARN of this queue's dead-letter queue, if it has a redrive policy. */
  readonly deadLetterTargetArn?: string;
  readonly maxReceiveCount?: number;
  readonly tags: Record<string, string>;
}

/** The states a peek can ask for. */
export type PeekState = 'visible' | 'inflight' | 'delayed';

export interface PeekOptions {
  /** Which states to include (default: all). */
  readonly states?: readonly PeekState[];
  /** At most this many messages (default 100). */
  readonly limit?: number;
}

/** A message seen through the inspection API. */
export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly state: PeekState;
  readonly receiveCount: number;
  readonly sentTimestamp: number;
  readonly firstReceiveTimestamp?: number;
  /** When a delayed or in-flight message becomes visible (epoch ms). */
  readonly visibleAt: number;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly sequenceNumber?: string;
  readonly deadLetterSourceArn?: string;
  readonly traceHeader?: string;
  readonly messageAttributes?: Record<string, MessageAttributeValue>;
}

const STATE_NAMES: Record<MessageState, PeekState> = {
  [MessageState.Visible]: 'visible',
  [MessageState.Inflight]: 'inflight',
  [MessageState.Delayed]: 'delayed',
};

export function summarizeQueue(queue: SqsQueue, url: string): QueueSummary {
  const summary: QueueSummary = {
    name: queue.name,
    url,
    arn: queue.arn,
    fifo: queue.fifo,
    visible: queue.visibleCount,
    inflight: queue.inflight,
    delayed: queue.delayed,
    tags: Object.fromEntries(queue.tags),
  };
  const rp = queue.redrivePolicy;
  return rp
    ? {
        ...summary,
        deadLetterTargetArn: rp.deadLetterTargetArn,
        maxReceiveCount: rp.maxReceiveCount,
      }
    : summary;
}

/** Reads messages in enqueue order without changing any of them. */
export function peekMessages(queue: SqsQueue, options: PeekOptions): PeekedMessage[] {
  const states = new Set<PeekState>(options.states ?? ['visible', 'inflight', 'delayed']);
  const limit = options.limit ?? 100;
  const out: PeekedMessage[] = [];
  for (const m of queue.allMessages()) {
    if (out.length >= limit) break;
    const state = STATE_NAMES[m.state];
    if (!states.has(state)) continue;
    const peeked: PeekedMessage = {
      messageId: m.messageId,
      body: m.body,
      state,
      receiveCount: m.receiveCount,
      sentTimestamp: m.sentAt,
      visibleAt: m.visibleAt,
      ...(m.firstReceiveAt ? { firstReceiveTimestamp: m.firstReceiveAt } : {}),
      ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
      ...(m.deduplicationId !== undefined ? { deduplicationId: m.deduplicationId } : {}),
      ...(m.sequenceNumber !== undefined ? { sequenceNumber: m.sequenceNumber } : {}),
      ...(m.deadLetterSourceArn !== undefined
        ? { deadLetterSourceArn: m.deadLetterSourceArn }
        : {}),
      ...(m.traceHeader !== undefined ? { traceHeader: m.traceHeader } : {}),
      ...(m.messageAttributes
        ? {
            messageAttributes: Object.fromEntries(
              Object.entries(m.messageAttributes).map(([k, v]) => [k, copyAttribute(v)]),
            ),
          }
        : {}),
    };
    out.push(peeked);
  }
  return out;
}

/**
 * The message with this id, whatever its state, or undefined. A scan (O(n)): it serves rare
 * operator actions (the dashboard's "delete this message"), never the message path.
 */
export function findMessage(queue: SqsQueue, messageId: string): MessageRecord | undefined {
  for (const m of queue.allMessages()) if (m.messageId === messageId) return m;
  return undefined;
}
