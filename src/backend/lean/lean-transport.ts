import type { SQSClient } from '@aws-sdk/client-sqs';
import { recursionDetectionMiddleware } from '@aws-sdk/core/client';
import { schemaLogFilter } from '@smithy/core/client';
import { HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { v4 } from '@smithy/core/serde';
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
import { readResponse, writeRequest } from './lean-serde';
import { resolveLeanSetup, type LeanRetryToken, type LeanSetup } from './lean-setup';
import type { LeanOperation } from './lean-shapes';

/**
 * One SQS call over the lean path: the body written by the lean serde, signed by the client's own
 * SigV4 signer, sent by the client's own request handler (its agents, timeouts and sockets),
 * retried by the client's own retry strategy, and read by the lean serde, with every unusual case
 * (an error response, a body the serde does not model) read by the SDK's own deserializer.
 *
 * What it skips is the SDK's per-call machinery: the middleware stack, the schema walk of every
 * input and output, the endpoint rules, the user agent, the auth-scheme selection. Those are
 * resolved once (`lean-setup.ts`) or replaced by the lean serde.
 */
export class LeanTransport {
  private setup: Promise<LeanSetup | undefined> | undefined;

  constructor(private readonly client: SQSClient) {}

  /**
   * Performs `op` with `input`, or hands it to `viaSdk` when the lean path does not reproduce it
   * (an input value the lean writer does not model, a client set up in a way it does not follow).
   */
  async call<O>(
    op: LeanOperation,
    input: object,
    signal: AbortSignal | undefined,
    viaSdk: () => Promise<O>,
  ): Promise<O> {
    const setup = await this.resolved();
    const json = setup ? writeRequest(op.input, input) : undefined;
    if (!setup || json === undefined) return viaSdk();
    const { config } = setup;
    // As the SDK's auth-scheme middleware does: credentials before the first attempt, so a
    // provider that fails does so once, unretried.
    const identity = await config.credentials();
    const to = setup.destination((input as { QueueUrl?: unknown }).QueueUrl);
    const body = Buffer.from(json, 'utf8');
    const request = new HttpRequest({
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
        'x-amz-target': op.target,
        'content-length': String(body.length),
      },
      body,
    });
    if (setup.inLambda) await addLambdaTraceHeaders(request);
    const output = setup.callLogger
      ? await this.logged(setup, op, input, () =>
          this.checked(setup, op, input, request, identity, signal),
        )
      : await this.checked(setup, op, input, request, identity, signal);
    // The output is what the SDK's deserializer makes of this action's result shape.
    return output as O;
  }

  /** The call with its retries, then the SDK's MD5 checks (outside the retries, as the SDK's). */
  private async checked(
    setup: LeanSetup,
    op: LeanOperation,
    input: object,
    request: HttpRequest,
    identity: unknown,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    const output = await this.withRetries(setup, op, request, identity, signal);
    if (setup.verifyMd5) verifyBodyDigests(op.action, input, output);
    return output;
  }

  /**
   * The SDK's logger middleware, for a client given a `logger`: every call's input, output and
   * `$metadata` at `info`, or its input and error at `error` (filtered by the schemas, as the SDK
   * filters them).
   */
  private async logged(
    setup: LeanSetup,
    op: LeanOperation,
    input: object,
    call: () => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    const logger = setup.callLogger;
    const names = { clientName: 'SQSClient', commandName: op.command };
    try {
      const output = await call();
      const { $metadata, ...rest } = output;
      logger?.info?.({
        ...names,
        input: schemaLogFilter(op.sdkOperation.input, input),
        output: schemaLogFilter(op.sdkOperation.output, rest),
        metadata: $metadata,
      });
      return output;
    } catch (error) {
      logger?.error?.({
        ...names,
        input: schemaLogFilter(op.sdkOperation.input, input),
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
    request: HttpRequest,
    identity: unknown,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    const strategy = setup.retryStrategy;
    let token: LeanRetryToken = await raceAbort(
      strategy.acquireInitialRetryToken(op.longPoll ? ':longpoll' : ''),
      signal,
    );
    let attempts = 0;
    let totalRetryDelay = 0;
    request.headers['amz-sdk-invocation-id'] = v4();
    for (;;) {
      try {
        request.headers['amz-sdk-request'] = `attempt=${attempts + 1}; max=${setup.maxAttempts}`;
        const output = await this.attempt(setup, op, request, identity, signal);
        strategy.recordSuccess(token);
        const metadata = output.$metadata as Record<string, unknown>;
        metadata.attempts = attempts + 1;
        metadata.totalRetryDelay = totalRetryDelay;
        return output;
      } catch (error) {
        const info = retryErrorInfo(error);
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
    request: HttpRequest,
    identity: unknown,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    const { config, signing } = setup;
    const props = signing.properties();
    const signed = await signing.sign(request, identity, props);
    let output: Record<string, unknown>;
    let response: HttpResponse;
    try {
      response = (await config.requestHandler.handle(signed, { abortSignal: signal })).response;
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
    response: HttpResponse,
  ): Promise<Record<string, unknown>> {
    const { config } = setup;
    try {
      const bytes = await collect(response.body, config.streamCollector);
      if (response.statusCode < 300) {
        const output = readResponse(op.output, bytes);
        if (output) {
          output.$metadata = metadataOf(response);
          return output;
        }
      }
      // Errors, and what the lean reader does not model, come out exactly as the SDK's.
      const copy = new HttpResponse({
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
async function addLambdaTraceHeaders(request: HttpRequest): Promise<void> {
  await recursionDetectionMiddleware()(() => Promise.resolve({ output: {}, response: {} }), {})({
    input: {},
    request,
  });
}
