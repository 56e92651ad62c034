import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SqsCallOptions } from '../../../src/port/sqs-port.interface';
import {
  bothPaths,
  type BothPaths,
  type CapturedRequest,
  startScriptedServer,
  type ScriptedSqsServer,
  watchSdkPath,
} from './scripted-sqs-server';

/**
 * The lean transport sends what the SDK sends: for the same input, at the same instant and with
 * the same invocation id, the two requests are the same bytes — method, path, every header
 * (the SigV4 `authorization` included) and body. The SDK's own request is the test vector.
 */

/** A whole second, so the server's `date` header gives a clock offset of 0 on both paths. */
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const INVOCATION_ID = '01234567-89ab-4def-8123-456789abcdef';
const QUEUE_PATH = '/000000000000/wire';

const bin = (bytes: number[]): MessageAttributeValue => ({
  DataType: 'Binary',
  BinaryValue: new Uint8Array(bytes),
});

/** One call per lean action, with the values the lean serde must write as the SDK does. */
function cases(queueUrl: string): [string, (port: BothPaths['sdk']) => Promise<unknown>][] {
  const attributes: Record<string, MessageAttributeValue> = {
    s: { DataType: 'String', StringValue: 'plain' },
    'n.1': { DataType: 'Number.float', StringValue: '-0.5e3' },
    b: bin([0, 1, 2, 250, 255]),
    empty: bin([]),
    buf: { DataType: 'Binary', BinaryValue: Buffer.from('hello') },
    lists: { DataType: 'String', StringListValues: ['a', 'b'], BinaryListValues: [] },
    '1': { DataType: 'String', StringValue: 'integer-like key, sorted first' },
  };
  const tricky =
    'quote " backslash \\ tab \t nl \n ctl \u0001 del \u007f é 中 😀 lone \ud800 \u2028';
  return [
    [
      'receiveMessage',
      (p) =>
        p.receiveMessage({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 20,
          VisibilityTimeout: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All', 'AWSTraceHeader'],
          AttributeNames: [],
          ReceiveRequestAttemptId: 'attempt-1',
        }),
    ],
    [
      'receiveMessage (minimal, unknown and undefined members)',
      (p) =>
        p.receiveMessage({
          QueueUrl: queueUrl,
          WaitTimeSeconds: undefined,
          ...({ Unknown: 1 } as object),
        }),
    ],
    [
      'sendMessage',
      (p) =>
        p.sendMessage({
          QueueUrl: queueUrl,
          MessageBody: tricky,
          DelaySeconds: 5,
          MessageAttributes: attributes,
          MessageSystemAttributes: {
            AWSTraceHeader: {
              DataType: 'String',
              StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793',
            },
          },
          MessageDeduplicationId: 'd',
          MessageGroupId: 'g',
        }),
    ],
    [
      'sendMessageBatch',
      (p) =>
        p.sendMessageBatch({
          QueueUrl: queueUrl,
          Entries: [
            { Id: 'a', MessageBody: '' },
            { Id: 'b', MessageBody: tricky, DelaySeconds: 0, MessageAttributes: attributes },
            { Id: 'c', MessageBody: '{"json":[1,2]}', MessageAttributes: {} },
          ],
        }),
    ],
    ['deleteMessage', (p) => p.deleteMessage({ QueueUrl: queueUrl, ReceiptHandle: 'r+/=' })],
    [
      'deleteMessageBatch',
      (p) =>
        p.deleteMessageBatch({
          QueueUrl: queueUrl,
          Entries: [
            { Id: '0', ReceiptHandle: 'r0' },
            { Id: '1', ReceiptHandle: 'r1' },
          ],
        }),
    ],
    [
      'changeMessageVisibility',
      (p) =>
        p.changeMessageVisibility({
          QueueUrl: queueUrl,
          ReceiptHandle: 'r',
          VisibilityTimeout: 43200,
        }),
    ],
    [
      'changeMessageVisibilityBatch',
      (p) =>
        p.changeMessageVisibilityBatch({
          QueueUrl: queueUrl,
          Entries: [
            { Id: '0', ReceiptHandle: 'r0', VisibilityTimeout: 0 },
            { Id: '1', ReceiptHandle: 'r1', VisibilityTimeout: 1.5 },
          ],
        }),
    ],
    [
      'sendMessageBatch with a value the lean writer leaves to the SDK (a string blob)',
      (p) =>
        p.sendMessageBatch({
          QueueUrl: queueUrl,
          Entries: [
            {
              Id: 'a',
              MessageBody: 'x',
              MessageAttributes: {
                b: { DataType: 'Binary', BinaryValue: 'text' as unknown as Uint8Array },
              },
            },
          ],
        }),
    ],
  ];
}

describe('lean transport: requests on the wire', () => {
  let server: ScriptedSqsServer;
  let paths: BothPaths;

  beforeEach(async () => {
    server = await startScriptedServer();
    // No MD5s in these answers: the requests are what is compared here.
    server.reply = () => ({
      status: 200,
      headers: { date: new Date(NOW).toUTCString() },
      body: '{}',
    });
    paths = bothPaths(server.url, { md5: false });
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    if (typeof globalThis.crypto?.randomUUID === 'function') {
      jest.spyOn(globalThis.crypto, 'randomUUID').mockReturnValue(INVOCATION_ID);
    }
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    paths.destroy();
    await server.close();
  });

  const sent = (): CapturedRequest => server.requests[server.requests.length - 1];

  it.each(cases(`http://127.0.0.1:1${QUEUE_PATH}`).map(([name]) => [name]))(
    '%s: the same bytes as the SDK, signature included',
    async (name) => {
      const call = cases(`${server.url}${QUEUE_PATH}`).find(([n]) => n === name)?.[1];
      if (!call) throw new Error(name);
      await call(paths.sdk);
      const bySdk = sent();
      await call(paths.lean);
      const byLean = sent();
      expect(byLean.body).toBe(bySdk.body);
      expect(byLean.headers).toEqual(bySdk.headers);
      expect(byLean.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      expect(byLean.path).toBe(bySdk.path);
      expect(byLean.method).toBe('POST');
    },
  );

  it('sends the lean actions itself, and hands an input it does not model to the SDK', async () => {
    // Not a spy on `send`: a client whose `send` is not the SDK's own is left to that `send`.
    const sdkPath = watchSdkPath();
    for (const [name, call] of cases(`${server.url}${QUEUE_PATH}`)) {
      const before = sdkPath.actionsVia(paths.clients[1]).length;
      await call(paths.lean);
      const viaSdk = sdkPath.actionsVia(paths.clients[1]).slice(before);
      expect([name, viaSdk]).toEqual([
        name,
        name.includes('leaves to the SDK') ? ['sendMessageBatch'] : [],
      ]);
    }
  });

  it('sends every other action through the SDK client', async () => {
    const sdkPath = watchSdkPath();
    server.reply = () => ({ status: 200, body: '{"QueueUrl":"q"}' });
    await paths.lean.getQueueUrl({ QueueName: 'wire' });
    await paths.lean.purgeQueue({ QueueUrl: `${server.url}${QUEUE_PATH}` });
    expect(sdkPath.actionsVia(paths.clients[1])).toEqual(['getQueueUrl', 'purgeQueue']);
  });

  it('passes the abort signal on the SDK path too', async () => {
    const send = jest.spyOn(paths.clients[1], 'send');
    const options: SqsCallOptions = { abortSignal: new AbortController().signal };
    await paths.lean.listQueues({}, options);
    expect(send.mock.calls[0][1]).toEqual({ abortSignal: options.abortSignal });
  });
});

describe('lean transport: where a call goes', () => {
  let queueHost: ScriptedSqsServer;
  let warn: jest.SpyInstance;

  beforeEach(async () => {
    queueHost = await startScriptedServer();
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await queueHost.close();
  });

  it('sends to the QueueUrl host when no endpoint is configured, as the SDK does', async () => {
    const paths = bothPaths(undefined, { md5: false });
    try {
      const QueueUrl = `${queueHost.url}${QUEUE_PATH}`;
      await paths.sdk.deleteMessage({ QueueUrl, ReceiptHandle: 'r' });
      await paths.lean.deleteMessage({ QueueUrl, ReceiptHandle: 'r' });
      await paths.lean.deleteMessage({ QueueUrl, ReceiptHandle: 'r' });
      expect(queueHost.requests.map((r) => [r.path, r.headers.host])).toEqual([
        ['/', queueHost.url.slice('http://'.length)],
        ['/', queueHost.url.slice('http://'.length)],
        ['/', queueHost.url.slice('http://'.length)],
      ]);
      // The SDK warns on every such call; the lean transport once per host.
      const texts = warn.mock.calls.map(([text]) => String(text));
      expect(texts).toHaveLength(2);
      expect(texts[0]).toBe(texts[1]);
      expect(texts[0]).toContain('using QueueUrl host as endpoint');
    } finally {
      paths.destroy();
    }
  });

  it('keeps to a configured endpoint whatever the QueueUrl says', async () => {
    const other = await startScriptedServer();
    const paths = bothPaths(other.url, { md5: false });
    try {
      await paths.lean.deleteMessage({
        QueueUrl: `${queueHost.url}${QUEUE_PATH}`,
        ReceiptHandle: 'r',
      });
      expect(other.requests).toHaveLength(1);
      expect(queueHost.requests).toHaveLength(0);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      paths.destroy();
      await other.close();
    }
  });
});
