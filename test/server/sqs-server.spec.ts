import { request, Agent } from 'node:http';
import { startSqsServer } from '../../src/server';
import { jsonRequest, queryRequest, rawRequest, xmlCode, xmlText } from '../support/raw-http';
import { startFixture, until, type ServerFixture } from '../support/server-fixture';

let f: ServerFixture;
afterEach(async () => {
  await f?.server.close();
});

async function createQueue(name = 'q'): Promise<string> {
  const res = await jsonRequest(f.url, 'CreateQueue', { QueueName: name });
  return JSON.parse(res.body).QueueUrl as string;
}

describe('queue URLs', () => {
  it('use the Host the client addressed', async () => {
    f = await startFixture({ allowedHosts: ['sqs.test'] });
    const res = await jsonRequest(
      f.url,
      'CreateQueue',
      { QueueName: 'q' },
      { host: 'sqs.test:4566' },
    );
    expect(JSON.parse(res.body)).toEqual({ QueueUrl: 'http://sqs.test:4566/000000000000/q' });
  });

  it('use the configured baseUrl whatever the Host', async () => {
    f = await startFixture({ baseUrl: 'http://sqs.internal:9324/', allowedHosts: ['other'] });
    const res = await jsonRequest(f.url, 'CreateQueue', { QueueName: 'q' }, { host: 'other:1' });
    expect(JSON.parse(res.body)).toEqual({ QueueUrl: 'http://sqs.internal:9324/000000000000/q' });
  });

  it('fall back to the server URL when the Host header is unusable', async () => {
    // The host check off: with it, such a Host is refused before any URL is made.
    f = await startFixture({ allowedHosts: '*' });
    const res = await jsonRequest(f.url, 'CreateQueue', { QueueName: 'q' }, { host: 'x/y' });
    expect(JSON.parse(res.body)).toEqual({ QueueUrl: `${f.url}/000000000000/q` });
  });

  it('carry the account id and region the server was started with', async () => {
    const server = await startSqsServer({
      port: 0,
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    try {
      const created = await jsonRequest(server.url, 'CreateQueue', { QueueName: 'q' });
      const url = JSON.parse(created.body).QueueUrl as string;
      const attrs = await jsonRequest(server.url, 'GetQueueAttributes', {
        QueueUrl: url,
        AttributeNames: ['QueueArn'],
      });
      expect([url, JSON.parse(attrs.body).Attributes.QueueArn]).toEqual([
        `${server.url}/123456789012/q`,
        'arn:aws:sqs:eu-west-1:123456789012:q',
      ]);
    } finally {
      await server.close();
    }
  });

  it('do not change the handle’s url, which is where the server listens', async () => {
    f = await startFixture({ baseUrl: 'http://sqs.internal:9324' });
    expect(f.url).toBe(`http://127.0.0.1:${f.server.port}`);
  });
});

describe('query protocol: the queue from the request path', () => {
  it('is found from /<account>/<name> when QueueUrl is absent (Java SDK v1)', async () => {
    f = await startFixture();
    await createQueue('orders');
    const sent = await queryRequest(
      f.url,
      'Action=SendMessage&MessageBody=hi',
      '/000000000000/orders',
    );
    expect([sent.status, f.emulator.peekMessages('orders').map((m) => m.body)]).toEqual([
      200,
      ['hi'],
    ]);
  });

  it('is found from the legacy /queue/<name> path', async () => {
    f = await startFixture();
    await createQueue('orders');
    const res = await queryRequest(f.url, 'Action=SendMessage&MessageBody=hi', '/queue/orders');
    expect(res.status).toBe(200);
  });

  it('gives way to an explicit QueueUrl parameter', async () => {
    f = await startFixture();
    const url = await createQueue('a');
    await createQueue('b');
    await queryRequest(
      f.url,
      `Action=SendMessage&MessageBody=hi&QueueUrl=${encodeURIComponent(url)}`,
      '/000000000000/b',
    );
    expect(f.emulator.peekMessages('a')).toHaveLength(1);
  });

  it('is a missing queue when the path names none', async () => {
    f = await startFixture();
    const res = await queryRequest(
      f.url,
      'Action=SendMessage&MessageBody=hi',
      '/000000000000/nope',
    );
    expect([res.status, xmlCode(res.body)]).toEqual([
      400,
      'AWS.SimpleQueueService.NonExistentQueue',
    ]);
  });

  it('accepts a GET with its parameters in the query string', async () => {
    f = await startFixture();
    await createQueue('orders');
    const res = await rawRequest(f.url, {
      method: 'GET',
      path: '/?Action=GetQueueUrl&QueueName=orders',
    });
    expect(xmlText(res.body, 'QueueUrl')).toBe(`${f.url}/000000000000/orders`);
  });
});

describe('JSON protocol: status codes and headers', () => {
  it('answers with the query-model status (403) when the client sends x-amzn-query-mode', async () => {
    f = await startFixture({ strict: true });
    const QueueUrl = await createQueue();
    await jsonRequest(f.url, 'PurgeQueue', { QueueUrl });
    const res = await jsonRequest(
      f.url,
      'PurgeQueue',
      { QueueUrl },
      { 'x-amzn-query-mode': 'true' },
    );
    expect([res.status, res.headers['x-amzn-query-error']]).toEqual([
      403,
      'AWS.SimpleQueueService.PurgeQueueInProgress;Sender',
    ]);
  });

  it('answers 400 for the same error without x-amzn-query-mode', async () => {
    f = await startFixture({ strict: true });
    const QueueUrl = await createQueue();
    await jsonRequest(f.url, 'PurgeQueue', { QueueUrl });
    const res = await jsonRequest(f.url, 'PurgeQueue', { QueueUrl });
    expect([res.status, JSON.parse(res.body).__type]).toEqual([
      400,
      'com.amazonaws.sqs#PurgeQueueInProgress',
    ]);
  });

  it('sends an empty body with the JSON content type for an action without a result', async () => {
    f = await startFixture();
    const QueueUrl = await createQueue();
    const res = await jsonRequest(f.url, 'PurgeQueue', { QueueUrl });
    expect([res.status, res.headers['content-type'], res.body]).toEqual([
      200,
      'application/x-amz-json-1.0',
      '',
    ]);
  });

  it('sets x-amzn-RequestId on every response', async () => {
    f = await startFixture();
    const res = await jsonRequest(f.url, 'ListQueues', {});
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the same request id in a query response body and header', async () => {
    f = await startFixture();
    const res = await queryRequest(f.url, 'Action=ListQueues');
    expect(xmlText(res.body, 'RequestId')).toBe(res.headers['x-amzn-requestid']);
  });
});

describe('X-Amzn-Trace-Id', () => {
  const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';

  it('becomes the AWSTraceHeader of a message sent over JSON', async () => {
    f = await startFixture();
    const QueueUrl = await createQueue();
    await jsonRequest(
      f.url,
      'SendMessage',
      { QueueUrl, MessageBody: 'x' },
      { 'x-amzn-trace-id': trace },
    );
    expect(f.emulator.peekMessages('q')[0].traceHeader).toBe(trace);
  });

  it('becomes the AWSTraceHeader of a message sent over query', async () => {
    f = await startFixture();
    await createQueue();
    await queryRequest(f.url, 'Action=SendMessage&MessageBody=x', '/000000000000/q', {
      'x-amzn-trace-id': trace,
    });
    expect(f.emulator.peekMessages('q')[0].traceHeader).toBe(trace);
  });
});

describe('graceful close', () => {
  it('answers an open JSON long poll with an empty result', async () => {
    f = await startFixture();
    const QueueUrl = await createQueue();
    const poll = jsonRequest(f.url, 'ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
    await until(() => f.emulator.pendingReceives() === 1, 'the long poll');
    await f.server.close();
    const res = await poll;
    expect([res.status, res.body, res.headers.connection]).toEqual([200, '{}', 'close']);
  });

  it('answers an open query long poll with an empty ReceiveMessageResult', async () => {
    f = await startFixture();
    await createQueue();
    const poll = queryRequest(f.url, 'Action=ReceiveMessage&WaitTimeSeconds=20', '/000000000000/q');
    await until(() => f.emulator.pendingReceives() === 1, 'the long poll');
    await f.server.close();
    const res = await poll;
    expect([
      res.status,
      /<ReceiveMessageResult>\s*<\/ReceiveMessageResult>/.test(res.body),
    ]).toEqual([200, true]);
  });

  it('lets a request whose body is still arriving finish', async () => {
    f = await startFixture();
    const QueueUrl = await createQueue();
    const body = JSON.stringify({ QueueUrl, MessageBody: 'late' });
    const url = new URL(f.url);
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.SendMessage',
            'content-length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      f.server.server.once('request', () => {
        void f.server.close();
        setImmediate(() => req.end(body.slice(10)));
      });
      req.write(body.slice(0, 10));
    });
    expect(await response).toBe(200);
    expect(f.emulator.peekMessages('q').map((m) => m.body)).toEqual(['late']);
  });

  it('refuses new connections once closed', async () => {
    f = await startFixture();
    await f.server.close();
    await expect(rawRequest(f.url, { path: '/?Action=ListQueues', method: 'GET' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('can be called twice', async () => {
    f = await startFixture();
    await Promise.all([f.server.close(), f.server.close()]);
    await expect(f.server.close()).resolves.toBeUndefined();
  });
});

describe('a client that hangs up', () => {
  it('ends its long poll without taking a message', async () => {
    f = await startFixture();
    const QueueUrl = await createQueue();
    const url = new URL(f.url);
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ReceiveMessage',
      },
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ QueueUrl, WaitTimeSeconds: 20 }));
    await until(() => f.emulator.pendingReceives() === 1, 'the long poll');
    req.destroy();
    await until(() => f.emulator.pendingReceives() === 0, 'the poll to end');
    await jsonRequest(f.url, 'SendMessage', { QueueUrl, MessageBody: 'kept' });
    expect(f.emulator.peekMessages('q').map((m) => [m.body, m.state])).toEqual([
      ['kept', 'visible'],
    ]);
  });
});

describe('a client that hangs up mid-body', () => {
  it('leaves no request behind and the server keeps serving', async () => {
    f = await startFixture();
    const url = new URL(f.url);
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ListQueues',
        'content-length': '1000',
      },
    });
    req.on('error', () => undefined);
    const arrived = new Promise<void>((resolve) =>
      f.server.server.once('request', () => resolve()),
    );
    req.write('{"QueueNamePrefix":');
    await arrived;
    req.destroy();
    // close() waits for in-flight requests (up to a 10 s grace): it must find none left.
    let closed = false;
    const closing = f.server.close().then(() => (closed = true));
    const closedPromptly = await until(() => closed, 'close()').then(
      () => true,
      () => false,
    );
    await closing;
    expect(closedPromptly).toBe(true);
  });
});

describe('keep-alive', () => {
  it('serves several requests on one connection', async () => {
    f = await startFixture();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(f.url);
    const once = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: '/?Action=ListQueues', agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve(req.reusedSocket));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const reused = [await once(), await once(), await once()];
    agent.destroy();
    expect(reused).toEqual([false, true, true]);
  });
});

describe('unexpected failures', () => {
  it('answer InternalError 500 and the server keeps serving', async () => {
    f = await startFixture();
    jest.spyOn(f.emulator, 'listQueues').mockRejectedValueOnce(new TypeError('boom'));
    const failed = await jsonRequest(f.url, 'ListQueues', {});
    const next = await jsonRequest(f.url, 'ListQueues', {});
    expect([failed.status, JSON.parse(failed.body).__type, next.status]).toEqual([
      500,
      'com.amazon.coral.service#InternalFailure',
      200,
    ]);
  });

  it('are logged at error level', async () => {
    const errors: string[] = [];
    f = await startFixture({
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (m) => errors.push(m),
      },
    });
    jest.spyOn(f.emulator, 'listQueues').mockRejectedValueOnce(new TypeError('boom'));
    await queryRequest(f.url, 'Action=ListQueues');
    expect(errors).toEqual([expect.stringContaining('TypeError: boom')]);
  });
});

describe('request logging', () => {
  it('logs each request at debug level with protocol, action and status', async () => {
    const lines: string[] = [];
    f = await startFixture({
      logger: {
        debug: (m) => lines.push(m),
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      },
    });
    await jsonRequest(f.url, 'ListQueues', {});
    await queryRequest(f.url, 'Action=GetQueueUrl&QueueName=nope');
    expect(lines).toEqual([
      expect.stringMatching(/^POST \/ json ListQueues 200 \d+\.\dms$/),
      expect.stringMatching(/^POST \/ query GetQueueUrl 400 \d+\.\dms$/),
    ]);
  });
});
