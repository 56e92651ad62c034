import { request } from 'node:http';
import {
  jsonRequest,
  queryRequest,
  rawRequest,
  rawSocket,
  type RawResponse,
  xmlCode,
} from '../support/raw-http';
import { startFixture, type ServerFixture } from '../support/server-fixture';

const LIMIT = 64 * 1024;
let f: ServerFixture;

beforeAll(async () => {
  f = await startFixture({ maxBodyBytes: LIMIT });
  await f.emulator.createQueue({ QueueName: 'q' });
});
afterAll(async () => {
  await f.server.close();
});
afterEach(async () => {
  // Whatever the last request was, the server still answers a well-formed one.
  const res = await jsonRequest(f.url, 'ListQueues', {});
  expect(res.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const QUEUE_URL = () => `${f.url}/000000000000/q`;

/** A JSON-protocol error: 4xx, the JSON content type, a `__type` and the query-error header. */
function expectJsonError(res: RawResponse, type: string, status = 400): void {
  expect({
    status: res.status,
    contentType: res.headers['content-type'],
    type: JSON.parse(res.body).__type,
    queryError: res.headers['x-amzn-query-error'],
  }).toEqual({
    status,
    contentType: 'application/x-amz-json-1.0',
    type,
    queryError: expect.stringMatching(/^[\w.]+;Sender$/),
  });
}

/** A query-protocol error: 4xx, an XML ErrorResponse with the code. */
function expectXmlError(res: RawResponse, code: string, status = 400): void {
  expect({
    status: res.status,
    contentType: res.headers['content-type'],
    root: res.body.includes('<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">'),
    code: xmlCode(res.body),
  }).toEqual({ status, contentType: 'text/xml', root: true, code });
}

const CORAL = 'com.amazon.coral.service#';

describe('malformed JSON-protocol requests', () => {
  it.each([
    ['a truncated body', '{"QueueNamePrefix":"a'],
    ['a bare string', '"ListQueues"'],
    ['null', 'null'],
    ['an array', '[1,2]'],
    ['trailing garbage', '{}{}'],
  ])('answers %s with SerializationException', async (_what, body) => {
    expectJsonError(await jsonRequest(f.url, 'ListQueues', body), `${CORAL}SerializationException`);
  });

  it.each([
    ['a string for an integer', { QueueUrl: 'u', MaxNumberOfMessages: '5' }],
    ['an object for a string', { QueueUrl: { nested: true } }],
    ['a number for a list', { QueueUrl: 'u', AttributeNames: 7 }],
    ['an integer beyond 2^53', { QueueUrl: 'u', WaitTimeSeconds: 1e300 }],
  ])('answers %s with SerializationException', async (_what, input) => {
    expectJsonError(
      await jsonRequest(f.url, 'ReceiveMessage', input),
      `${CORAL}SerializationException`,
    );
  });

  it('answers a body that is not UTF-8 with SerializationException', async () => {
    const res = await rawRequest(f.url, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ListQueues',
      },
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expectJsonError(res, `${CORAL}SerializationException`);
  });

  it('answers deeply nested JSON without overflowing the stack', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    expectJsonError(await jsonRequest(f.url, 'ListQueues', deep), `${CORAL}SerializationException`);
  });

  it('answers an unknown action with UnknownOperationException', async () => {
    expectJsonError(
      await jsonRequest(f.url, 'DropAllQueues', {}),
      `${CORAL}UnknownOperationException`,
    );
  });

  it('answers a target of another service with UnknownOperationException', async () => {
    const res = await rawRequest(f.url, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
    });
    expectJsonError(res, `${CORAL}UnknownOperationException`);
  });

  it('answers the JSON content type without X-Amz-Target with UnknownOperationException', async () => {
    const res = await rawRequest(f.url, {
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expectJsonError(res, `${CORAL}UnknownOperationException`);
  });

  it.each(['text/plain', 'application/json', 'application/x-amz-json-1.1'])(
    'answers X-Amz-Target with content type %s with SerializationException',
    async (contentType) => {
      const res = await rawRequest(f.url, {
        headers: { 'content-type': contentType, 'x-amz-target': 'AmazonSQS.ListQueues' },
        body: '{}',
      });
      expectJsonError(res, `${CORAL}SerializationException`);
    },
  );

  it('answers a missing required parameter with the emulator’s MissingParameter', async () => {
    const res = await jsonRequest(f.url, 'SendMessage', { QueueUrl: QUEUE_URL() });
    expectJsonError(res, `${CORAL}MissingRequiredParameterException`);
  });

  it('keeps __proto__ and constructor keys from touching any prototype', async () => {
    const body =
      '{"__proto__":{"polluted":1},"QueueName":"proto-q","constructor":{"prototype":{"polluted":1}},' +
      '"Attributes":{"__proto__":"1"},"tags":{"__proto__":"x","constructor":"y"}}';
    const res = await jsonRequest(f.url, 'CreateQueue', body);
    expectJsonError(res, 'com.amazonaws.sqs#InvalidAttributeName');
  });

  it('stores a __proto__ tag as an ordinary tag', async () => {
    await jsonRequest(
      f.url,
      'CreateQueue',
      '{"QueueName":"tagged","tags":{"__proto__":"x","constructor":"y"}}',
    );
    const res = await jsonRequest(f.url, 'ListQueueTags', {
      QueueUrl: `${f.url}/000000000000/tagged`,
    });
    expect(JSON.parse(res.body)).toEqual({
      Tags: JSON.parse('{"__proto__":"x","constructor":"y"}'),
    });
  });
});

describe('malformed query-protocol requests', () => {
  it('answers an unknown action with InvalidAction', async () => {
    const res = await queryRequest(f.url, 'Action=DropAllQueues');
    expectXmlError(res, 'InvalidAction');
    expect(res.body).toContain(
      '<Message>The action DropAllQueues is not valid for this endpoint.</Message>',
    );
  });

  it('answers Action=__proto__ with InvalidAction', async () => {
    expectXmlError(await queryRequest(f.url, 'Action=__proto__'), 'InvalidAction');
  });

  it('answers a request without Action with MissingParameter', async () => {
    expectXmlError(await queryRequest(f.url, 'QueueName=q'), 'MissingParameter');
  });

  it('answers a broken percent-escape with MalformedQueryString', async () => {
    expectXmlError(
      await queryRequest(f.url, 'Action=ListQueues&QueueNamePrefix=%E0%A4%A'),
      'MalformedQueryString',
    );
  });

  it('answers a body that is not UTF-8 with MalformedQueryString', async () => {
    const res = await rawRequest(f.url, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.concat([Buffer.from('Action=ListQueues&QueueNamePrefix='), Buffer.from([0xff])]),
    });
    expectXmlError(res, 'MalformedQueryString');
  });

  it('answers a non-numeric index with MalformedQueryString', async () => {
    expectXmlError(
      await queryRequest(f.url, 'Action=CreateQueue&QueueName=x&Attribute.one.Name=DelaySeconds'),
      'MalformedQueryString',
    );
  });

  it('answers an out-of-range integer with InvalidParameterValue', async () => {
    const form = `Action=ReceiveMessage&QueueUrl=${encodeURIComponent(QUEUE_URL())}&MaxNumberOfMessages=99999999999999999999`;
    expectXmlError(await queryRequest(f.url, form), 'InvalidParameterValue');
  });

  it('ignores a body of another content type (and so finds no Action)', async () => {
    const res = await rawRequest(f.url, {
      headers: { 'content-type': 'text/xml' },
      body: '<Action>ListQueues</Action>',
    });
    expectXmlError(res, 'MissingParameter');
  });

  it('keeps __proto__ parameters from touching any prototype', async () => {
    const res = await queryRequest(
      f.url,
      'Action=CreateQueue&QueueName=proto-query&__proto__.polluted=1&constructor.prototype.polluted=1' +
        '&Tag.1.Key=__proto__&Tag.1.Value=x',
    );
    expect(res.status).toBe(200);
  });
});

describe('oversized bodies', () => {
  it('refuses a Content-Length over the bound with 413 before reading the body', async () => {
    const res = await rawRequest(f.url, {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        'content-length': String(LIMIT + 1),
      },
    });
    // The client sends no body at all: the answer cannot depend on reading one.
    expect(res).toMatchObject({ status: 413, headers: { connection: 'close' } });
    expect(JSON.parse(res.body).__type).toBe(`${CORAL}RequestEntityTooLargeException`);
  });

  it('refuses a chunked body once it passes the bound, in the query format', async () => {
    const url = new URL(f.url);
    const res = await new Promise<RawResponse>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'transfer-encoding': 'chunked',
          },
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () =>
            resolve({
              status: r.statusCode ?? 0,
              headers: r.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on('error', reject);
      req.write(`Action=SendMessage&MessageBody=${'x'.repeat(LIMIT)}`);
      req.end('x'.repeat(LIMIT));
    });
    expectXmlError(res, 'RequestEntityTooLarge', 413);
  });

  it('refuses an Expect: 100-continue request over the bound without asking for its body', async () => {
    const url = new URL(f.url);
    const outcome = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(LIMIT * 2),
          expect: '100-continue',
        },
      });
      req.on('continue', () => {
        continued = true;
      });
      req.on('response', (r) => {
        r.resume();
        resolve({ status: r.statusCode ?? 0, continued });
        req.destroy();
      });
      req.on('error', (e) => (continued ? undefined : reject(e)));
      req.flushHeaders();
    });
    expect(outcome).toEqual({ status: 413, continued: false });
  });

  it('accepts a body just under the bound', async () => {
    const body = 'x'.repeat(LIMIT - 200);
    const res = await jsonRequest(f.url, 'SendMessage', {
      QueueUrl: QUEUE_URL(),
      MessageBody: body,
    });
    expect(res.status).toBe(200);
  });
});

describe('malformed HTTP', () => {
  it('answers a garbage request line with 400 and keeps serving', async () => {
    const reply = await rawSocket(f.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
  });

  it('answers oversized headers with 431 and keeps serving', async () => {
    const reply = await rawSocket(
      f.url,
      `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers a malformed inspection path with 400', async () => {
    const res = await rawRequest(f.url, { method: 'GET', path: '/_emulator/%E0%A4%A' });
    expect(res.status).toBe(400);
  });
});
