import type { SQSClient } from '@aws-sdk/client-sqs';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
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
 * The lean transport retries as the SDK does, because it asks the client's own retry strategy
 * (the default standard one, or the client's `retryStrategy`) with the SDK's own error
 * classification: throttling, 5xx and network errors are retried up to `maxAttempts`, client
 * errors are not, each attempt carries `amz-sdk-request: attempt=n; max=m` under one invocation
 * id, and `$metadata.attempts` counts them. Both paths get the same script here and must agree.
 */

const QUEUE_URL = 'http://127.0.0.1:1/000000000000/q';
const ok: ScriptedReply = { status: 200, body: '{}' };
const serverError: ScriptedReply = {
  status: 500,
  headers: { 'x-amzn-query-error': 'InternalError;Receiver' },
  body: '{"__type":"com.amazonaws.sqs#InternalError","message":"We encountered an internal error."}',
};
const throttled: ScriptedReply = {
  status: 400,
  headers: { 'x-amzn-query-error': 'RequestThrottled;Sender' },
  body: '{"__type":"com.amazonaws.sqs#RequestThrottled","message":"Request is throttled."}',
};
const missingQueue: ScriptedReply = {
  status: 400,
  headers: { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
  body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}',
};

/** Answers `replies` in turn per path (each path's calls restart the script), then `ok`. */
function script(server: ScriptedSqsServer, replies: readonly ScriptedReply[]): () => void {
  let i = 0;
  server.reply = () => replies[i++] ?? ok;
  return () => {
    i = 0;
  };
}

/** An error's view without the randomized backoff total. */
function withoutDelay(error: unknown): Record<string, unknown> {
  const view = errorView(error);
  const { totalRetryDelay: _delay, ...metadata } = (view.$metadata ?? {}) as Record<
    string,
    unknown
  >;
  void _delay;
  return { ...view, $metadata: metadata };
}

describe('lean transport: retries', () => {
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

  /** Runs `call` on both paths over the same script; returns both outcomes and requests. */
  async function compare(
    replies: readonly ScriptedReply[],
    call: (port: BothPaths['sdk']) => Promise<unknown>,
  ) {
    const restart = script(server, replies);
    const bySdk = await outcome(call(paths!.sdk));
    const sdkRequests = server.requests.splice(0);
    restart();
    const byLean = await outcome(call(paths!.lean));
    const leanRequests = server.requests.splice(0);
    return { bySdk, byLean, sdkRequests, leanRequests };
  }

  const receive = (p: BothPaths['sdk']) => p.receiveMessage({ QueueUrl: QUEUE_URL });

  it('retries a 5xx with the default strategy and counts the attempts', async () => {
    paths = bothPaths(server.url, { md5: false });
    const r = await compare([serverError], receive);
    expect(r.byLean).toMatchObject({ ok: true, value: { $metadata: { attempts: 2 } } });
    expect(r.bySdk).toMatchObject({ ok: true, value: { $metadata: { attempts: 2 } } });
    const attempts = (requests: typeof r.leanRequests) =>
      requests.map((q) => q.headers['amz-sdk-request']);
    expect(attempts(r.leanRequests)).toEqual(['attempt=1; max=3', 'attempt=2; max=3']);
    expect(attempts(r.leanRequests)).toEqual(attempts(r.sdkRequests));
    // One invocation id per call, kept across its attempts.
    const ids = new Set(r.leanRequests.map((q) => q.headers['amz-sdk-invocation-id']));
    expect(ids.size).toBe(1);
  });

  it('gives up after maxAttempts with the last error, as the SDK does', async () => {
    paths = bothPaths(server.url, { md5: false, maxAttempts: 2 });
    const r = await compare([serverError, serverError, serverError], receive);
    expect(r.byLean.ok || r.bySdk.ok).toBe(false);
    if (r.byLean.ok || r.bySdk.ok) return;
    expect(withoutDelay(r.byLean.error)).toEqual(withoutDelay(r.bySdk.error));
    expect(r.byLean.error).toMatchObject({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500, attempts: 2 },
    });
    expect(r.leanRequests).toHaveLength(2);
    expect(r.sdkRequests).toHaveLength(2);
  });

  it('retries throttling (with the client’s own retry strategy)', async () => {
    paths = bothPaths(server.url, {
      md5: false,
      retryStrategy: new ConfiguredRetryStrategy(4, 1),
    });
    const r = await compare([throttled, throttled], (p) =>
      p.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' }),
    );
    expect(r.byLean).toMatchObject({ ok: true, value: { $metadata: { attempts: 3 } } });
    expect(r.bySdk).toMatchObject({ ok: true, value: { $metadata: { attempts: 3 } } });
    expect(r.leanRequests.map((q) => q.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
      'attempt=3; max=3',
    ]);
  });

  it('retries a dropped connection', async () => {
    paths = bothPaths(server.url, { md5: false, retryStrategy: new ConfiguredRetryStrategy(3, 1) });
    const r = await compare(['reset'], receive);
    expect(r.byLean).toMatchObject({ ok: true, value: { $metadata: { attempts: 2 } } });
    expect(r.bySdk).toMatchObject({ ok: true, value: { $metadata: { attempts: 2 } } });
  });

  it('reports a dropped connection that outlasts the attempts as the SDK does', async () => {
    paths = bothPaths(server.url, { md5: false, retryStrategy: new ConfiguredRetryStrategy(2, 1) });
    const r = await compare(['reset', 'reset', 'reset'], receive);
    if (r.byLean.ok || r.bySdk.ok) throw new Error('expected both to fail');
    const view = (e: unknown) => {
      const { message: _m, ...rest } = withoutDelay(e);
      void _m;
      return rest;
    };
    expect(view(r.byLean.error)).toEqual(view(r.bySdk.error));
    // Node's own error (under Jest, from another realm: the SDK's wrapper message then).
    expect(r.byLean.error).toMatchObject({
      message: expect.stringContaining('socket hang up'),
      $metadata: { attempts: 2 },
    });
  });

  it('does not retry a client error', async () => {
    paths = bothPaths(server.url, { md5: false });
    const r = await compare([missingQueue], receive);
    if (r.byLean.ok || r.bySdk.ok) throw new Error('expected both to fail');
    expect(withoutDelay(r.byLean.error)).toEqual(withoutDelay(r.bySdk.error));
    expect(r.byLean.error).toMatchObject({ name: 'QueueDoesNotExist', $metadata: { attempts: 1 } });
    expect(r.leanRequests).toHaveLength(1);
  });

  it('asks the strategy for long-poll tokens on receives only, as the SDK does', async () => {
    paths = bothPaths(server.url, { md5: false });
    const scopes = async (client: SQSClient, call: () => Promise<unknown>) => {
      const strategy = await client.config.retryStrategy();
      const spy = jest.spyOn(
        strategy as { acquireInitialRetryToken(s: string): unknown },
        'acquireInitialRetryToken',
      );
      await call();
      return spy.mock.calls.map(([scope]) => scope);
    };
    const [sdkClient, leanClient] = paths.clients;
    const both = (p: BothPaths['sdk']) => async () => {
      await p.receiveMessage({ QueueUrl: QUEUE_URL });
      await p.deleteMessage({ QueueUrl: QUEUE_URL, ReceiptHandle: 'r' });
    };
    const lean = await scopes(leanClient, both(paths.lean));
    expect(lean).toEqual([':longpoll', '']);
    expect(await scopes(sdkClient, both(paths.sdk))).toEqual(lean);
  });

  describe('abort', () => {
    it('rejects at once with an AbortError when the signal has already aborted', async () => {
      paths = bothPaths(server.url, { md5: false });
      const controller = new AbortController();
      controller.abort();
      const r = await compare([], (p) =>
        p.receiveMessage({ QueueUrl: QUEUE_URL }, { abortSignal: controller.signal }),
      );
      if (r.byLean.ok || r.bySdk.ok) throw new Error('expected both to fail');
      expect(errorView(r.byLean.error)).toEqual(errorView(r.bySdk.error));
      expect(r.byLean.error).toMatchObject({ name: 'AbortError' });
      expect(r.leanRequests).toHaveLength(0);
    });

    it('ends a long backoff with an AbortError', async () => {
      const backoffMs = 1_000;
      paths = bothPaths(server.url, {
        md5: false,
        retryStrategy: new ConfiguredRetryStrategy(3, backoffMs),
      });
      const abortAfterFirstAnswer = async (p: BothPaths['sdk']) => {
        const controller = new AbortController();
        const call = p.receiveMessage({ QueueUrl: QUEUE_URL }, { abortSignal: controller.signal });
        while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
        setTimeout(() => controller.abort(), 20);
        return call;
      };
      const started = Date.now();
      const r = await compare([serverError], abortAfterFirstAnswer);
      expect(Date.now() - started).toBeLessThan(backoffMs);
      if (r.byLean.ok || r.bySdk.ok) throw new Error('expected both to fail');
      expect(errorView(r.byLean.error)).toEqual(errorView(r.bySdk.error));
      expect(r.byLean.error).toMatchObject({ name: 'AbortError', message: 'Request aborted' });
      // The strategy's own backoff timer runs out on both paths; let it, before the next test.
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
    });

    it('ends an open request with the request handler’s AbortError', async () => {
      paths = bothPaths(server.url, { md5: false });
      server.reply = () => 'hang';
      const hang = async (p: BothPaths['sdk']) => {
        const controller = new AbortController();
        const call = p.receiveMessage({ QueueUrl: QUEUE_URL }, { abortSignal: controller.signal });
        setTimeout(() => controller.abort(new Error('shutting down')), 50);
        return call;
      };
      const bySdk = await outcome(hang(paths.sdk));
      const byLean = await outcome(hang(paths.lean));
      if (byLean.ok || bySdk.ok) throw new Error('expected both to fail');
      expect(errorView(byLean.error)).toEqual(errorView(bySdk.error));
      expect(byLean.error).toMatchObject({ name: 'AbortError' });
    });
  });
});
