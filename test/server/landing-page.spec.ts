import { startSqsServer } from '../../src/server/start-sqs-server';
import type {
  SqsServerHandle,
  SqsServerOptions,
} from '../../src/server/sqs-server-options.interface';
import { rawRequest, type RawResponse } from '../support/raw-http';

/** What Firefox sends when a user types the endpoint into the address bar. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const servers: SqsServerHandle[] = [];
async function serve(options: SqsServerOptions = {}): Promise<SqsServerHandle> {
  const server = await startSqsServer({ port: 0, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function browserGet(
  server: SqsServerHandle,
  path = '/',
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(server.url, {
    method: 'GET',
    path,
    headers: { host: new URL(server.url).host, accept: BROWSER_ACCEPT, ...headers },
  });
}

function xmlErrorCode(res: RawResponse): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(res.body)?.[1];
}

describe('GET / from a browser', () => {
  it('answers an HTML page that links the dashboard and shows how to point a client here', async () => {
    const server = await serve({ dashboard: true });
    const res = await browserGet(server);
    expect({
      status: res.status,
      type: res.headers['content-type'],
      dashboard: res.body.includes('href="/dashboard"'),
      endpoint: res.body.includes(
        `aws --endpoint-url ${server.url} --region us-east-1 --no-sign-request sqs list-queues`,
      ),
      inspection: res.body.includes('href="/_emulator/queues"'),
    }).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      dashboard: true,
      endpoint: true,
      inspection: true,
    });
  });

  it('links a dashboard served at another path', async () => {
    const server = await serve({ dashboard: { path: '/ui' } });
    expect((await browserGet(server)).body).toContain('href="/ui"');
  });

  it('says how to get the dashboard when the server has none', async () => {
    const server = await serve();
    const res = await browserGet(server);
    expect({
      status: res.status,
      link: res.body.includes('href="/dashboard"'),
      hint: res.body.includes('--dashboard'),
    }).toEqual({ status: 200, link: false, hint: true });
  });

  it('omits --no-sign-request when the server checks signatures, and needs no signature itself', async () => {
    const server = await serve({ credentials: [{ accessKeyId: 'AK', secretAccessKey: 'S' }] });
    const res = await browserGet(server);
    expect({ status: res.status, unsigned: res.body.includes('--no-sign-request') }).toEqual({
      status: 200,
      unsigned: false,
    });
  });

  it('runs no script and cannot be framed', async () => {
    const server = await serve({ dashboard: true });
    const res = await browserGet(server);
    expect({
      script: /<script/i.test(res.body),
      csp: res.headers['content-security-policy'],
      nosniff: res.headers['x-content-type-options'],
    }).toEqual({
      script: false,
      csp: expect.stringMatching(
        /^default-src 'none'; style-src 'sha256-[^']+'; frame-ancestors 'none'/,
      ),
      nosniff: 'nosniff',
    });
  });

  it('shows no request data unescaped', async () => {
    // The host check off, so that the page itself meets the odd Host.
    const server = await serve({ baseUrl: 'http://sqs.test/"><b>x</b>', allowedHosts: '*' });
    const res = await browserGet(server, '/', { host: '<i>evil</i>' });
    expect({
      status: res.status,
      raw: res.body.includes('<b>') || res.body.includes('<i>'),
      escaped: res.body.includes('&quot;&gt;&lt;b&gt;x&lt;/b&gt;'),
    }).toEqual({ status: 200, raw: false, escaped: true });
  });

  it('answers HEAD with the page’s headers', async () => {
    const server = await serve();
    const res = await browserGet(server, '/', {});
    const head = await rawRequest(server.url, {
      method: 'HEAD',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect({ status: head.status, type: head.headers['content-type'], body: head.body }).toEqual({
      status: 200,
      type: res.headers['content-type'],
      body: '',
    });
  });
});

describe('requests that are not a browser’s keep SQS’s own errors', () => {
  it.each([
    ['GET / without Accept', { method: 'GET' }],
    ['GET / accepting anything (curl)', { method: 'GET', headers: { accept: '*/*' } }],
    [
      'GET / preferring XML',
      { method: 'GET', headers: { accept: 'application/xml, text/html;q=0.5' } },
    ],
    [
      'POST / from a browser with no Action',
      { method: 'POST', headers: { accept: BROWSER_ACCEPT } },
    ],
    [
      'GET /favicon.ico from a browser',
      { method: 'GET', path: '/favicon.ico', headers: { accept: BROWSER_ACCEPT } },
    ],
  ])('%s: MissingParameter in XML', async (_name, req) => {
    const server = await serve();
    const res = await rawRequest(server.url, req);
    expect({ status: res.status, code: xmlErrorCode(res) }).toEqual({
      status: 400,
      code: 'MissingParameter',
    });
  });

  it('a browser GET with an Action is an SQS query request', async () => {
    const server = await serve();
    const res = await browserGet(server, '/?Action=ListQueues');
    expect({ status: res.status, list: res.body.includes('<ListQueuesResponse') }).toEqual({
      status: 200,
      list: true,
    });
  });

  it('a JSON-protocol request with a browser Accept gets a JSON error', async () => {
    const server = await serve();
    const res = await rawRequest(server.url, {
      method: 'POST',
      headers: {
        accept: BROWSER_ACCEPT,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.Nope',
      },
      body: '{}',
    });
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status: 400,
      type: 'application/x-amz-json-1.0',
    });
  });
});
