import { createHash } from 'node:crypto';
import { HttpResponse } from '@smithy/core/protocols';
import {
  bothPaths,
  type BothPaths,
  errorView,
  outcome,
  type ScriptedReply,
  startScriptedServer,
  type ScriptedSqsServer,
} from './scripted-sqs-server';

/**
 * The lean transport gives back what the SDK gives back: for the same answer from SQS, the same
 * result (same members, same types: `Uint8Array` blobs, booleans, `$metadata`) or the same error
 * (same class, name, message, `$fault`, `$metadata`, query-compatible `Code`/`Type`/`Error`).
 * Each answer below is given to both paths, with one attempt and no MD5 checks (each has its
 * own spec), and the outcomes must be equal.
 */

const QUEUE_URL = 'http://127.0.0.1:1/000000000000/q';
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
const b64 = (s: string) => Buffer.from(s).toString('base64');

const json = (body: unknown, status = 200): ScriptedReply => ({
  status,
  body: JSON.stringify(body),
});

const error = (
  type: string,
  message: string,
  status = 400,
  queryError?: string,
): ScriptedReply => ({
  status,
  headers: queryError ? { 'x-amzn-query-error': queryError } : {},
  body: JSON.stringify({ __type: type, message }),
});

const message = {
  MessageId: 'm-1',
  ReceiptHandle: 'rh-1',
  MD5OfBody: md5('body'),
  Body: 'body',
  Attributes: { SentTimestamp: '1700000000000', ApproximateReceiveCount: '2' },
  MD5OfMessageAttributes: 'abc',
  MessageAttributes: {
    s: { DataType: 'String', StringValue: 'x', StringListValues: [], BinaryListValues: [] },
    n: { DataType: 'Number', StringValue: '12.5' },
    b: { DataType: 'Binary', BinaryValue: b64('\u0000\u0001bin') },
    lists: { DataType: 'Binary', BinaryListValues: [b64('one'), b64('')] },
  },
};

type Call = (port: BothPaths['sdk']) => Promise<unknown>;
const receive: Call = (p) =>
  p.receiveMessage({ QueueUrl: QUEUE_URL, MessageAttributeNames: ['All'] });
const deleteBatch: Call = (p) =>
  p.deleteMessageBatch({
    QueueUrl: QUEUE_URL,
    Entries: [
      { Id: 'a', ReceiptHandle: 'r' },
      { Id: 'b', ReceiptHandle: 'r' },
    ],
  });
const changeBatch: Call = (p) =>
  p.changeMessageVisibilityBatch({
    QueueUrl: QUEUE_URL,
    Entries: [{ Id: 'a', ReceiptHandle: 'r', VisibilityTimeout: 1 }],
  });
const sendBatch: Call = (p) =>
  p.sendMessageBatch({ QueueUrl: QUEUE_URL, Entries: [{ Id: 'a', MessageBody: 'x' }] });
const send: Call = (p) => p.sendMessage({ QueueUrl: QUEUE_URL, MessageBody: 'x' });
const deleteOne: Call = (p) => p.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
const changeOne: Call = (p) =>
  p.changeMessageVisibility({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r', VisibilityTimeout: 0 });

const CASES: [string, Call, ScriptedReply][] = [
  ['a received message with every kind of attribute', receive, json({ Messages: [message] })],
  ['an empty receive', receive, json({})],
  ['an empty Messages list', receive, json({ Messages: [] })],
  ['a null Messages', receive, json({ Messages: null })],
  ['an empty body', receive, { status: 200, body: '' }],
  [
    'nulls and unknown members at every level',
    receive,
    json({
      Unknown: 1,
      Messages: [
        {
          MessageId: 'm',
          Body: null,
          Extra: { deep: true },
          Attributes: { A: null, B: 'b' },
          MessageAttributes: { a: { DataType: 'String', StringValue: null, Other: 1 } },
        },
      ],
    }),
  ],
  ['a value of another type than the schema says', receive, json({ Messages: [{ MessageId: 5 }] })],
  [
    'a __type inside a result',
    receive,
    json({ Messages: [{ __type: 'X', MessageId: 'm', Z: 1 }] }),
  ],
  ['a JSON array instead of an object', receive, json([])],
  [
    'an invalid base64 blob',
    receive,
    json({ Messages: [{ MessageAttributes: { b: { DataType: 'Binary', BinaryValue: 'a' } } }] }),
  ],
  ['malformed JSON', receive, { status: 200, body: '{"Messages":[' }],
  [
    'a __proto__ attribute name',
    receive,
    { status: 200, body: '{"Messages":[{"Attributes":{"__proto__":"x"}}]}' },
  ],
  [
    'a batch result with failures',
    deleteBatch,
    json({
      Successful: [{ Id: 'a' }],
      Failed: [
        { Id: 'b', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'nope' },
        { Id: 'c', SenderFault: false, Code: 'InternalError' },
      ],
    }),
  ],
  ['a visibility batch result', changeBatch, json({ Successful: [{ Id: 'a' }], Failed: [] })],
  [
    'a send batch result',
    sendBatch,
    json({
      Successful: [
        {
          Id: 'a',
          MessageId: 'm',
          MD5OfMessageBody: md5('x'),
          MD5OfMessageAttributes: 'y',
          MD5OfMessageSystemAttributes: 'z',
          SequenceNumber: '1',
        },
      ],
      Failed: [],
    }),
  ],
  [
    'a send result',
    send,
    json({ MessageId: 'm', MD5OfMessageBody: md5('x'), SequenceNumber: '2' }),
  ],
  ['a void result with an empty body', deleteOne, { status: 200, body: '' }],
  ['a void result with {}', changeOne, json({})],
  ['a void result with members', deleteOne, json({ Unexpected: 1 })],
  [
    'QueueDoesNotExist, query-compatible',
    receive,
    error(
      'com.amazonaws.sqs#QueueDoesNotExist',
      'The specified queue does not exist.',
      400,
      'AWS.SimpleQueueService.NonExistentQueue;Sender',
    ),
  ],
  [
    'ReceiptHandleIsInvalid',
    deleteOne,
    error('com.amazonaws.sqs#ReceiptHandleIsInvalid', 'The input receipt handle is invalid.', 400),
  ],
  [
    'an error only the query-error header names',
    changeOne,
    error('com.amazonaws.sqs#Nope', 'm', 400, 'AWS.SimpleQueueService.MessageNotInflight;Sender'),
  ],
  ['an error code the SDK does not know', sendBatch, error('com.amazonaws.sqs#Weird', 'odd', 400)],
  [
    'a server error',
    receive,
    error('com.amazonaws.sqs#InternalError', 'oops', 500, 'InternalError;Receiver'),
  ],
  ['a throttling error', receive, error('ThrottlingException', 'Rate exceeded', 400)],
  [
    'an error whose body is not JSON',
    deleteBatch,
    { status: 502, body: '<html>bad gateway</html>' },
  ],
  ['an error with no body', send, { status: 413, body: '' }],
];

describe('lean transport: results and errors', () => {
  let server: ScriptedSqsServer;
  let paths: BothPaths;

  beforeAll(async () => {
    server = await startScriptedServer();
    paths = bothPaths(server.url, { md5: false, maxAttempts: 1 });
  });

  afterAll(async () => {
    paths.destroy();
    await server.close();
  });

  it.each(CASES)('%s: the same outcome as the SDK', async (_name, call, reply) => {
    server.reply = () => reply;
    const bySdk = await outcome(call(paths.sdk));
    const byLean = await outcome(call(paths.lean));
    if (bySdk.ok && byLean.ok) {
      // Same members, same values, same classes (Uint8Array, not Buffer), same $metadata.
      expect(byLean.value).toStrictEqual(bySdk.value);
    } else if (!bySdk.ok && !byLean.ok) {
      expect(errorView(byLean.error)).toEqual(errorView(bySdk.error));
      expect(Object.keys(byLean.error as object)).toEqual(Object.keys(bySdk.error as object));
    } else {
      throw new Error(`the SDK ${bySdk.ok ? 'resolved' : 'rejected'}, the lean path did not`);
    }
  });

  it('decodes blobs to Uint8Array and keeps every member the schema has', async () => {
    server.reply = () => json({ Messages: [message] });
    const out = await paths.lean.receiveMessage({ QueueUrl: QUEUE_URL });
    const got = out.Messages?.[0];
    expect(got?.MessageAttributes?.b.BinaryValue).toEqual(
      new Uint8Array(Buffer.from('\u0000\u0001bin')),
    );
    expect(got?.MessageAttributes?.lists.BinaryListValues?.map((v) => v.constructor.name)).toEqual([
      'Uint8Array',
      'Uint8Array',
    ]);
    expect(Object.keys(got ?? {})).toEqual(Object.keys(message));
    expect((out as { $metadata?: unknown }).$metadata).toEqual({
      httpStatusCode: 200,
      requestId: '11111111-2222-3333-4444-555555555555',
      extendedRequestId: undefined,
      cfId: undefined,
      attempts: 1,
      totalRetryDelay: 0,
    });
  });
});

describe('lean transport: response headers in any case', () => {
  it('reads $metadata from headers whatever their case, as the SDK does', async () => {
    // Node's own HTTP client lowercases header names; another request handler may not.
    const requestHandler = {
      metadata: { handlerProtocol: 'http/1.1' },
      handle: () =>
        Promise.resolve({
          response: new HttpResponse({
            statusCode: 200,
            headers: {
              'X-Amzn-RequestId': 'req-1',
              'X-Amz-Id-2': 'ext-2',
              'X-Amz-Cf-Id': 'cf-3',
              'Content-Type': 'application/x-amz-json-1.0',
            },
            body: Buffer.from('{}'),
          }),
        }),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    };
    const paths = bothPaths('http://127.0.0.1:1', { requestHandler, md5: false });
    try {
      const bySdk = await paths.sdk.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      const byLean = await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      expect(byLean).toStrictEqual(bySdk);
      expect((byLean as { $metadata?: unknown }).$metadata).toMatchObject({
        requestId: 'req-1',
        extendedRequestId: 'ext-2',
        cfId: 'cf-3',
      });
    } finally {
      paths.destroy();
    }
  });
});
