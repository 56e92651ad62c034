import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import {
  bothPaths,
  errorView,
  outcome,
  startScriptedServer,
  type ScriptedSqsServer,
  watchSdkPath,
} from './scripted-sqs-server';

/**
 * The lean transport leans on SDK internals (schemas, middleware, signer classes) that a newer
 * SDK may move. When one is missing or behaves otherwise, nothing breaks: the lean modules load
 * only when `awsTransport: 'lean'` is chosen, and a client whose lean setup fails on something of
 * the SDK's warns once and sends everything through the SDK. A client's own configuration error
 * (no region, a bad endpoint) still reaches the caller as the SDK's own error.
 */

const QUEUE_PATH = '/000000000000/q';
const AWS = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const CREATE_SQS_BACKEND = '../../../src/backend/create-sqs-backend';
const LEAN_BACKEND = '../../../src/backend/lean/lean-sqs.backend';

type CreateSqsBackend = typeof import('../../../src/backend/create-sqs-backend');

/**
 * Runs `use` on a `createSqsBackend` loaded afresh, with its own copy of every module, after
 * `prepare` (run in that same fresh registry) has changed what it wants changed, as another SDK
 * version might. The registry stays until `use` ends, for the modules loaded on first use.
 */
async function withChanged(
  prepare: () => void,
  use: (factory: CreateSqsBackend) => Promise<void>,
): Promise<void> {
  await jest.isolateModulesAsync(async () => {
    prepare();
    await use(jest.requireActual<CreateSqsBackend>(CREATE_SQS_BACKEND));
  });
}

/** Removes `name` from this registry's copy of `module`. */
function withoutExport(module: string, name: string): () => void {
  return () => {
    delete jest.requireActual<Record<string, unknown>>(module)[name];
  };
}

/** Makes the lean transport's entry module fail to load with `error`. */
function leanFailingWith(error: Error): () => void {
  return () => {
    jest.doMock(LEAN_BACKEND, () => {
      throw error;
    });
  };
}

describe('lean transport: when the SDK’s internals are not what it expects', () => {
  let server: ScriptedSqsServer;
  let warn: jest.SpyInstance;

  beforeEach(async () => {
    server = await startScriptedServer();
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.dontMock(LEAN_BACKEND);
    jest.restoreAllMocks();
    await server.close();
  });

  const aws = () => ({ ...AWS, endpoint: server.url });

  /** Three calls on a lean backend built by `factory`: each must reach the server. */
  async function useLean(factory: CreateSqsBackend) {
    const backend = factory.createSqsBackend({ backend: 'aws', aws: aws(), awsTransport: 'lean' });
    try {
      const QueueUrl = `${server.url}${QUEUE_PATH}`;
      await backend.port.receiveMessage({ QueueUrl });
      await backend.port.receiveMessage({ QueueUrl });
      await backend.port.deleteMessage({ QueueUrl, ReceiptHandle: 'r' });
      expect(server.requests.map((r) => r.headers['x-amz-target'])).toEqual([
        'AmazonSQS.ReceiveMessage',
        'AmazonSQS.ReceiveMessage',
        'AmazonSQS.DeleteMessage',
      ]);
    } finally {
      await backend.dispose();
    }
  }

  it('loads none of the lean modules unless the lean transport is chosen', async () => {
    await withChanged(
      leanFailingWith(new Error('the lean transport was loaded')),
      async (factory) => {
        const memory = factory.createSqsBackend({ backend: 'memory' });
        await memory.dispose();
        const sdk = factory.createSqsBackend({ backend: 'aws', aws: aws(), awsTransport: 'sdk' });
        expect(sdk.port.constructor.name).toBe('AwsSqsBackend');
        await sdk.dispose();
        expect(warn).not.toHaveBeenCalled();
      },
    );
  });

  it('falls back to the SDK, with one warning, when the lean modules cannot load', async () => {
    await withChanged(
      leanFailingWith(new Error('Cannot find module @smithy/core/schema')),
      async (factory) => {
        const backend = factory.createSqsBackend({
          backend: 'aws',
          aws: aws(),
          awsTransport: 'lean',
        });
        expect(backend.port.constructor.name).toBe('AwsSqsBackend');
        await backend.dispose();
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0][0])).toMatch(/awsTransport: 'lean'.*SDK/s);
      },
    );
  });

  it('works, through the SDK, when a schema it reads is gone from @aws-sdk/client-sqs', async () => {
    await withChanged(withoutExport('@aws-sdk/client-sqs', 'ReceiveMessage$'), async (factory) => {
      expect(factory.createSqsBackend({ backend: 'memory' }).port).toBeDefined();
      await useLean(factory);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/awsTransport: 'lean'.*SDK/s);
    });
  });

  it('works, through the SDK, when a function it calls is gone from @aws-sdk/core', async () => {
    await withChanged(
      withoutExport('@aws-sdk/core/client', 'userAgentMiddleware'),
      async (factory) => {
        await useLean(factory);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0][0])).toMatch(/userAgentMiddleware/);
      },
    );
  });

  it('hands a call that fails before sending to the SDK, and then keeps to the SDK', async () => {
    await withChanged(
      () => {
        // The SDK loads first and keeps its own `v4`; the lean transport, loaded later, finds this.
        jest.requireActual('@aws-sdk/client-sqs');
        jest.requireActual<Record<string, unknown>>('@smithy/core/serde').v4 = () => {
          throw new TypeError('v4 is not a function');
        };
      },
      async (factory) => {
        await useLean(factory);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0][0])).toMatch(/v4 is not a function/);
      },
    );
  });

  it('warns through the client’s logger when it has one', async () => {
    await withChanged(
      withoutExport('@aws-sdk/core/client', 'userAgentMiddleware'),
      async (factory) => {
        const logged: unknown[] = [];
        const logger = {
          debug: () => undefined,
          info: () => undefined,
          warn: (text: unknown) => logged.push(text),
          error: () => undefined,
        };
        const backend = factory.createSqsBackend({
          backend: 'aws',
          aws: { ...aws(), logger },
          awsTransport: 'lean',
        });
        try {
          await backend.port.deleteMessage({
            QueueUrl: `${server.url}${QUEUE_PATH}`,
            ReceiptHandle: 'r',
          });
          await backend.port.deleteMessage({
            QueueUrl: `${server.url}${QUEUE_PATH}`,
            ReceiptHandle: 'r',
          });
        } finally {
          await backend.dispose();
        }
        expect(logged).toHaveLength(1);
        expect(warn).not.toHaveBeenCalled();
      },
    );
  });

  it('sends through the SDK when its writer and the client’s serializer disagree', async () => {
    /** A protocol that writes bodies its own way (a newer SDK might, too). */
    class Spaced extends AwsJson1_0Protocol {
      override async serializeRequest(
        ...args: Parameters<AwsJson1_0Protocol['serializeRequest']>
      ): ReturnType<AwsJson1_0Protocol['serializeRequest']> {
        const request = await super.serializeRequest(...args);
        const body = request.body as Uint8Array | string;
        // (Read from its bytes: the SDK's body warns on string methods.)
        const text =
          typeof body === 'string'
            ? body
            : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
        request.body = JSON.stringify(JSON.parse(text), null, 1);
        return request;
      }
    }
    const paths = bothPaths(server.url, { md5: false, protocol: Spaced });
    try {
      const QueueUrl = `${server.url}${QUEUE_PATH}`;
      await paths.sdk.receiveMessage({ QueueUrl, MaxNumberOfMessages: 2 });
      await paths.lean.receiveMessage({ QueueUrl, MaxNumberOfMessages: 2 });
      const [bySdk, byLean] = server.requests;
      expect(bySdk.body).toContain('\n');
      expect(byLean.body).toBe(bySdk.body);
      expect(warn.mock.calls).toEqual([[expect.stringMatching(/lean.*would differ/s)]]);
    } finally {
      paths.destroy();
    }
  });
});

describe('lean transport: the client’s configuration errors', () => {
  let server: ScriptedSqsServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
  });

  it.each([
    ['no region', { region: undefined }],
    ['an endpoint that is not a URL', { endpoint: 'not a url' }],
    ['a region that is not a hostname', { region: 'no such region!' }],
  ])('rejects with the SDK’s own error for %s', async (_name, overrides) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const paths = bothPaths(server.url, { md5: false, ...overrides });
    try {
      for (let i = 0; i < 2; i++) {
        const QueueUrl = `${server.url}${QUEUE_PATH}`;
        const bySdk = await outcome(paths.sdk.receiveMessage({ QueueUrl }));
        const byLean = await outcome(paths.lean.receiveMessage({ QueueUrl }));
        if (bySdk.ok || byLean.ok) throw new Error('expected both to fail');
        expect(errorView(byLean.error)).toEqual(errorView(bySdk.error));
      }
      expect(server.requests).toHaveLength(0);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      paths.destroy();
    }
  });

  it('tries its setup again after a provider failed, and then takes the lean path', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    let asked = 0;
    const region = () =>
      asked++ === 0 ? Promise.reject(new Error('Region is missing')) : Promise.resolve('us-east-1');
    const paths = bothPaths(server.url, { md5: false, region });
    const sdkPath = watchSdkPath();
    try {
      const QueueUrl = `${server.url}${QUEUE_PATH}`;
      await outcome(paths.lean.receiveMessage({ QueueUrl }));
      const before = sdkPath.actionsVia(paths.clients[1]).length;
      await paths.lean.receiveMessage({ QueueUrl });
      await paths.lean.receiveMessage({ QueueUrl });
      expect(sdkPath.actionsVia(paths.clients[1])).toHaveLength(before);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      paths.destroy();
    }
  });
});

describe('lean transport: the SDK’s internals it uses', () => {
  const root = join(__dirname, '../../..');

  it('takes @aws-sdk/core and @smithy/core from @aws-sdk/client-sqs’s own copy', () => {
    // A direct import may resolve to another copy than the client's (two versions installed),
    // where `instanceof` no longer matches; only type imports may name them.
    const dir = join(root, 'src/backend/lean');
    const direct: string[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      const imports = text.matchAll(
        /^import\s+(type\s+)?[^;]*?from\s+'(@aws-sdk\/core|@smithy\/core)[^']*'/gm,
      );
      for (const [line, typeOnly] of imports) if (!typeOnly) direct.push(`${file}: ${line}`);
    }
    expect(direct).toEqual([]);
  });

  it('declares no dependency of its own on them', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).not.toContain('@aws-sdk/core');
    expect(Object.keys(pkg.dependencies)).not.toContain('@smithy/core');
  });
});
