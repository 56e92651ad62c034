import { writeRequest } from './lean-serde';
import type { LeanHttpRequest, LeanOperationSchema, LeanSdk } from './lean-sdk';
import type { LeanAction, LeanOperations } from './lean-shapes';

/**
 * A check, once per client, that the lean writer still writes what the client's own protocol
 * serializer writes: one request per lean action, with a value of every kind its input has (all
 * four message attribute kinds, system attributes, numbers, lists, text that needs escaping),
 * written both ways and compared, body and protocol headers. A newer SDK that writes otherwise,
 * or a client given another protocol, fails it, and the client's calls go through the SDK.
 */

/** The client's protocol, as far as the check uses it (`AwsJson1_0Protocol.serializeRequest`). */
export interface LeanRequestSerializer {
  serializeRequest(
    operation: LeanOperationSchema,
    input: object,
    context: { endpoint(): Promise<undefined> },
  ): Promise<LeanHttpRequest>;
}

export function isRequestSerializer(protocol: unknown): protocol is LeanRequestSerializer {
  return (
    typeof (protocol as Partial<LeanRequestSerializer> | undefined)?.serializeRequest === 'function'
  );
}

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/lean-self-check';
const TEXT = 'quote " backslash \\ ctl \u0001 é 中 😀 \u2028';
const BYTES = new Uint8Array([0, 1, 127, 128, 255]);

const ATTRIBUTES = {
  s: { DataType: 'String', StringValue: TEXT },
  n: { DataType: 'Number.int', StringValue: '-12' },
  b: { DataType: 'Binary', BinaryValue: BYTES },
  l: { DataType: 'String', StringListValues: ['a'], BinaryListValues: [BYTES] },
};

const SEND_ENTRY = {
  MessageBody: TEXT,
  DelaySeconds: 5,
  MessageAttributes: ATTRIBUTES,
  MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-x' } },
  MessageDeduplicationId: 'd',
  MessageGroupId: 'g',
};

const SAMPLES: { readonly [A in LeanAction]: object } = {
  receiveMessage: {
    QueueUrl: QUEUE_URL,
    AttributeNames: ['All'],
    MessageSystemAttributeNames: ['All', 'SentTimestamp'],
    MessageAttributeNames: ['All'],
    MaxNumberOfMessages: 10,
    VisibilityTimeout: 30,
    WaitTimeSeconds: 20,
    ReceiveRequestAttemptId: 'a',
  },
  deleteMessage: { QueueUrl: QUEUE_URL, ReceiptHandle: 'r+/=' },
  deleteMessageBatch: { QueueUrl: QUEUE_URL, Entries: [{ Id: '0', ReceiptHandle: 'r' }] },
  changeMessageVisibility: { QueueUrl: QUEUE_URL, ReceiptHandle: 'r', VisibilityTimeout: 0 },
  changeMessageVisibilityBatch: {
    QueueUrl: QUEUE_URL,
    Entries: [{ Id: '0', ReceiptHandle: 'r', VisibilityTimeout: 43200 }],
  },
  sendMessage: { QueueUrl: QUEUE_URL, ...SEND_ENTRY },
  sendMessageBatch: { QueueUrl: QUEUE_URL, Entries: [{ Id: 'a', ...SEND_ENTRY }] },
};

/**
 * Where the lean writer and `protocol` differ for the samples (a description of the first
 * difference), or undefined when they agree. `headers` are those every lean request carries.
 */
export async function writerDifference(
  protocol: LeanRequestSerializer,
  operations: LeanOperations,
  headers: Readonly<Record<string, string>>,
  sdk: LeanSdk,
): Promise<string | undefined> {
  for (const op of operations.values()) {
    const input = SAMPLES[op.action];
    const lean = writeRequest(op.input, input, sdk);
    const request = await protocol.serializeRequest(op.sdkOperation, input, {
      endpoint: () => Promise.resolve(undefined),
    });
    const body = bodyText(request.body);
    if (lean !== body) return `${op.action}: the SDK writes ${body}, the lean writer ${lean}`;
    const expected: Record<string, string> = { ...headers, 'x-amz-target': op.target };
    for (const name of ['content-type', 'x-amz-target', 'x-amzn-query-mode']) {
      if (request.headers[name] !== expected[name]) {
        return `${op.action}: the SDK's ${name} is ${request.headers[name]}, the lean one ${expected[name]}`;
      }
    }
  }
  return undefined;
}

/** A serialized body as text (read from its bytes: the SDK's body warns on string methods). */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }
  return undefined;
}
