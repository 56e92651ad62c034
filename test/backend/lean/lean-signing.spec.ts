import { SQSClient } from '@aws-sdk/client-sqs';
import { HttpRequest } from '@smithy/core/protocols';
import { LeanSigning } from '../../../src/backend/lean/lean-signing';
import type { LeanEndpoint } from '../../../src/backend/lean/lean-sdk';
import {
  bothPaths,
  type BothPaths,
  outcome,
  type ScriptedReply,
  startScriptedServer,
  type ScriptedSqsServer,
} from './scripted-sqs-server';

/**
 * Lean calls are signed by the client's own SigV4 signer and credential provider chain, with
 * its clock-skew correction. (That a lean request's `authorization` is the SDK's own, byte for
 * byte, is in lean-wire.spec.ts.)
 */

const QUEUE_URL = 'http://127.0.0.1:1/000000000000/q';

function signingOf(client: SQSClient, endpoint: LeanEndpoint, region: string) {
  const scheme = client.config.httpAuthSchemes.find((s) => s.schemeId === 'aws.auth#sigv4');
  if (!scheme) throw new Error('no sigv4 scheme');
  return LeanSigning.resolve(client.config, scheme.signer, endpoint, region);
}

const credentialOf = (authorization: unknown) =>
  /Credential=([^/]+)\//.exec(String(authorization))?.[1];

describe('lean transport: signing', () => {
  afterEach(() => jest.restoreAllMocks());

  it('signs the AWS documentation example (S3 "GET Object") to its published signature', async () => {
    // docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: GET Object".
    const client = new SQSClient({
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    });
    try {
      const endpoint = {
        url: new URL('https://examplebucket.s3.amazonaws.com'),
        properties: {
          authSchemes: [{ name: 'sigv4', signingName: 's3', signingRegion: 'us-east-1' }],
        },
      } as LeanEndpoint;
      const signing = await signingOf(client, endpoint, 'us-east-1');
      jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2013, 4, 24, 0, 0, 0));
      const request = new HttpRequest({
        method: 'GET',
        protocol: 'https:',
        hostname: 'examplebucket.s3.amazonaws.com',
        path: '/test.txt',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          range: 'bytes=0-9',
          'x-amz-content-sha256':
            'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        },
      });
      const signed = await signing.sign(request, signing.properties());
      expect(signed.headers['x-amz-date']).toBe('20130524T000000Z');
      expect(signed.headers.authorization).toBe(
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
          'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
          'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      );
      // The request given is left as it was: each attempt signs afresh.
      expect(request.headers.authorization).toBeUndefined();
    } finally {
      client.destroy();
    }
  });

  describe('over HTTP', () => {
    let server: ScriptedSqsServer;
    let paths: BothPaths | undefined;

    beforeEach(async () => {
      server = await startScriptedServer();
    });

    afterEach(async () => {
      paths?.destroy();
      paths = undefined;
      await server.close();
    });

    it('takes credentials from the client’s provider, every call', async () => {
      let issued = 0;
      const credentials = () => {
        issued++;
        // Expiring at once: the SDK's memoized provider asks again on every use.
        return Promise.resolve({
          accessKeyId: `ROTATED${issued}`,
          secretAccessKey: 's',
          expiration: new Date(Date.now() + 1_000),
        });
      };
      paths = bothPaths(server.url, { md5: false, credentials });
      await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      const keys = server.requests.map((r) => credentialOf(r.headers.authorization));
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^ROTATED\d+$/);
      expect(keys[1]).not.toBe(keys[0]);
    });

    it('signs with credentials assigned to the client after it was built, as the SDK does', async () => {
      paths = bothPaths(server.url, { md5: false });
      for (const port of [paths.sdk, paths.lean]) {
        await port.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      }
      // @aws-sdk/core makes `credentials` a setter: the SDK signs every later call with these.
      for (const client of paths.clients) {
        client.config.credentials = { accessKeyId: 'AKIDLATER', secretAccessKey: 'later' } as never;
      }
      for (const port of [paths.sdk, paths.lean]) {
        await port.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      }
      expect(server.requests.map((r) => credentialOf(r.headers.authorization))).toEqual([
        'AKIDEXAMPLE',
        'AKIDEXAMPLE',
        'AKIDLATER',
        'AKIDLATER',
      ]);
    });

    it('signs with a signer provider assigned to the client after it was built', async () => {
      paths = bothPaths(server.url, { md5: false });
      await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      for (const client of paths.clients) {
        const original = client.config.signer;
        client.config.signer = async (authScheme) => {
          const signer = await original(authScheme);
          return {
            sign: (request: HttpRequest, options?: object) => {
              request.headers['x-signed-by'] = 'replacement';
              return signer.sign(request, options);
            },
          } as never;
        };
      }
      await paths.sdk.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      expect(server.requests.map((r) => r.headers['x-signed-by'])).toEqual([
        undefined,
        'replacement',
        'replacement',
      ]);
    });

    it('takes credentials from the default provider chain (the environment)', async () => {
      const saved = { ...process.env };
      process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-env';
      try {
        paths = bothPaths(server.url, { md5: false, credentials: undefined });
        await paths.sdk.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
        await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
        expect(server.requests.map((r) => credentialOf(r.headers.authorization))).toEqual([
          'AKIDFROMENV',
          'AKIDFROMENV',
        ]);
      } finally {
        process.env = saved;
      }
    });

    it('corrects its clock from the server’s, as the SDK does', async () => {
      const ahead = 10 * 60_000;
      server.reply = () => ({
        status: 200,
        headers: { date: new Date(Date.now() + ahead).toUTCString() },
        body: '{}',
      });
      paths = bothPaths(server.url, { md5: false });
      for (const port of [paths.sdk, paths.lean]) {
        await port.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
        await port.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
      }
      const [sdkOffset, leanOffset] = paths.clients.map((c) => c.config.systemClockOffset);
      expect(Math.abs(leanOffset - ahead)).toBeLessThan(2_000);
      expect(Math.abs(leanOffset - sdkOffset)).toBeLessThan(2_000);
      // The second request of each path is signed on the server's time.
      const signedAt = (i: number) => {
        const d = String(server.requests[i].headers['x-amz-date']);
        return Date.parse(
          `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 11)}:${d.slice(11, 13)}:${d.slice(13)}`,
        );
      };
      expect(Math.abs(signedAt(3) - (Date.now() + ahead))).toBeLessThan(5_000);
      expect(Math.abs(signedAt(3) - signedAt(1))).toBeLessThan(5_000);
    });

    it('retries a request refused for clock skew once its clock is corrected', async () => {
      const skewed: ScriptedReply = {
        status: 400,
        headers: {
          date: new Date(Date.now() + 20 * 60_000).toUTCString(),
          'x-amzn-query-error': 'RequestTimeTooSkewed;Sender',
        },
        body: '{"__type":"RequestTimeTooSkewed","message":"The difference between the request time and the current time is too large."}',
      };
      let i = 0;
      paths = bothPaths(server.url, { md5: false });
      const results = [];
      for (const port of [paths.sdk, paths.lean]) {
        i = 0;
        server.reply = () => (i++ === 0 ? skewed : { status: 200, body: '{}' });
        results.push(
          await outcome(port.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' })),
        );
      }
      expect(results[1]).toMatchObject({ ok: true, value: { $metadata: { attempts: 2 } } });
      expect(results[0]).toMatchObject({ ok: true, value: { $metadata: { attempts: 2 } } });
    });
  });
});
