import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LeanClientCheck, sigv4SignerOf } from './lean-client-check';
import type { RetryErrorInfo } from './lean-errors';
import { bodyDigestOf, type BodyDigest } from './lean-md5';
import {
  describeError,
  LeanInternalError,
  loadLeanSdk,
  warnerOf,
  type LeanEndpoint,
  type LeanHttpResponse,
  type LeanOperationSchema,
  type LeanSdk,
  type LeanSigner,
  type SqsClientConfig,
} from './lean-sdk';
import { isRequestSerializer, writerDifference } from './lean-self-check';
import { leanOperations, type LeanOperations } from './lean-shapes';
import { LeanSigning } from './lean-signing';

/**
 * What the lean transport takes from an `SQSClient`, resolved once by the client's own code:
 * the endpoint (the SDK's endpoint rules, custom `endpoint`, `AWS_ENDPOINT_URL_SQS`), the region,
 * the SigV4 signer (with the client's credential provider chain), the retry strategy and its
 * maximum attempts, the user agent, and how bodies are MD5-checked. Only where a call goes, by
 * its `QueueUrl`, is worked out per call (and cached), and the user agent again when the
 * credentials' source changes.
 *
 * How a failed setup is read (`lean-transport.ts` acts on it): a {@link LeanInternalError} is the
 * SDK's internals failing (the client then uses the SDK for good); a {@link LeanProviderError} is
 * one of the client's own providers failing (region, credentials…), as the same call through the
 * SDK might; anything else may be either, and the SDK's answer to the same call tells which.
 */

export type { SqsClientConfig } from './lean-sdk';

/** A retry token as the SDK's retry strategies hand them out (`StandardRetryToken`). */
export interface LeanRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
  readonly $retryLog?: { readonly acquisitionDelay?: number };
}

/** The SDK's token-based retry strategy interface (`RetryStrategyV2`), as the transport uses it. */
export interface LeanRetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<LeanRetryToken>;
  refreshRetryTokenForRetry(token: LeanRetryToken, info: RetryErrorInfo): Promise<LeanRetryToken>;
  recordSuccess(token: LeanRetryToken): void;
}

/** Where one call goes: the request's URI parts and the headers every call there carries. */
export interface LeanDestination {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly fragment: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

/** The client's credentials, as its provider chain resolves them. */
type Identity = Awaited<ReturnType<SqsClientConfig['credentials']>>;

/** What the transport asks of the client's protocol (an `AwsJson1_0Protocol`). */
export interface LeanResponseDeserializer {
  deserializeResponse(
    operation: LeanOperationSchema,
    context: SqsClientConfig,
    response: LeanHttpResponse,
  ): Promise<Record<string, unknown>>;
}

/** Everything resolved once per client. */
export interface LeanSetup {
  readonly config: SqsClientConfig;
  /** The SDK's pieces the transport runs, from the client's own copy of the SDK. */
  readonly sdk: LeanSdk;
  /** The lean actions the client's SDK schemas allow. */
  readonly operations: LeanOperations;
  /** Whether the client is still as the SDK built it (see `lean-client-check.ts`). */
  readonly check: LeanClientCheck;
  /** The client's protocol: reads error responses, and bodies the lean serde does not model. */
  readonly protocol: LeanResponseDeserializer;
  readonly signing: LeanSigning;
  readonly retryStrategy: LeanRetryStrategy;
  readonly maxAttempts: number;
  /** The client's MD5 of a body; undefined when the client was built with `md5: false`. */
  readonly bodyDigest: BodyDigest | undefined;
  /** Whether this runs inside AWS Lambda, where the SDK adds X-Ray trace headers. */
  readonly inLambda: boolean;
  /** The client's `logger`, unless it is the SDK's default no-op one (nothing to log then). */
  readonly callLogger: SqsClientConfig['logger'] | undefined;
  /** Where a call with this `QueueUrl` goes (cached per URL). */
  destination(queueUrl: unknown): LeanDestination;
  /** The `user-agent` headers of a call signed with `identity` (cached per credential source). */
  userAgent(identity: unknown): Promise<Readonly<Record<string, string>>>;
}

/** One of the client's own providers failed (its region, credentials, retry settings). */
export class LeanProviderError extends Error {
  constructor(readonly error: unknown) {
    super(describeError(error));
  }
}

/** Headers every lean call carries, as the SDK's protocol writes them. */
const PROTOCOL_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amzn-query-mode': 'true',
};
const SIGV4 = 'aws.auth#sigv4';
/** Destinations kept per QueueUrl: a process talks to a handful of queues. */
const MAX_DESTINATIONS = 1_000;

function isResponseDeserializer(protocol: unknown): protocol is LeanResponseDeserializer {
  return (
    typeof (protocol as Partial<LeanResponseDeserializer> | undefined)?.deserializeResponse ===
    'function'
  );
}

function isRetryStrategyV2(strategy: unknown): strategy is LeanRetryStrategy {
  const s = strategy as Partial<LeanRetryStrategy> | undefined;
  return (
    typeof s?.acquireInitialRetryToken === 'function' &&
    typeof s.refreshRetryTokenForRetry === 'function' &&
    typeof s.recordSuccess === 'function'
  );
}

/** `provider()`, its failure a {@link LeanProviderError}. */
async function provided<T>(provider: () => Promise<T>): Promise<T> {
  try {
    return await provider();
  } catch (error) {
    throw new LeanProviderError(error);
  }
}

/**
 * Resolves what the lean transport needs from `client`, or undefined when the client is set up in
 * a way the transport does not reproduce (a legacy retry strategy, no SigV4 scheme): its calls
 * then all go through the SDK. Rejects as described at the top of this file.
 */
export async function resolveLeanSetup(client: SQSClient): Promise<LeanSetup | undefined> {
  const sdk = loadLeanSdk();
  const operations = leanOperations(sdk);
  const config = client.config;
  const signer = sigv4SignerOf(config);
  const protocol: unknown = config.protocol;
  if (!signer || !isResponseDeserializer(protocol)) return undefined;
  // The client's providers first: a failure of theirs is theirs, whatever runs them later.
  const retryStrategy: unknown = await provided(() => config.retryStrategy());
  if (!isRetryStrategyV2(retryStrategy)) return undefined;
  const region = await provided(() => config.region());
  const maxAttempts = await provided(() => config.maxAttempts());
  const identity = await provided(() => config.credentials());
  // Every SQS command has the same endpoint parameters (region, FIPS, dual-stack, endpoint); the
  // SDK passes a copy of the config, which it may change (AWS_ENDPOINT_URL_SQS).
  const endpoint = await sdk.getEndpointFromInstructions(
    {},
    ReceiveMessageCommand,
    { ...config },
    {
      logger: config.logger,
    },
  );
  const userAgent = userAgentCache(config, endpoint, signer, sdk);
  await userAgent(identity);
  if (isRequestSerializer(protocol)) {
    const difference = await writerDifference(protocol, operations, PROTOCOL_HEADERS, sdk);
    if (difference) {
      throw new LeanInternalError(`its requests would differ from the SDK's (${difference})`);
    }
  }
  const http2 = (config.requestHandler.metadata?.handlerProtocol ?? '').includes('h2');
  const own = destinationOf(endpoint.url, endpoint.headers, http2);
  // The SDK's queueUrlMiddleware: without a configured endpoint, a QueueUrl on another host than
  // the region's endpoint is sent to that host (it warns on every call; we warn once per host).
  const byQueueUrl = !config.endpoint && config.useQueueUrlAsEndpoint;
  const destinations = new Map<string, LeanDestination>();
  const warned = new Set<string>();
  const logger = warnerOf(config.logger, sdk);
  return {
    config,
    sdk,
    operations,
    check: new LeanClientCheck(client, sdk),
    protocol,
    signing: await LeanSigning.resolve(config, signer, endpoint, region),
    retryStrategy,
    maxAttempts,
    bodyDigest: bodyDigestOf(config.md5, sdk),
    inLambda: !!process.env.AWS_LAMBDA_FUNCTION_NAME,
    callLogger: config.logger instanceof sdk.NoOpLogger ? undefined : config.logger,
    userAgent,
    destination(queueUrl: unknown): LeanDestination {
      if (!byQueueUrl || typeof queueUrl !== 'string' || queueUrl === '') return own;
      let found = destinations.get(queueUrl);
      if (!found) {
        found = own;
        try {
          const origin = new URL(new URL(queueUrl).origin);
          if (origin.origin !== endpoint.url.origin) {
            if (!warned.has(origin.origin)) {
              warned.add(origin.origin);
              logger.warn(
                `QueueUrl=${queueUrl} differs from SQSClient resolved endpoint=${endpoint.url.toString()}, using QueueUrl host as endpoint.\n` +
                  'Set [endpoint=string] or [useQueueUrlAsEndpoint=false] on the SQSClient.',
              );
            }
            found = destinationOf(origin, endpoint.headers, http2);
          }
        } catch (error) {
          logger.warn(error);
        }
        if (destinations.size >= MAX_DESTINATIONS) destinations.clear();
        destinations.set(queueUrl, found);
      }
      return found;
    },
  };
}

/** The SDK's RPC request URI for an endpoint URL (`HttpProtocol.updateServiceEndpoint`). */
function destinationOf(
  url: URL,
  endpointHeaders: Record<string, string[]> | undefined,
  http2: boolean,
): LeanDestination {
  const port = url.port ? Number(url.port) : undefined;
  const headers: Record<string, string> = { ...PROTOCOL_HEADERS };
  for (const [name, values] of Object.entries(endpointHeaders ?? {})) {
    headers[name] = values.join(', ');
  }
  // hostHeaderMiddleware: `host`, or `:authority` over HTTP/2.
  headers[http2 ? ':authority' : 'host'] = url.hostname + (port !== undefined ? `:${port}` : '');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams.entries()) query[k] = v;
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port,
    // The JSON protocols post to the endpoint's path, with a trailing slash.
    path: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`,
    query,
    fragment: url.hash || undefined,
    username: url.username || undefined,
    password: url.password || undefined,
    headers,
  };
}

/**
 * The `user-agent` and `x-amz-user-agent` headers, made by the SDK's own user-agent middleware
 * with what a call's context would hold (the endpoint, whether it was configured, the
 * credentials' source), instead of on every call: again only when the credentials' source (their
 * `$source`, which the middleware reads) is another object, as after new credentials.
 */
function userAgentCache(
  config: SqsClientConfig,
  endpoint: LeanEndpoint,
  signer: LeanSigner,
  sdk: LeanSdk,
): (identity: unknown) => Promise<Readonly<Record<string, string>>> {
  let made: { readonly source: unknown; readonly headers: Record<string, string> } | undefined;
  return async (identity) => {
    const source = (identity as { $source?: unknown } | undefined)?.$source;
    if (made && made.source === source) return made.headers;
    const headers = await userAgentHeaders(config, endpoint, signer, identity as Identity, sdk);
    made = { source, headers };
    return headers;
  };
}

async function userAgentHeaders(
  config: SqsClientConfig,
  endpoint: LeanEndpoint,
  signer: LeanSigner,
  identity: Identity,
  sdk: LeanSdk,
): Promise<Record<string, string>> {
  const request = new sdk.HttpRequest({ headers: {} });
  const features: Record<string, string> = config.isCustomEndpoint
    ? { ENDPOINT_OVERRIDE: 'N' }
    : {};
  const context = {
    endpointV2: endpoint,
    __smithy_context: {
      features,
      selectedHttpAuthScheme: { httpAuthOption: { schemeId: SIGV4 }, identity, signer },
    },
  };
  const middleware = sdk.userAgentMiddleware(config);
  await middleware(
    () => Promise.resolve({ output: {}, response: {} }),
    context,
  )({
    input: {},
    request,
  });
  const headers: Record<string, string> = {};
  for (const name of ['user-agent', 'x-amz-user-agent']) {
    const value: unknown = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
