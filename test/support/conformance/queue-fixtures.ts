import type {
  Message,
  MessageAttributeValue,
  QueueAttributeName,
  ReceiveMessageRequest,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import type { ConformanceTarget } from '../../conformance/conformance-target';

/** A queue created for one test. */
export interface QueueRef {
  name: string;
  url: string;
  arn: string;
}

/** Queue attributes as the SDK types them; cases sometimes pass names SQS must reject. */
export type QueueAttributes = Partial<Record<QueueAttributeName, string>>;

/** Lets a case send attribute names the SDK's types do not know (to test their rejection). */
export function rawAttributes(attrs: Record<string, string>): QueueAttributes {
  return attrs as QueueAttributes;
}

let counter = 0;

/**
 * A queue name no other test uses, even when several targets share one server: a prefix, a
 * per-process counter and a random part. FIFO names get the `.fifo` suffix.
 */
export function uniqueQueueName(prefix = 'q', fifo = false): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${counter}-${random}${fifo ? '.fifo' : ''}`;
}

/** Creates a queue (FIFO when `fifo`) and returns its name, URL and ARN. */
export async function createQueue(
  t: ConformanceTarget,
  opts: { fifo?: boolean; attributes?: Record<string, string>; prefix?: string } = {},
): Promise<QueueRef> {
  const name = uniqueQueueName(opts.prefix ?? (opts.fifo ? 'fifo' : 'std'), opts.fifo);
  const attributes: Record<string, string> = { ...(opts.attributes ?? {}) };
  if (opts.fifo) attributes.FifoQueue = 'true';
  const { QueueUrl } = await t.sqs.createQueue({
    QueueName: name,
    Attributes: Object.keys(attributes).length ? rawAttributes(attributes) : undefined,
  });
  if (!QueueUrl) throw new Error('CreateQueue returned no QueueUrl');
  const arn = await queueAttribute(t, QueueUrl, 'QueueArn');
  if (!arn) throw new Error('GetQueueAttributes returned no QueueArn');
  return { name, url: QueueUrl, arn };
}

/** Creates a FIFO queue. */
export function createFifoQueue(
  t: ConformanceTarget,
  attributes: Record<string, string> = {},
): Promise<QueueRef> {
  return createQueue(t, { fifo: true, attributes });
}

/** Reads one queue attribute (undefined when SQS does not return it). */
export async function queueAttribute(
  t: ConformanceTarget,
  url: string,
  name: QueueAttributeName,
): Promise<string | undefined> {
  const res = await t.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: [name] });
  return res.Attributes?.[name];
}

/** The three approximate message counts of a queue, as numbers. */
export async function messageCounts(
  t: ConformanceTarget,
  url: string,
): Promise<{ visible: number; inflight: number; delayed: number }> {
  const res = await t.sqs.getQueueAttributes({
    QueueUrl: url,
    AttributeNames: [
      'ApproximateNumberOfMessages',
      'ApproximateNumberOfMessagesNotVisible',
      'ApproximateNumberOfMessagesDelayed',
    ],
  });
  const a = res.Attributes ?? {};
  return {
    visible: Number(a.ApproximateNumberOfMessages),
    inflight: Number(a.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed),
  };
}

/** Sends one message with `body`; `extra` adds any other SendMessage parameters. */
export function send(
  t: ConformanceTarget,
  url: string,
  body: string,
  extra: Omit<SendMessageRequest, 'QueueUrl' | 'MessageBody'> = {},
): Promise<SendMessageResult> {
  return t.sqs.sendMessage({ QueueUrl: url, MessageBody: body, ...extra });
}

/** Sends one FIFO message in `group` with an explicit deduplication id (default: the body). */
export function sendFifo(
  t: ConformanceTarget,
  url: string,
  body: string,
  group: string,
  dedupId: string = body,
): Promise<SendMessageResult> {
  return send(t, url, body, { MessageGroupId: group, MessageDeduplicationId: dedupId });
}

/** One short-poll receive (WaitTimeSeconds 0); returns the messages (empty when none). */
export async function receive(
  t: ConformanceTarget,
  url: string,
  extra: Omit<ReceiveMessageRequest, 'QueueUrl'> = {},
): Promise<Message[]> {
  const res = await t.sqs.receiveMessage({ QueueUrl: url, WaitTimeSeconds: 0, ...extra });
  return res.Messages ?? [];
}

/** Receives exactly one message, failing the test if there is none. */
export async function receiveOne(
  t: ConformanceTarget,
  url: string,
  extra: Omit<ReceiveMessageRequest, 'QueueUrl'> = {},
): Promise<Message> {
  const messages = await receive(t, url, { ...extra, MaxNumberOfMessages: 1 });
  expect(messages).toHaveLength(1);
  return messages[0];
}

/** Bodies of messages, in the order received. */
export function bodies(messages: Message[]): (string | undefined)[] {
  return messages.map((m) => m.Body);
}

/** Deletes every given message by its receipt handle. */
export async function deleteAll(
  t: ConformanceTarget,
  url: string,
  messages: Message[],
): Promise<void> {
  for (const m of messages)
    await t.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle });
}

/** Lets pending promise callbacks and I/O run (a few macrotask turns). Never waits for time. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Moves the target's virtual clock forward and lets the emulator's reactions run. */
export async function advance(t: ConformanceTarget, ms: number): Promise<void> {
  t.clock.advance(ms);
  await settle();
}

/** Seconds as milliseconds, for readable `advance(t, s(30))`. */
export function s(seconds: number): number {
  return seconds * 1000;
}

/** A String message attribute. */
export function str(value: string, dataType = 'String'): MessageAttributeValue {
  return { DataType: dataType, StringValue: value };
}

/** A Binary message attribute. */
export function bin(value: Uint8Array | string, dataType = 'Binary'): MessageAttributeValue {
  return {
    DataType: dataType,
    BinaryValue: typeof value === 'string' ? Buffer.from(value) : value,
  };
}

/** The account id in a queue URL (`…/<account>/<name>`). */
export function accountOf(url: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  return parts[parts.length - 2];
}
