import { SQSClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-sqs';
import { AwsSdkSigV4Signer } from '@aws-sdk/core/httpAuthSchemes';
import type { SerializeMiddleware } from '@smithy/types';
import {
  bothPaths,
  type BothPaths,
  startScriptedServer,
  type ScriptedSqsServer,
  watchSdkPath,
  type SdkPathWatch,
} from './scripted-sqs-server';

/**
 * What is attached to a client is honoured: a stubbed `send` (aws-sdk-client-mock, jest.spyOn),
 * middleware on its stack, a SigV4 signer of another class. The lean transport cannot run those
 * itself, so such a client's calls go through the SDK, which does.
 */

const QUEUE_URL = 'http://127.0.0.1:1/000000000000/q';
const receive = (p: BothPaths['sdk']) => p.receiveMessage({ QueueUrl: QUEUE_URL });

describe('lean transport: a client changed from outside', () => {
  let server: ScriptedSqsServer;
  let paths: BothPaths;
  let sdkPath: SdkPathWatch;

  beforeEach(async () => {
    server = await startScriptedServer();
    paths = bothPaths(server.url, { md5: false });
    sdkPath = watchSdkPath();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    paths.destroy();
    await server.close();
  });

  const leanClient = () => paths.clients[1];

  it('leaves the calls to a stubbed send (aws-sdk-client-mock on a client)', async () => {
    const send = jest
      .spyOn(leanClient(), 'send')
      .mockImplementation(() => Promise.resolve({ Messages: [{ MessageId: 'stub' }] }));
    const out = await receive(paths.lean);
    expect(out.Messages?.[0]?.MessageId).toBe('stub');
    expect(send).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(0);
  });

  it('leaves the calls to a send stubbed on SQSClient.prototype (mockClient(SQSClient))', async () => {
    await receive(paths.lean); // set up before the stub
    const send = jest
      .spyOn(SQSClient.prototype, 'send')
      .mockImplementation(() => Promise.resolve({ Messages: [] }));
    await receive(paths.lean);
    expect(send).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
  });

  it('goes back to the lean path once the stub is restored', async () => {
    const send = jest.spyOn(leanClient(), 'send').mockResolvedValue({} as never);
    await receive(paths.lean);
    send.mockRestore();
    await receive(paths.lean);
    await receive(paths.lean);
    expect(server.requests).toHaveLength(2);
    expect(sdkPath.actionsVia(leanClient())).toEqual(['receiveMessage']);
  });

  it('runs middleware added to the client’s stack, through the SDK', async () => {
    for (const client of paths.clients) {
      client.middlewareStack.add(
        (next) => (args) => {
          (args.request as { headers: Record<string, string> }).headers['x-traced'] = 'yes';
          return next(args);
        },
        { step: 'build', name: 'tracing' },
      );
    }
    await receive(paths.sdk);
    await receive(paths.lean);
    expect(server.requests.map((r) => r.headers['x-traced'])).toEqual(['yes', 'yes']);
  });

  it('runs middleware placed relative to a command’s own middleware, through the SDK', async () => {
    let ran = 0;
    const counting: SerializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
      (next) => (args) => {
        ran++;
        return next(args);
      };
    leanClient().middlewareStack.addRelativeTo(counting, {
      relation: 'after',
      toMiddleware: 'endpointV2Middleware',
      name: 'afterEndpoint',
    });
    await receive(paths.lean);
    expect(ran).toBe(1);
  });

  it('runs a middleware put in place of one of the SDK’s, through the SDK', async () => {
    leanClient().middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-replaced'] = 'yes';
        return next(args);
      },
      { step: 'build', priority: 'low', name: 'recursionDetectionMiddleware', override: true },
    );
    await receive(paths.lean);
    expect(server.requests.map((r) => r.headers['x-replaced'])).toEqual(['yes']);
  });

  it('notices middleware added after its first call, within a second', async () => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    await receive(paths.lean);
    leanClient().middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-traced'] = 'yes';
        return next(args);
      },
      { step: 'build', name: 'tracing' },
    );
    clock.mockReturnValue(now + 1_001);
    await receive(paths.lean);
    expect(server.requests.map((r) => r.headers['x-traced'])).toEqual([undefined, 'yes']);
  });

  it('leaves a client with a SigV4 signer of another class to the SDK', async () => {
    /** A signer that reads what only the SDK's middleware gives it: the call's context. */
    class CommandTagging extends AwsSdkSigV4Signer {
      override sign(...args: Parameters<AwsSdkSigV4Signer['sign']>) {
        const [request, , properties] = args;
        const context = properties.context as { commandName?: string } | undefined;
        (request as { headers: Record<string, string> }).headers['x-command'] = String(
          context?.commandName,
        );
        return super.sign(...args);
      }
    }
    const tagged = bothPaths(server.url, {
      md5: false,
      httpAuthSchemes: [
        {
          schemeId: 'aws.auth#sigv4',
          identityProvider: (config) => config.getIdentityProvider('aws.auth#sigv4'),
          signer: new CommandTagging(),
        },
      ],
    });
    try {
      await receive(tagged.sdk);
      await receive(tagged.lean);
      expect(server.requests.map((r) => r.headers['x-command'])).toEqual([
        'ReceiveMessageCommand',
        'ReceiveMessageCommand',
      ]);
    } finally {
      tagged.destroy();
    }
  });

  it('keeps a stock client on the lean path', async () => {
    await receive(paths.lean);
    await paths.lean.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
    expect(server.requests).toHaveLength(2);
    expect(sdkPath.actionsVia(leanClient())).toEqual([]);
  });
});
