import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqsServer } from '../../../src/server';
import { jsonRequest, queryRequest, rawRequest, xmlCode } from '../../support/raw-http';
import { startFixture, type ServerFixture } from '../../support/server-fixture';

const REBOUND = 'attacker.example';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

let f: ServerFixture;
afterEach(async () => {
  await f?.server.close();
});

/** `orders` with one message, so a refused peek has something to leak. */
async function seed(): Promise<string> {
  const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'orders' });
  await f.emulator.sendMessage({ QueueUrl, MessageBody: 'card 4111' });
  return QueueUrl as string;
}

/** `host:port` of the fixture's server under another name. */
function as(name: string): string {
  return `${name}:${f.server.port}`;
}

describe('host allow-list (DNS rebinding)', () => {
  describe('on the defaults', () => {
    it('refuses the inspection API to another host name, in JSON, leaking nothing', async () => {
      f = await startFixture();
      await seed();
      const res = await rawRequest(f.url, {
        method: 'GET',
        path: '/_emulator/queues/orders/messages',
        headers: { host: as(REBOUND) },
      });
      expect({
        status: res.status,
        type: res.headers['content-type'],
        code: (JSON.parse(res.body) as { error: { code: string } }).error.code,
        leaks: res.body.includes('card 4111'),
      }).toEqual({
        status: 403,
        type: 'application/json; charset=utf-8',
        code: 'AccessDenied',
        leaks: false,
      });
    });

    it('refuses a JSON-protocol request for another host name, as SQS refuses access', async () => {
      f = await startFixture();
      await seed();
      const res = await jsonRequest(f.url, 'ListQueues', {}, { host: as(REBOUND) });
      expect({
        status: res.status,
        queryError: res.headers['x-amzn-query-error'],
        type: (JSON.parse(res.body) as { __type: string }).__type,
      }).toEqual({
        status: 403,
        queryError: 'AccessDenied;Sender',
        type: 'com.amazon.coral.service#AccessDeniedException',
      });
    });

    it('refuses a query-protocol request for another host name, in XML, changing nothing', async () => {
      f = await startFixture();
      const queueUrl = await seed();
      const res = await queryRequest(
        f.url,
        `Action=DeleteQueue&QueueUrl=${encodeURIComponent(queueUrl)}`,
        '/',
        { host: as(REBOUND) },
      );
      expect({
        status: res.status,
        code: xmlCode(res.body),
        queues: f.emulator.inspectQueues().map((q) => q.name),
      }).toEqual({ status: 403, code: 'AccessDenied', queues: ['orders'] });
    });

    it('refuses the landing page and the dashboard to another host name', async () => {
      f = await startFixture({ dashboard: true });
      const landing = await rawRequest(f.url, {
        method: 'GET',
        headers: { host: as(REBOUND), accept: BROWSER_ACCEPT },
      });
      const dashboard = await rawRequest(f.url, {
        method: 'GET',
        path: '/dashboard/api/state',
        headers: { host: as(REBOUND) },
      });
      expect([landing.status, dashboard.status]).toEqual([403, 403]);
    });

    it.each(['localhost', '127.0.0.1', '[::1]', 'tools.localhost'])(
      'answers the loopback name %s',
      async (name) => {
        f = await startFixture();
        const res = await jsonRequest(f.url, 'ListQueues', {}, { host: as(name) });
        expect(res.status).toBe(200);
      },
    );

    it('keeps loopback names only on a wildcard address (a container publishing its port)', async () => {
      f = await startFixture({ host: '0.0.0.0' });
      const other = await jsonRequest(f.url, 'ListQueues', {}, { host: as('sqs') });
      const local = await jsonRequest(f.url, 'ListQueues', {}, { host: as('localhost') });
      expect([other.status, local.status]).toEqual([403, 200]);
    });
  });

  describe('configured', () => {
    it('answers the names given in allowedHosts on every route', async () => {
      f = await startFixture({ allowedHosts: ['sqs', 'SQS.Internal'], dashboard: true });
      const host = as('sqs.internal');
      const statuses = [
        (await jsonRequest(f.url, 'ListQueues', {}, { host })).status,
        (await queryRequest(f.url, 'Action=ListQueues', '/', { host })).status,
        (await rawRequest(f.url, { method: 'GET', path: '/_emulator/queues', headers: { host } }))
          .status,
        (await rawRequest(f.url, { method: 'GET', path: '/dashboard', headers: { host } })).status,
        (await jsonRequest(f.url, 'ListQueues', {}, { host: as(REBOUND) })).status,
      ];
      expect(statuses).toEqual([200, 200, 200, 200, 403]);
    });

    it("answers every name with allowedHosts '*'", async () => {
      f = await startFixture({ allowedHosts: '*', dashboard: true });
      const host = as(REBOUND);
      const statuses = [
        (await jsonRequest(f.url, 'ListQueues', {}, { host })).status,
        (await rawRequest(f.url, { method: 'GET', path: '/_emulator/queues', headers: { host } }))
          .status,
        (await rawRequest(f.url, { method: 'GET', path: '/dashboard', headers: { host } })).status,
      ];
      expect(statuses).toEqual([200, 200, 200]);
    });

    it('answers the address it was told to listen on', async () => {
      // Linux routes all of 127.0.0.0/8 to loopback; 127.0.0.2 is not one of the loopback names.
      f = await startFixture({ host: '127.0.0.2' });
      const res = await jsonRequest(f.url, 'ListQueues', {}, { host: as('127.0.0.2') });
      expect(res.status).toBe(200);
    });

    it("answers the base URL's host name", async () => {
      f = await startFixture({ baseUrl: 'http://sqs.test:4566' });
      const res = await jsonRequest(f.url, 'ListQueues', {}, { host: 'sqs.test:4566' });
      expect(res.status).toBe(200);
    });

    it('refuses to start with an entry that is not a host name', async () => {
      await expect(startSqsServer({ port: 0, allowedHosts: ['http://sqs:9324'] })).rejects.toThrow(
        /allowedHosts \(--allowed-hosts\) entry 'http:\/\/sqs:9324' is not a host name/,
      );
    });
  });
});

describe('the refusal', () => {
  it('reaches an SDK as SQS’s AccessDenied', async () => {
    // On a wildcard address, under a name that is neither loopback nor configured.
    f = await startFixture({ host: '0.0.0.0' });
    const sqs = new SQSClient({
      endpoint: `http://127.0.0.2:${f.server.port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const error = await sqs.send(new ListQueuesCommand({})).then(
      () => undefined,
      (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => e,
    );
    sqs.destroy();
    expect([error?.name, error?.Code, error?.$metadata?.httpStatusCode]).toEqual([
      'AccessDenied',
      'AccessDenied',
      403,
    ]);
  });

  it('quotes the refused host name escaped, in XML and JSON', async () => {
    f = await startFixture();
    const host = '<i>evil</i>';
    const xml = await queryRequest(f.url, 'Action=ListQueues', '/', { host });
    const json = await rawRequest(f.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: { host },
    });
    expect({
      xml: [xml.status, xml.body.includes('<i>'), xml.body.includes('&lt;i&gt;evil')],
      json: [json.status, (JSON.parse(json.body) as { error: { message: string } }).error.message],
    }).toEqual({
      xml: [403, false, true],
      json: [403, expect.stringContaining('"<i>evil</i>"')],
    });
  });

  it('is logged once per host name, naming the setting that allows it', async () => {
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: () => undefined,
    };
    f = await startFixture({ logger });
    for (let i = 0; i < 3; i++) await jsonRequest(f.url, 'ListQueues', {}, { host: as('sqs') });
    expect(warnings).toEqual([expect.stringContaining('--allowed-hosts')]);
  });
});
