import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { EMULATOR_USAGE } from '../../../src/cli/emulator-command';
import { startSqsServer } from '../../../src/server';
import type { SqsServerHandle } from '../../../src/server';
import { rawRequest } from '../../support/raw-http';

const KEY = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local/Secret+Key=1' };

/** Node's crypto as the SDK signer's checksum constructor (SHA-256, or HMAC with a secret). */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    return createHmac('sha256', Buffer.from(this.secret as string));
  }
}

function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

let server: SqsServerHandle;
beforeAll(async () => {
  server = await startSqsServer({ port: 0, credentials: [KEY], dashboard: true });
  await server.emulator.createQueue({ QueueName: 'orders' });
});
afterAll(async () => {
  await server.close();
});

/** Headers of a GET signed with SigV4, as `curl --aws-sigv4 aws:amz:us-east-1:sqs` sends it. */
async function signedGet(path: string, secret = KEY.secretAccessKey) {
  const url = new URL(server.url);
  const signed = await new SignatureV4({
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: secret },
    region: 'us-east-1',
    service: 'sqs',
    sha256: Sha256,
  }).sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host },
  });
  return signed.headers as Record<string, string>;
}

describe('--credentials covers every route that reads or changes queues', () => {
  it('refuses the inspection API without credentials, asking for them (401, Basic)', async () => {
    const res = await rawRequest(server.url, { method: 'GET', path: '/_emulator/queues' });
    expect({
      status: res.status,
      challenge: res.headers['www-authenticate'],
      code: (JSON.parse(res.body) as { error: { code: string } }).error.code,
      leaks: res.body.includes('orders'),
    }).toEqual({
      status: 401,
      challenge: 'Basic realm="SQS emulator", charset="UTF-8"',
      code: 'MissingAuthenticationToken',
      leaks: false,
    });
  });

  it('opens the inspection API to a request signed with SigV4', async () => {
    const res = await rawRequest(server.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: await signedGet('/_emulator/queues'),
    });
    expect(res.status).toBe(200);
  });

  it('refuses the inspection API to a SigV4 signature made with a wrong secret', async () => {
    const res = await rawRequest(server.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: await signedGet('/_emulator/queues', 'wrong'),
    });
    expect([res.status, JSON.parse(res.body)]).toEqual([
      403,
      { error: { code: 'SignatureDoesNotMatch', message: expect.any(String) } },
    ]);
  });

  it('opens the inspection API to the access key and secret as HTTP Basic (a browser)', async () => {
    const ok = await rawRequest(server.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: { authorization: basic(KEY.accessKeyId, KEY.secretAccessKey) },
    });
    const wrong = await rawRequest(server.url, {
      method: 'GET',
      path: '/_emulator/queues',
      headers: { authorization: basic(KEY.accessKeyId, 'wrong') },
    });
    expect([ok.status, wrong.status]).toEqual([200, 401]);
  });

  it('leaves /_emulator/health open for health checks (it shows no queue)', async () => {
    const res = await rawRequest(server.url, { method: 'GET', path: '/_emulator/health' });
    expect([res.status, res.body]).toEqual([200, '{"status":"ok"}']);
  });

  it('asks for the access key and secret on the dashboard (HTTP Basic)', async () => {
    const anonymous = await rawRequest(server.url, { method: 'GET', path: '/dashboard' });
    const state = await rawRequest(server.url, { method: 'GET', path: '/dashboard/api/state' });
    const page = await rawRequest(server.url, {
      method: 'GET',
      path: '/dashboard',
      headers: { authorization: basic(KEY.accessKeyId, KEY.secretAccessKey) },
    });
    expect({
      anonymous: [anonymous.status, anonymous.headers['www-authenticate']],
      state: [state.status, state.body.includes('orders')],
      page: page.status,
    }).toEqual({
      anonymous: [401, 'Basic realm="SQS emulator", charset="UTF-8"'],
      state: [401, false],
      page: 200,
    });
  });

  it('lets the dashboard page act with those credentials', async () => {
    const res = await rawRequest(server.url, {
      path: '/dashboard/api/send',
      headers: {
        authorization: basic(KEY.accessKeyId, KEY.secretAccessKey),
        'content-type': 'application/json',
        origin: server.url,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({ queue: 'orders', body: 'from the page' }),
    });
    expect(res.status).toBe(200);
  });

  it('says in --help what --credentials covers', () => {
    const help = EMULATOR_USAGE.slice(EMULATOR_USAGE.indexOf('--credentials'));
    expect(help).toMatch(/--credentials[^]*\/_emulator[^]*HTTP Basic[^]*dashboard/);
  });
});
