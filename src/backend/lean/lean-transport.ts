import type { SQSClient } from '@aws-sdk/client-sqs';
import { Readable } from 'node:stream';
import {
  asDeserializationError,
  asSdkError,
  isAbortError,
  metadataOf,
  raceAbort,
  retryErrorInfo,
} from './lean-errors';
import { verifyBodyDigests } from './lean-md5';
import {
  describeError,
  LEAN_TRANSPORT_OFF,
  LeanInternalError,
  loadLeanSdk,
  warnerOf,
  type LeanHttpRequest,
  type LeanHttpResponse,
  type LeanSdk,
} from './lean-sdk';
import { readResponse, writeRequest } from './lean-serde';
import {
  LeanProviderError,
  resolveLeanSetup,
  type LeanRetryToken,
  type LeanSetup,
} from './lean-setup';
import type { LeanAction, LeanOperation } from './lean-shapes';

/** One call's state: its abort signal, and whether a request has gone out yet. */
interface CallState {
  readonly signal: AbortSignal | undefined;
  sent: boolean;
}

/**
 * Whether a failed lean call is handed to the SDK: it failed before anything was sent, and not on
 * one of the client's providers (their error is the SDK's own) nor by being aborted.
 */
function leftToSdk(error: unknown, call: CallState): boolean {
  return (
    !call.sent &&
    !(error instanceof LeanProviderError) &&
    !(call.signal?.aborted && isAbortError(error))
  );
}

/**
 * One SQS call over the lean path: the body written by the lean serde, signed by the client's own
 * SigV4 signer, sent by the client's own request handler (its agents, timeouts and sockets),
 * retried by the client's own retry strategy, and read by the lean serde, with every unusual case
 * (an error response, a body the serde does not model) read by the SDK's own deserializer.
 *
 * What it skips is the SDK's per-call machinery: the middleware stack, the schema walk of every
 * input and output, the endpoint rules, the user agent, the auth-scheme selection. Those are
 * resolved once (`lean-setup.ts`) or replaced by the lean serde.
 *
 * What it cannot do as the SDK would, it leaves to the SDK: a call on a client changed from
 * outside, or with an input the lean writer does not model; and a call whose setup or request
 * building fails before anything is sent. When the SDK then succeeds, the failure was the lean
 * path's (an SDK whose internals changed): the client warns once and keeps to the SDK.
 */
export class LeanTransport {
  private setup: Promise<LeanSetup | undefined> | undefined;
  /** Set once the lean path is off for this client: every call goes through the SDK. */
  private off = false;

  constructor(private readonly client: SQSClient) {}

  /**
   * Performs `action` with `input`, or hands it to `viaSdk` when the lean path does not reproduce
   * it (see the class comment).
   */
  async call<O>(
    action: LeanAction,
    input: object,
    signal: AbortSignal | undefined,
    viaSdk: () => Promise<O>,
  ): Promise<O> {
    if (this.off) return viaSdk();
    let setup: LeanSetup | undefined;
    try {
      setup = await this.resolved();
    } catch (error) {
      return this.afterFailedSetup(error, viaSdk);
    }
    const op = setup?.operations.get(action);
    if (!setup || !op || !setup.check.isStock(Date.now())) return viaSdk();
    const call: CallState = { signal, sent: false };
    try {
      const output = await this.perform(setup, op, input, call);
      // The output is what the SDK's deserializer makes of this action's result shape.
      return output === undefined ? await viaSdk() : (output as O);
    } catch (error) {
      if (!leftToSdk(error, call)) throw error instanceof LeanProviderError ? error.error : error;
      return this.afterFailedCall(error, viaSdk);
    }
  }

  /**
   * The call over the lean path, or undefined when `input` holds a value the lean writer does not
   * model.
   */
  private async perform(
    setup: LeanSetup,
    op: LeanOperation,
    input: object,
    call: CallState,
  ): Promise<Record<string, unknown> | undefined> {
    const json = writeRequest(op.input, input, setup.sdk);
    if (json === undefined) return undefined;
    const { config } = setup;
    // As the SDK's auth-scheme middleware does: credentials before the first attempt, so a
    // provider that fails does so once, unretried (and with its own error).
    let identity: unknown;
    try {
      identity = await config.credentials();
    } catch (error) {
      throw new LeanProviderError(error);
    }
    const to = setup.destination((input as { QueueUrl?: unknown }).QueueUrl);
    const body = Buffer.from(json, 'utf8');
    const request = new setup.sdk.HttpRequest({
      method: 'POST',
      protocol: to.protocol,
      hostname: to.hostname,
      port: to.port,
      path: to.path,
      query: to.query,
      fragment: to.fragment,
      username: to.username,
      password: to.password,
      headers: {
        ...to.headers,
        ...(await setup.userAgent(identity)),
        'x-amz-target': op.target,
        'content-length': String(body.length),
      },
      body,
    });
    if (setup.inLambda) await addLambdaTraceHeaders(setup, request);
    return setup.callLogger
      ? await this.logged(setup, op, input, call, () =>
          this.checked(setup, op, input, request, call),
        )
      : await this.checked(setup, op, input, request, call);
  }

  /**
   * A setup that failed: on the SDK's internals, the lean path is off for good; on one of the
   * client's providers, this call goes through the SDK (which asks them again) and the next call
   * sets up again; otherwise the SDK's answer to this call decides: an error is the client's
   * configuration (it reaches the caller as the SDK's own, and the next call sets up again), a
   * result means the setup failed on the SDK's internals after all.
   */
  private async afterFailedSetup<O>(error: unknown, viaSdk: () => Promise<O>): Promise<O> {
    if (error instanceof LeanInternalError) {
      this.turnOff(error.message);
      return viaSdk();
    }
    const output = await viaSdk();
    if (!(error instanceof LeanProviderError)) this.turnOff(describeError(error));
    return output;
  }

  /** A call that failed before sending anything: the SDK's answer decides, as for a setup. */
  private async afterFailedCall<O>(error: unknown, viaSdk: () => Promise<O>): Promise<O> {
    const output = await viaSdk();
    this.turnOff(describeError(error));
    return output;
  }

  /** Sends this client's calls through the SDK from now on, and says so once. */
  private turnOff(reason: string): void {
    if (this.off) return;
    this.off = true;
    this.setup = Promise.resolve(undefined);
    let sdk: LeanSdk | undefined;
    try {
      sdk = loadLeanSdk();
    } catch {
      // The SDK's pieces are what failed: the logger is chosen without them.
    }
    warnerOf(this.client.config.logger, sdk).warn(LEAN_TRANSPORT_OFF(reason));
  }

  /** The call with its retries, then the SDK's MD5 checks (outside the retries, as the SDK's). */
  private async checked(
    setup: LeanSetup,
    op: LeanOperation,
    input: object,
    request: LeanHttpRequest,
    call: CallState,
  ): Promise<Record<string, unknown>> {
    const output = await this.withRetries(setup, op, request, call);
    if (setup.bodyDigest) await verifyBodyDigests(op.action, input, output, setup.bodyDigest);
    return output;
  }

  /**
   * The SDK's logger middleware, for a client given a `logger`: every call's input, output and
   * `$metadata` at `info`, or its input and error at `error` (filtered by the schemas, as the SDK
   * filters them). A call left to the SDK is the SDK's to log.
   */
  private async logged(
    setup: LeanSetup,
    op: LeanOperation,
    input: object,
    call: CallState,
    perform: () => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    const logger = setup.callLogger;
    const names = { clientName: 'SQSClient', commandName: op.command };
    try {
      const output = await perform();
      const { $metadata, ...rest } = output;
      logger?.info?.({
        ...names,
        input: setup.sdk.schemaLogFilter(op.sdkOperation.input, input),
        output: setup.sdk.schemaLogFilter(op.sdkOperation.output, rest),
        metadata: $metadata,
      });
      return output;
    } catch (error) {
      if (leftToSdk(error, call)) throw error;
      logger?.error?.({
        ...names,
        input: setup.sdk.schemaLogFilter(op.sdkOperation.input, input),
        error,
        metadata: (error as { $metadata?: unknown } | undefined)?.$metadata,
      });
      throw error;
    }
  }

  /** The client's setup, resolved once; a failed resolution is tried again by the next call. */
  private resolved(): Promise<LeanSetup | undefined> {
    this.setup ??= resolveLeanSetup(this.client).catch((error: unknown) => {
      this.setup = undefined;
      throw error;
    });
    return this.setup;
  }

  /** The SDK's retry middleware (its `RetryStrategyV2` branch), around {@link attempt}. */
  private async withRetries(
    setup: LeanSetup,
    op: LeanOperation,
    request: LeanHttpRequest,
    call: CallState,
  ): Promise<Record<string, unknown>> {
    const { signal } = call;
    const strategy = setup.retryStrategy;
    let token: LeanRetryToken = await raceAbort(
      strategy.acquireInitialRetryToken(op.longPoll ? ':longpoll' : ''),
      signal,
    );
    let attempts = 0;
    let totalRetryDelay = 0;
    request.headers['amz-sdk-invocation-id'] = setup.sdk.v4();
    for (;;) {
      try {
        request.headers['amz-sdk-request'] = `attempt=${attempts + 1}; max=${setup.maxAttempts}`;
        const output = await this.attempt(setup, op, request, call);
        strategy.recordSuccess(token);
        const metadata = output.$metadata as Record<string, unknown>;
        metadata.attempts = attempts + 1;
        metadata.totalRetryDelay = totalRetryDelay;
        return output;
      } catch (error) {
        const info = retryErrorInfo(error, setup.sdk);
        const lastError = asSdkError(error);
        try {
          token = await raceAbort(strategy.refreshRetryTokenForRetry(token, info), signal);
        } catch (refusal) {
          if (signal?.aborted && isAbortError(refusal)) throw refusal;
          lastError.$metadata ??= {};
          lastError.$metadata.attempts = attempts + 1;
          lastError.$metadata.totalRetryDelay = totalRetryDelay;
          throw lastError;
        }
        attempts = token.getRetryCount();
        const delay = token.getRetryDelay();
        totalRetryDelay += (token.$retryLog?.acquisitionDelay ?? 0) + delay;
        if (delay > 0) await raceAbort(sleep(delay), signal);
      }
    }
  }

  /**
   * One attempt, as the SDK's signing middleware runs it: sign, send, read; a failure passes the
   * signer's error handler (clock-skew correction from the response's date), a success its
   * success handler (the same, from every answer).
   */
  private async attempt(
    setup: LeanSetup,
    op: LeanOperation,
    request: LeanHttpRequest,
    call: CallState,
  ): Promise<Record<string, unknown>> {
    const { config, signing } = setup;
    const props = signing.properties();
    const signed = await signing.sign(request, props);
    let output: Record<string, unknown>;
    let response: LeanHttpResponse;
    try {
      call.sent = true;
      const handled: { response: LeanHttpResponse } = await config.requestHandler.handle(signed, {
        abortSignal: call.signal,
      });
      response = handled.response;
      output = await this.deserialize(setup, op, response);
    } catch (error) {
      return signing.failed(error, props);
    }
    signing.succeeded(response, props);
    return output;
  }

  /** The SDK's deserializer step: the lean reader when it can, the SDK's protocol otherwise. */
  private async deserialize(
    setup: LeanSetup,
    op: LeanOperation,
    response: LeanHttpResponse,
  ): Promise<Record<string, unknown>> {
    const { config } = setup;
    try {
      const bytes = await collect(response.body, config.streamCollector);
      if (response.statusCode < 300) {
        const output = readResponse(op.output, bytes, setup.sdk);
        if (output) {
          output.$metadata = metadataOf(response);
          return output;
        }
      }
      // Errors, and what the lean reader does not model, come out exactly as the SDK's.
      const copy = new setup.sdk.HttpResponse({
        statusCode: response.statusCode,
        reason: response.reason,
        headers: response.headers,
        body: bytes,
      });
      return await setup.protocol.deserializeResponse(op.sdkOperation, config, copy);
    } catch (error) {
      throw asDeserializationError(error, response);
    }
  }
}

/** A response body as bytes: Node streams read directly, anything else by the SDK's collector. */
async function collect(
  body: unknown,
  streamCollector: (stream: never) => Promise<Uint8Array>,
): Promise<Buffer> {
  if (body instanceof Readable) {
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      body.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      body.once('error', reject);
    });
  }
  if (body === undefined || body === null) return Buffer.alloc(0);
  const bytes = body instanceof Uint8Array ? body : await streamCollector(body as never);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The SDK's recursion-detection middleware (X-Ray trace headers inside AWS Lambda), run on the
 * request as the SDK runs it; outside Lambda it adds nothing, so it is skipped there.
 */
async function addLambdaTraceHeaders(setup: LeanSetup, request: LeanHttpRequest): Promise<void> {
  const middleware = setup.sdk.recursionDetectionMiddleware();
  await middleware(
    () => Promise.resolve({ output: {}, response: {} }),
    {},
  )({
    input: {},
    request,
  });
}
