import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { userAgentMiddleware } from '@aws-sdk/core/client';
import { NoOpLogger } from '@smithy/core/client';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { HttpRequest, type HttpResponse } from '@smithy/core/protocols';
import type { RetryErrorInfo } from './lean-errors';
import type { LeanOperation } from './lean-shapes';
import { LeanSigning } from './lean-signing';

/**
 * What the lean transport takes from an `SQSClient`, resolved once by the client's own code:
 * the endpoint (the SDK's endpoint rules, custom `endpoint`, `AWS_ENDPOINT_URL_SQS`), the region,
 * the SigV4 signer (with the client's credential provider chain), the retry strategy and its
 * maximum attempts, the user agent, and whether bodies are MD5-checked. Only where a call goes,
 * by its `QueueUrl`, is worked out per call (and cached).
 */

/** The client's resolved configuration. */
export type SqsClientConfig = SQSClient['config'];

/** An endpoint as the SDK's endpoint resolution returns it. */
export type LeanEndpoint = Awaited<ReturnType<typeof getEndpointFromInstructions>>;

/** The SDK's `aws.auth#sigv4` signer (`AwsSdkSigV4Signer`), with its clock-skew handlers. */
export type LeanSigner = SqsClientConfig['httpAuthSchemes'][number]['signer'];

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
    operation: LeanOperation['sdkOperation'],
    context: SqsClientConfig,
    response: HttpResponse,
  ): Promise<Record<string, unknown>>;
}

/** Everything resolved once per client. */
export interface LeanSetup {
  readonly config: SqsClientConfig;
  /** The client's protocol: reads error responses, and bodies the lean serde does not model. */
  readonly protocol: LeanResponseDeserializer;
  readonly signing: LeanSigning;
  readonly retryStrategy: LeanRetryStrategy;
  readonly maxAttempts: number;
  /** False when the client was built with `md5: false`. */
  readonly verifyMd5: boolean;
  /** Whether this runs inside AWS Lambda, where the SDK adds X-Ray trace headers. */
  readonly inLambda: boolean;
  /** The client's `logger`, unless it is the SDK's default no-op one (nothing to log then). */
  readonly callLogger: SqsClientConfig['logger'] | undefined;
  /** Where a call with this `QueueUrl` goes (cached per URL). */
  destination(queueUrl: unknown): LeanDestination;
}

const SIGV4 = 'aws.auth#sigv4';
/** Destinations kept per QueueUrl: a process talks to a handful of queues. */
const MAX_DESTINATIONS = 1_000;

function isResponseDeserializer(protocol: unknown): protocol is LeanResponseDeserializer {
  return typeof (protocol as Partial<LeanResponseDeserializer>).deserializeResponse === 'function';
}

function isRetryStrategyV2(strategy: unknown): strategy is LeanRetryStrategy {
  const s = strategy as Partial<LeanRetryStrategy> | undefined;
  return (
    typeof s?.acquireInitialRetryToken === 'function' &&
    typeof s.refreshRetryTokenForRetry === 'function' &&
    typeof s.recordSuccess === 'function'
  );
}

/**
 * Resolves what the lean transport needs from `client`, or undefined when the client is set up in
 * a way the transport does not reproduce (a legacy retry strategy, no SigV4 scheme): its calls
 * then all go through the SDK. Rejects with the SDK's own error when the client cannot resolve
 * (no region, a bad endpoint), as its first call through the SDK would.
 */
export async function resolveLeanSetup(client: SQSClient): Promise<LeanSetup | undefined> {
  const config = client.config;
  const signer = config.httpAuthSchemes.find((s) => s.schemeId === SIGV4)?.signer;
  const retryStrategy: unknown = await config.retryStrategy();
  const protocol: unknown = config.protocol;
  if (!signer || !isRetryStrategyV2(retryStrategy) || !isResponseDeserializer(protocol)) {
    return undefined;
  }
  // Every SQS command has the same endpoint parameters (region, FIPS, dual-stack, endpoint); the
  // SDK passes a copy of the config, which it may change (AWS_ENDPOINT_URL_SQS).
  const endpoint = await getEndpointFromInstructions(
    {},
    ReceiveMessageCommand,
    { ...config },
    {
      logger: config.logger,
    },
  );
  const region = await config.region();
  const maxAttempts = await config.maxAttempts();
  const identity = await config.credentials();
  const fixed = {
    ...(await userAgentHeaders(config, endpoint, signer, identity)),
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-query-mode': 'true',
  };
  const http2 = (config.requestHandler.metadata?.handlerProtocol ?? '').includes('h2');
  const own = destinationOf(endpoint.url, endpoint.headers, fixed, http2);
  // The SDK's queueUrlMiddleware: without a configured endpoint, a QueueUrl on another host than
  // the region's endpoint is sent to that host (it warns on every call; we warn once per host).
  const byQueueUrl = !config.endpoint && config.useQueueUrlAsEndpoint;
  const destinations = new Map<string, LeanDestination>();
  const warned = new Set<string>();
  const logger =
    config.logger instanceof NoOpLogger || !config.logger.warn ? console : config.logger;
  return {
    config,
    protocol,
    signing: await LeanSigning.resolve(config, signer, endpoint, region),
    retryStrategy,
    maxAttempts,
    verifyMd5: config.md5 !== false,
    inLambda: !!process.env.AWS_LAMBDA_FUNCTION_NAME,
    callLogger: config.logger instanceof NoOpLogger ? undefined : config.logger,
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
            found = destinationOf(origin, endpoint.headers, fixed, http2);
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
  fixed: Readonly<Record<string, string>>,
  http2: boolean,
): LeanDestination {
  const port = url.port ? Number(url.port) : undefined;
  const headers: Record<string, string> = { ...fixed };
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
 * The `user-agent` and `x-amz-user-agent` headers, made once by the SDK's own user-agent
 * middleware with what a call's context would hold (the endpoint, whether it was configured, the
 * credentials' source), instead of on every call.
 */
async function userAgentHeaders(
  config: SqsClientConfig,
  endpoint: LeanEndpoint,
  signer: LeanSigner,
  identity: Identity,
): Promise<Record<string, string>> {
  const request = new HttpRequest({ headers: {} });
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
  const middleware = userAgentMiddleware(config);
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
