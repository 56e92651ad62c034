import type { LeanHttpResponse, LeanSdk } from './lean-sdk';

/**
 * The error shapes of the SDK's middleware, for the lean transport: what its deserializer, retry
 * and abort handling add to an error, restated where the SDK does not export the piece (each
 * function names the SDK code it follows), so a caller cannot tell which path failed.
 */

/** An error as the SDK's middleware sees it: any object, with the members it reads or adds. */
export type SdkLikeError = Error & {
  $metadata?: Record<string, unknown>;
  $response?: LeanHttpResponse;
  $responseBodyText?: string;
};

/**
 * The `$metadata` the SDK's protocol reads from a successful response: header names lowercased in
 * place first (`RpcProtocol.deserializeResponse`; Node's own HTTP client gives them so, another
 * request handler may not), then `HttpProtocol.deserializeMetadata`.
 */
export function metadataOf(response: LeanHttpResponse): Record<string, unknown> {
  const h = response.headers;
  for (const name of Object.keys(h)) {
    const lower = name.toLowerCase();
    if (lower !== name) {
      const value = h[name];
      delete h[name];
      h[lower] = value;
    }
  }
  return {
    httpStatusCode: response.statusCode,
    requestId: h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id'],
    extendedRequestId: h['x-amz-id-2'],
    cfId: h['x-amz-cf-id'],
  };
}

const DESERIALIZATION_HINT =
  'Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

/**
 * What the SDK's `schemaDeserializationMiddleware` does to an error thrown while reading a
 * response: the raw response as a hidden `$response`, and for an error the protocol did not
 * shape (bad JSON, a broken stream) a hint in the message and `$metadata` from the headers.
 */
export function asDeserializationError(error: unknown, response: LeanHttpResponse): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as SdkLikeError;
  Object.defineProperty(e, '$response', {
    value: response,
    enumerable: false,
    writable: false,
    configurable: false,
  });
  if (!('$metadata' in e)) {
    try {
      e.message += '\n  ' + DESERIALIZATION_HINT;
    } catch {
      // A frozen message stays as it is; the SDK only logs the hint then.
    }
    const entries = Object.entries(response.headers);
    const find = (pattern: RegExp) => entries.find(([k]) => pattern.test(k))?.[1];
    e.$metadata = {
      httpStatusCode: response.statusCode,
      requestId: find(/^x-[\w-]+-request-?id$/),
      extendedRequestId: find(/^x-[\w-]+-id-2$/),
      cfId: find(/^x-[\w-]+-cf-id$/),
    };
  }
  return e;
}

/** The retry middleware's `asSdkError`: whatever was thrown, as an Error. */
export function asSdkError(error: unknown): SdkLikeError {
  if (error instanceof Error) return error;
  if (error instanceof Object) return Object.assign(new Error(), error);
  if (typeof error === 'string') return new Error(error);
  return new Error(`AWS SDK error wrapper for ${String(error)}`);
}

/** The SDK's error classifiers (`@smithy/core/retry`). */
export type LeanErrorClassifiers = Pick<
  LeanSdk,
  'isThrottlingError' | 'isTransientError' | 'isServerError' | 'getRetryAfterHint'
>;

/** How a retry strategy is told about a failed attempt (`RetryErrorInfo`). */
export interface RetryErrorInfo {
  readonly error: unknown;
  readonly errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  readonly retryAfterHint?: Date;
}

/** The retry middleware's `getRetryErrorInfo`, on the SDK's own error classification. */
export function retryErrorInfo(error: unknown, sdk: LeanErrorClassifiers): RetryErrorInfo {
  // The classifiers only read members (name, code, $metadata, $retryable…): any object will do.
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkLikeError;
  const errorType = sdk.isThrottlingError(e)
    ? 'THROTTLING'
    : sdk.isTransientError(e)
      ? 'TRANSIENT'
      : sdk.isServerError(e)
        ? 'SERVER_ERROR'
        : 'CLIENT_ERROR';
  const retryAfterHint = sdk.getRetryAfterHint(e.$response);
  return retryAfterHint ? { error, errorType, retryAfterHint } : { error, errorType };
}

/** The retry middleware's abort error (`createAbortError`). */
export function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Error).name === 'AbortError';
}

/**
 * The retry middleware's `race`: `promise`, or an {@link abortError} as soon as `signal` aborts
 * (at once if it already has).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  let cleanup = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(abortError());
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
      cleanup = () => signal.removeEventListener('abort', onAbort);
    }
  });
  return Promise.race([promise, aborted]).finally(cleanup);
}
