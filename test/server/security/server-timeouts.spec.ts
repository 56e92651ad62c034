import { connect, type Socket } from 'node:net';
import { startSqsServer } from '../../../src/server';
import { jsonRequest } from '../../support/raw-http';
import { startFixture, type ServerFixture } from '../../support/server-fixture';

let f: ServerFixture;
afterEach(async () => {
  await f?.server.close();
});

/** What a trickling client saw: whether the server hung up on it, and what it answered. */
interface Trickle {
  readonly cutByServer: boolean;
  readonly reply: string;
}

/**
 * Sends `head` and then one byte of `drip` every 20 ms, for at most `maxDrips` bytes (about 10 s,
 * far beyond the small timeouts the tests configure), and reports whether the server closed the
 * connection first.
 */
function trickle(url: string, head: string, drip: string, maxDrips = 500): Promise<Trickle> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), hostname);
    let reply = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (cutByServer: boolean) => {
      clearInterval(timer);
      socket.destroy();
      resolve({ cutByServer, reply });
    };
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent >= maxDrips) return finish(false);
        socket.write(drip);
        sent++;
      }, 20);
    });
  });
}

describe('server timeouts (slow clients)', () => {
  it('sets request and header timeouts that fit SQS by default', async () => {
    f = await startFixture();
    const { server } = f.server;
    expect({
      headersTimeout: server.headersTimeout,
      requestTimeout: server.requestTimeout,
      keepAliveTimeout: server.keepAliveTimeout,
      idle: server.timeout,
    }).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 65_000,
      idle: 60_000,
    });
  });

  it('cuts a client that trickles its headers, answering 408', async () => {
    f = await startFixture({ timeouts: { headersMs: 200, requestMs: 400 } });
    const seen = await trickle(f.url, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nx-slow: ', 'a');
    expect({ cut: seen.cutByServer, status: seen.reply.split('\r\n')[0] }).toEqual({
      cut: true,
      status: 'HTTP/1.1 408 Request Timeout',
    });
  });

  it('cuts a client that trickles its body (slowloris), answering 408', async () => {
    f = await startFixture({ timeouts: { headersMs: 200, requestMs: 400 } });
    const seen = await trickle(
      f.url,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/x-amz-json-1.0\r\n' +
        'x-amz-target: AmazonSQS.ListQueues\r\ncontent-length: 100000\r\n\r\n',
      ' ',
    );
    expect({ cut: seen.cutByServer, status: seen.reply.split('\r\n')[0] }).toEqual({
      cut: true,
      status: 'HTTP/1.1 408 Request Timeout',
    });
  });

  it('lets a long poll wait past the request timeout: the timeout bounds receiving, not answering', async () => {
    f = await startFixture({ timeouts: { headersMs: 200, requestMs: 400 } });
    const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'q' });
    const poll = jsonRequest(f.url, 'ReceiveMessage', { QueueUrl, WaitTimeSeconds: 20 });
    while (f.emulator.pendingReceives(QueueUrl as string) === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A slow client cut meanwhile proves the timeout checks ran past the long poll's limit.
    const slow = await trickle(f.url, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nx-slow: ', 'a');
    await f.emulator.sendMessage({ QueueUrl, MessageBody: 'late' });
    const res = await poll;
    expect({
      slowCut: slow.cutByServer,
      status: res.status,
      bodies: (JSON.parse(res.body) as { Messages?: { Body: string }[] }).Messages?.map(
        (m) => m.Body,
      ),
    }).toEqual({ slowCut: true, status: 200, bodies: ['late'] });
  });

  it('refuses a header timeout longer than the request timeout', async () => {
    await expect(
      startSqsServer({ port: 0, timeouts: { headersMs: 5_000, requestMs: 1_000 } }),
    ).rejects.toThrow(/headersMs .* must not be longer than .*requestMs/);
  });
});
