import { createHash } from 'node:crypto';
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
 * The body checks of `@aws-sdk/middleware-sdk-sqs`, on the lean path: a received body, a sent
 * body or a sent batch entry whose MD5 is not the one SQS reports fails the call with the SDK's
 * own error, after the retries (a mismatch is not retried); `md5: false` turns them off.
 */

const QUEUE_URL = 'http://127.0.0.1:1/000000000000/q';
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
const json = (body: unknown): ScriptedReply => ({ status: 200, body: JSON.stringify(body) });

const received = (bodies: [id: string, body: string, digest: string][]) =>
  json({
    Messages: bodies.map(([MessageId, Body, MD5OfBody]) => ({
      MessageId,
      ReceiptHandle: `rh-${MessageId}`,
      Body,
      MD5OfBody,
    })),
  });

type Call = (p: BothPaths['sdk']) => Promise<unknown>;
const receive: Call = (p) => p.receiveMessage({ QueueUrl: QUEUE_URL });
const send: Call = (p) => p.sendMessage({ QueueUrl: QUEUE_URL, MessageBody: 'grüße 😀' });
const sendBatch: Call = (p) =>
  p.sendMessageBatch({
    QueueUrl: QUEUE_URL,
    Entries: [
      { Id: 'a', MessageBody: 'one' },
      { Id: 'b', MessageBody: 'two' },
      { Id: 'c', MessageBody: 'three' },
    ],
  });

const CASES: [string, Call, ScriptedReply, string | undefined][] = [
  [
    'received bodies that match',
    receive,
    received([
      ['m1', 'x', md5('x')],
      ['m2', '', md5('')],
    ]),
    undefined,
  ],
  [
    'received bodies that do not match',
    receive,
    received([
      ['m1', 'x', md5('y')],
      ['m2', 'ok', md5('ok')],
      ['m3', 'z', 'not-a-digest'],
    ]),
    'Invalid MD5 checksum on messages: m1, m3',
  ],
  [
    'a sent body that matches',
    send,
    json({ MessageId: 'm', MD5OfMessageBody: md5('grüße 😀') }),
    undefined,
  ],
  [
    'a sent body that does not match',
    send,
    json({ MessageId: 'm', MD5OfMessageBody: md5('grüsse') }),
    'InvalidChecksumError',
  ],
  [
    'a batch with one mismatched entry (a failed entry is not checked)',
    sendBatch,
    json({
      Successful: [
        { Id: 'a', MessageId: 'ma', MD5OfMessageBody: md5('one') },
        { Id: 'b', MessageId: 'mb', MD5OfMessageBody: md5('TWO') },
      ],
      Failed: [{ Id: 'c', SenderFault: false, Code: 'InternalError' }],
    }),
    'Invalid MD5 checksum on messages: mb',
  ],
];

describe('lean transport: MD5 checks', () => {
  let server: ScriptedSqsServer;

  beforeAll(async () => {
    server = await startScriptedServer();
  });

  afterAll(async () => {
    await server.close();
  });

  describe('on (the default)', () => {
    let paths: BothPaths;
    beforeAll(() => (paths = bothPaths(server.url)));
    afterAll(() => paths.destroy());

    it.each(CASES)('%s: as the SDK', async (_name, call, reply, failure) => {
      server.reply = () => reply;
      server.requests.splice(0);
      const bySdk = await outcome(call(paths.sdk));
      const byLean = await outcome(call(paths.lean));
      // Each path asked once: a mismatch is not retried.
      expect(server.requests).toHaveLength(2);
      if (failure === undefined) {
        expect(byLean).toStrictEqual(bySdk);
        expect(byLean.ok).toBe(true);
        return;
      }
      if (byLean.ok || bySdk.ok) throw new Error('expected both to fail');
      expect(byLean.error).toBeInstanceOf(Error);
      expect((byLean.error as Error).message).toBe(failure);
      expect(errorView(byLean.error)).toEqual(errorView(bySdk.error));
    });
  });

  describe('off (md5: false)', () => {
    let paths: BothPaths;
    beforeAll(() => (paths = bothPaths(server.url, { md5: false })));
    afterAll(() => paths.destroy());

    it.each(CASES)('%s: not checked', async (_name, call, reply) => {
      server.reply = () => reply;
      const bySdk = await outcome(call(paths.sdk));
      const byLean = await outcome(call(paths.lean));
      expect(byLean.ok).toBe(true);
      expect(byLean).toStrictEqual(bySdk);
    });
  });
});

describe('lean transport: a client logger', () => {
  it('logs each call as the SDK’s logger middleware does, MD5 failures included', async () => {
    const server = await startScriptedServer();
    const logs = { sdk: [] as unknown[], lean: [] as unknown[] };
    const loggerFor = (into: unknown[]) => ({
      debug: () => undefined,
      info: (entry: unknown) => into.push(['info', entry]),
      warn: () => undefined,
      error: (entry: unknown) => into.push(['error', entry]),
    });
    const sdkPaths = bothPaths(server.url, { logger: loggerFor(logs.sdk) });
    const leanPaths = bothPaths(server.url, { logger: loggerFor(logs.lean) });
    try {
      const replies: ScriptedReply[] = [
        received([['m1', 'x', md5('x')]]),
        received([['m1', 'x', md5('y')]]),
        {
          status: 400,
          headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
          body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}',
        },
      ];
      for (const [port, log] of [
        [sdkPaths.sdk, logs.sdk],
        [leanPaths.lean, logs.lean],
      ] as const) {
        for (const reply of replies) {
          server.reply = () => reply;
          await outcome(receive(port));
        }
        expect(log.map((entry) => (entry as string[])[0])).toEqual(['info', 'error', 'error']);
      }
      expect(logs.lean).toEqual(logs.sdk);
    } finally {
      sdkPaths.destroy();
      leanPaths.destroy();
      await server.close();
    }
  });
});

describe('lean transport: the client’s own MD5', () => {
  let server: ScriptedSqsServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('hashes with the md5 class the client was given, as the SDK does', async () => {
    /** A digest no real MD5 makes: only a check that uses this class accepts it. */
    class ZeroMd5 {
      update(): void {}
      digest(): Promise<Uint8Array> {
        return Promise.resolve(new Uint8Array(16));
      }
    }
    const zeros = '0'.repeat(32);
    const paths = bothPaths(server.url, { md5: ZeroMd5 });
    try {
      server.reply = (r) =>
        r.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage'
          ? received([['m1', 'x', zeros]])
          : json({ MessageId: 'm', MD5OfMessageBody: zeros });
      for (const call of [receive, send]) {
        const bySdk = await outcome(call(paths.sdk));
        const byLean = await outcome(call(paths.lean));
        expect(bySdk.ok).toBe(true);
        expect(byLean).toStrictEqual(bySdk);
      }
    } finally {
      paths.destroy();
    }
  });

  it('checks bodies where Node has no MD5 (FIPS mode), with the SDK’s pure-JS fallback', async () => {
    // OpenSSL in FIPS mode refuses MD5: the SDK sees that when it loads and hashes in JS instead.
    const refuse = (algorithm: unknown) => String(algorithm).toLowerCase() === 'md5';
    const fips = () =>
      Object.assign(new Error('error:0308010C:digital envelope routines::unsupported'), {
        code: 'ERR_OSSL_EVP_UNSUPPORTED',
      });
    // The whole test in a fresh registry with the mock: the SDK and the lean modules (some
    // loaded on first use) all see the same refusing `node:crypto`.
    await jest.isolateModulesAsync(async () => {
      jest.doMock('node:crypto', () => {
        const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
        return {
          ...actual,
          createHash: (algorithm: string, ...rest: []) => {
            if (refuse(algorithm)) throw fips();
            return actual.createHash(algorithm, ...rest);
          },
          hash: (algorithm: string, ...rest: [string]) => {
            if (refuse(algorithm)) throw fips();
            return actual.hash(algorithm, ...rest);
          },
        };
      });
      const isolated =
        jest.requireActual<typeof import('./scripted-sqs-server')>('./scripted-sqs-server');
      const paths = isolated.bothPaths(server.url);
      try {
        server.reply = (r) =>
          r.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage'
            ? received([
                ['m1', 'hi', md5('hi')],
                ['m2', 'ho', md5('not ho')],
              ])
            : json({ MessageId: 'm', MD5OfMessageBody: md5('grüße 😀') });
        const outcomes = [];
        for (const call of [receive, send]) {
          const bySdk = await outcome(call(paths.sdk));
          const byLean = await outcome(call(paths.lean));
          if (bySdk.ok) {
            expect(byLean).toStrictEqual(bySdk);
          } else {
            expect(byLean.ok).toBe(false);
            if (!byLean.ok) expect(errorView(byLean.error)).toEqual(errorView(bySdk.error));
          }
          outcomes.push(byLean.ok ? 'ok' : (byLean.error as Error).message);
        }
        // The SDK's JS MD5 found the one wrong digest, and passed the right ones.
        expect(outcomes).toEqual(['Invalid MD5 checksum on messages: m2', 'ok']);
        expect(server.requests).toHaveLength(4);
      } finally {
        paths.destroy();
        jest.dontMock('node:crypto');
      }
    });
  });
});
