import { jsonRequest, queryRequest, rawRequest, xmlCode } from '../../support/raw-http';
import { startFixture, type ServerFixture } from '../../support/server-fixture';

let f: ServerFixture;
afterEach(async () => {
  await f?.server.close();
});

async function seed(): Promise<string> {
  const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'orders' });
  return QueueUrl as string;
}

const queues = () => f.emulator.inspectQueues().map((q) => q.name);

describe('cross-site requests (no credentials configured)', () => {
  it('refuses a cross-site GET /?Action=DeleteQueue (an <img> on another site) and keeps the queue', async () => {
    f = await startFixture();
    const queueUrl = await seed();
    const res = await rawRequest(f.url, {
      method: 'GET',
      path: `/?Action=DeleteQueue&QueueUrl=${encodeURIComponent(queueUrl)}`,
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
    });
    expect({ status: res.status, code: xmlCode(res.body), queues: queues() }).toEqual({
      status: 403,
      code: 'AccessDenied',
      queues: ['orders'],
    });
  });

  it('refuses a form POSTed from another site, in XML, and keeps the queue', async () => {
    f = await startFixture();
    const queueUrl = await seed();
    const res = await queryRequest(
      f.url,
      `Action=DeleteQueue&QueueUrl=${encodeURIComponent(queueUrl)}`,
      '/',
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect({ status: res.status, code: xmlCode(res.body), queues: queues() }).toEqual({
      status: 403,
      code: 'AccessDenied',
      queues: ['orders'],
    });
  });

  it('refuses a form from a browser that sends Origin but no Sec-Fetch-Site', async () => {
    f = await startFixture();
    const queueUrl = await seed();
    const res = await queryRequest(
      f.url,
      `Action=DeleteQueue&QueueUrl=${encodeURIComponent(queueUrl)}`,
      '/',
      { origin: 'https://evil.example' },
    );
    expect([res.status, queues()]).toEqual([403, ['orders']]);
  });

  it('refuses a JSON request from another port of localhost (same-site), in JSON', async () => {
    f = await startFixture();
    await seed();
    const res = await jsonRequest(
      f.url,
      'DeleteQueue',
      { QueueUrl: `${f.url}/000000000000/orders` },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' },
    );
    expect({
      status: res.status,
      queryError: res.headers['x-amzn-query-error'],
      queues: queues(),
    }).toEqual({ status: 403, queryError: 'AccessDenied;Sender', queues: ['orders'] });
  });

  it('refuses a GET from another port of localhost (same-site, no Origin: an <img>)', async () => {
    f = await startFixture();
    const queueUrl = await seed();
    const res = await rawRequest(f.url, {
      method: 'GET',
      path: `/?Action=DeleteQueue&QueueUrl=${encodeURIComponent(queueUrl)}`,
      headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' },
    });
    expect([res.status, queues()]).toEqual([403, ['orders']]);
  });

  it('refuses an opaque origin (a sandboxed frame, a file: page)', async () => {
    f = await startFixture();
    const res = await jsonRequest(f.url, 'ListQueues', {}, { origin: 'null' });
    expect(res.status).toBe(403);
  });

  it('refuses the inspection API to another site, in JSON', async () => {
    f = await startFixture();
    const res = await rawRequest(f.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect([res.status, JSON.parse(res.body)]).toEqual([
      403,
      { error: { code: 'AccessDenied', message: expect.stringContaining('another site') } },
    ]);
  });

  it('answers clients that send no Origin (SDKs, the aws CLI, curl)', async () => {
    f = await startFixture();
    await seed();
    const json = await jsonRequest(f.url, 'ListQueues', {});
    const query = await queryRequest(f.url, 'Action=ListQueues');
    expect([json.status, query.status]).toEqual([200, 200]);
  });

  it('answers a page of its own origin', async () => {
    f = await startFixture();
    const res = await jsonRequest(
      f.url,
      'ListQueues',
      {},
      { origin: f.url, 'sec-fetch-site': 'same-origin' },
    );
    expect(res.status).toBe(200);
  });

  it('answers an address typed into the browser (Sec-Fetch-Site: none)', async () => {
    f = await startFixture();
    const res = await rawRequest(f.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' },
    });
    expect(res.status).toBe(200);
  });

  it('answers an origin given in allowedOrigins', async () => {
    f = await startFixture({ allowedOrigins: ['https://Admin.example.com/'] });
    const res = await jsonRequest(
      f.url,
      'ListQueues',
      {},
      { origin: 'https://admin.example.com', 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(200);
  });

  it('keeps the dashboard working from its own page', async () => {
    f = await startFixture({ dashboard: true });
    await seed();
    const res = await rawRequest(f.url, {
      path: '/dashboard/api/send',
      headers: {
        'content-type': 'application/json',
        origin: f.url,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({ queue: 'orders', body: 'from the page' }),
    });
    expect([res.status, f.emulator.peekMessages('orders').map((m) => m.body)]).toEqual([
      200,
      ['from the page'],
    ]);
  });

  it('grants no cross-origin reads (no CORS headers, preflights refused)', async () => {
    f = await startFixture();
    const preflight = await rawRequest(f.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target',
      },
    });
    expect({
      status: preflight.status,
      allowOrigin: preflight.headers['access-control-allow-origin'],
    }).toEqual({ status: 403, allowOrigin: undefined });
  });
});
