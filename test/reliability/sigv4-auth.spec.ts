import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import {
  CreateQueueCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { parseCredentials } from '../../src/server/auth/parse-credentials';
import { SigV4Verifier } from '../../src/server/auth/sigv4-verifier';
import { startSqsServer } from '../../src/server/start-sqs-server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';
import { parseEmulatorArgs } from '../../src/cli/emulator-command';
import { jsonRequest, queryRequest, rawRequest, xmlCode, xmlText } from '../support/raw-http';
import { queryClient } from '../support/query-clients';
import { runProcess } from '../support/run-process';

const KEY = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local/Secret+Key=1' };
const SIGNATURE_DOES_NOT_MATCH =
  'The request signature we calculated does not match the signature you provided. Check your ' +
  'AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

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
    const s = this.secret;
    const key =
      typeof s === 'string'
        ? s
        : ArrayBuffer.isView(s)
          ? Buffer.from(s.buffer, s.byteOffset, s.byteLength)
          : Buffer.from(s);
    return createHmac('sha256', key);
  }
}

function client(server: SqsServerHandle, overrides: Partial<SQSClientConfig> = {}): SQSClient {
  return new SQSClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: KEY,
    maxAttempts: 1,
    ...overrides,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: err.name,
      code: err.Code,
      message: err.message,
      status: err.$metadata?.httpStatusCode,
    };
  }
  throw new Error('expected the call to fail');
}

describe('SigV4 credential check (--credentials)', () => {
  let server: SqsServerHandle;

  beforeAll(async () => {
    server = await startSqsServer({ port: 0, credentials: [KEY] });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('with @aws-sdk/client-sqs (AWS JSON protocol)', () => {
    it('accepts requests signed with a configured key', async () => {
      const sqs = client(server);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'signed' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      sqs.destroy();
      expect(Messages?.map((m) => m.Body)).toEqual(['hello']);
    });

    it('answers a wrong secret with SignatureDoesNotMatch, as SQS does', async () => {
      const sqs = client(server, {
        credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: 'not-the-secret' },
      });
      const error = await errorOf(sqs.send(new ListQueuesCommand({})));
      sqs.destroy();
      expect(error).toEqual({
        name: 'SignatureDoesNotMatch',
        code: 'SignatureDoesNotMatch',
        message: SIGNATURE_DOES_NOT_MATCH,
        status: 403,
      });
    });

    it('answers an unknown access key with InvalidClientTokenId, as SQS does', async () => {
      const sqs = client(server, {
        credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: KEY.secretAccessKey },
      });
      const error = await errorOf(sqs.send(new ListQueuesCommand({})));
      sqs.destroy();
      expect(error).toEqual({
        name: 'InvalidClientTokenId',
        code: 'InvalidClientTokenId',
        message: INVALID_TOKEN,
        status: 403,
      });
    });

    it('tells a client with a skewed clock, which corrects it from the Date header', async () => {
      const sqs = client(server, { systemClockOffset: -20 * 60_000 });
      const first = await errorOf(sqs.send(new ListQueuesCommand({})));
      // The SDK read our Date header on that error and fixed its offset: the next call passes.
      const second = await sqs.send(new ListQueuesCommand({}));
      sqs.destroy();
      expect({
        first: [first.code, first.message],
        second: second.$metadata.httpStatusCode,
      }).toEqual({
        first: ['SignatureDoesNotMatch', expect.stringMatching(/^Signature expired: /)],
        second: 200,
      });
    });
  });

  describe('with raw requests', () => {
    const signer = (secret = KEY.secretAccessKey) =>
      new SignatureV4({
        credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: secret },
        region: 'us-east-1',
        service: 'sqs',
        sha256: Sha256,
      });

    async function signedJson(body: string, signingDate?: Date) {
      const url = new URL(server.url);
      const request = await signer().sign(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: '/',
          headers: {
            host: url.host,
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.ListQueues',
          },
          body,
        },
        { signingDate },
      );
      return request.headers as Record<string, string>;
    }

    it('answers an unsigned JSON request with MissingAuthenticationToken (403)', async () => {
      const res = await jsonRequest(server.url, 'ListQueues', {});
      expect({
        status: res.status,
        type: JSON.parse(res.body).__type,
        header: res.headers['x-amzn-query-error'],
      }).toEqual({
        status: 403,
        type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
        header: 'MissingAuthenticationToken;Sender',
      });
    });

    it('answers an unsigned query request with MissingAuthenticationToken in XML', async () => {
      const res = await queryRequest(server.url, 'Action=ListQueues');
      expect({ status: res.status, code: xmlCode(res.body) }).toEqual({
        status: 403,
        code: 'MissingAuthenticationToken',
      });
    });

    it('answers a body changed after signing with SignatureDoesNotMatch', async () => {
      const headers = await signedJson('{}');
      const res = await rawRequest(server.url, { headers, body: '{"QueueNamePrefix":"x"}' });
      expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({
        status: 403,
        body: {
          __type: 'com.amazon.coral.service#SignatureDoesNotMatch',
          message: SIGNATURE_DOES_NOT_MATCH,
        },
      });
    });

    it('accepts the same request unchanged', async () => {
      const headers = await signedJson('{}');
      const res = await rawRequest(server.url, { headers, body: '{}' });
      expect(res.status).toBe(200);
    });

    it('answers a request dated 20 minutes ago with "Signature expired"', async () => {
      const headers = await signedJson('{}', new Date(Date.now() - 20 * 60_000));
      const res = await rawRequest(server.url, { headers, body: '{}' });
      expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({
        status: 403,
        body: {
          __type: 'com.amazon.coral.service#SignatureDoesNotMatch',
          message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/),
        },
      });
    });

    it('answers a request dated 20 minutes ahead with "Signature not yet current"', async () => {
      const headers = await signedJson('{}', new Date(Date.now() + 20 * 60_000));
      const res = await rawRequest(server.url, { headers, body: '{}' });
      expect(JSON.parse(res.body).message).toMatch(/^Signature not yet current: /);
    });

    it('answers an Authorization header without a Signature with IncompleteSignature', async () => {
      const res = await jsonRequest(
        server.url,
        'ListQueues',
        {},
        {
          authorization: `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host`,
          'x-amz-date': '20260101T000000Z',
        },
      );
      expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({
        status: 400,
        body: {
          __type: 'com.amazon.coral.service#IncompleteSignatureException',
          message: "Authorization header requires 'Signature' parameter.",
        },
      });
    });

    it('accepts a presigned URL, and refuses it once expired', async () => {
      const url = new URL(server.url);
      const presign = (signingDate: Date) =>
        signer().presign(
          {
            method: 'GET',
            protocol: 'http:',
            hostname: url.hostname,
            port: Number(url.port),
            path: '/',
            query: { Action: 'ListQueues', Version: '2012-11-05' },
            headers: { host: url.host },
          },
          { signingDate, expiresIn: 60 },
        );
      const target = (r: { query?: Record<string, unknown> }) =>
        `/?${new URLSearchParams(r.query as Record<string, string>).toString().replace(/\+/g, '%20')}`;
      const fresh = await rawRequest(server.url, {
        method: 'GET',
        path: target(await presign(new Date())),
      });
      const stale = await rawRequest(server.url, {
        method: 'GET',
        path: target(await presign(new Date(Date.now() - 5 * 60_000))),
      });
      expect({ fresh: fresh.status, stale: [stale.status, xmlCode(stale.body)] }).toEqual({
        fresh: 200,
        stale: [400, 'RequestExpired'],
      });
    });

    it('leaves the read-only inspection API open', async () => {
      const res = await rawRequest(server.url, { method: 'GET', path: '/_emulator/health' });
      expect(res.status).toBe(200);
    });
  });

  describe('with Debian’s awscli and boto3 (query protocol)', () => {
    const env = (secret: string) => ({
      AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    });

    it('lets the aws CLI in with the right secret and refuses a wrong one', async () => {
      const aws = queryClient('aws-cli');
      const args = ['--endpoint-url', server.url, 'sqs', 'create-queue', '--queue-name', 'cli'];
      const ok = await runProcess(aws, args, env(KEY.secretAccessKey));
      const bad = await runProcess(aws, args, env('wrong'));
      expect({
        ok: ok.code,
        bad: bad.code,
        badError: bad.stderr.includes('(SignatureDoesNotMatch)'),
      }).toEqual({ ok: 0, bad: 254, badError: true });
    }, 60_000);

    it('lets boto3 in with the right secret and reports InvalidClientTokenId for an unknown key', async () => {
      const python = queryClient('boto3');
      const script = [
        'import boto3, sys',
        'from botocore.exceptions import ClientError',
        `def sqs(key, secret): return boto3.client("sqs", endpoint_url="${server.url}", region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)`,
        `print(len(sqs("${KEY.accessKeyId}", "${KEY.secretAccessKey}").list_queues().get("QueueUrls", [])) >= 0)`,
        'try:',
        `    sqs("AKIDUNKNOWN", "x").list_queues()`,
        'except ClientError as e:',
        '    print(e.response["Error"]["Code"], e.response["Error"]["Message"])',
      ].join('\n');
      const res = await runProcess(python, ['-c', script], env(KEY.secretAccessKey));
      expect({ code: res.code, out: res.stdout.trim().split('\n'), err: res.stderr }).toEqual({
        code: 0,
        out: ['True', `InvalidClientTokenId ${INVALID_TOKEN}`],
        err: '',
      });
    }, 60_000);
  });
});

describe('without --credentials', () => {
  it('accepts any signature, and none', async () => {
    const server = await startSqsServer({ port: 0 });
    try {
      const sqs = client(server, { credentials: { accessKeyId: 'any', secretAccessKey: 'thing' } });
      await sqs.send(new ListQueuesCommand({}));
      sqs.destroy();
      const unsigned = await queryRequest(server.url, 'Action=ListQueues');
      expect(unsigned.status).toBe(200);
      expect(xmlText(unsigned.body, 'RequestId')).toBeDefined();
    } finally {
      await server.close();
    }
  });
});

describe('SigV4Verifier against AWS’s documented example', () => {
  // The GET ListUsers example of the AWS General Reference ("Signature Version 4 signing
  // process"): a known request, key, date and resulting signature.
  const example = {
    method: 'GET',
    target: '/?Action=ListUsers&Version=2010-05-08',
    rawHeaders: [
      'Host',
      'iam.amazonaws.com',
      'Content-Type',
      'application/x-www-form-urlencoded; charset=utf-8',
      'X-Amz-Date',
      '20150830T123600Z',
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    ],
    body: new Uint8Array(),
  };
  const verifier = (secret: string) =>
    new SigV4Verifier([{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret }], {
      now: () => Date.UTC(2015, 7, 30, 12, 40),
    });

  it('accepts the documented signature', () => {
    expect(() =>
      verifier('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY').verify(example),
    ).not.toThrow();
  });

  it('refuses it under another secret', () => {
    expect(() => verifier('another').verify(example)).toThrow(SIGNATURE_DOES_NOT_MATCH);
  });
});

describe('--credentials', () => {
  it('parses ACCESS_KEY_ID:SECRET, the secret keeping any colon', () => {
    expect(parseCredentials('AKID:se:cret')).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'se:cret',
    });
  });

  it.each(['', 'AKID', 'AKID:', ':secret', 'a b:secret'])('refuses %j', (text) => {
    expect(parseCredentials(text)).toBeUndefined();
  });

  it('is repeatable on the emulator command', () => {
    const options = parseEmulatorArgs(['--credentials', 'A:1', '--credentials', 'B:2']);
    expect(options !== 'help' && options.credentials).toEqual([
      { accessKeyId: 'A', secretAccessKey: '1' },
      { accessKeyId: 'B', secretAccessKey: '2' },
    ]);
  });
});
