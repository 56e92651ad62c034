import type { SQSClient } from '@aws-sdk/client-sqs';
import type * as AwsCoreClient from '@aws-sdk/core/client';
import type * as AwsCoreAuth from '@aws-sdk/core/httpAuthSchemes';
import type * as SmithyChecksum from '@smithy/core/checksum';
import type * as SmithyClient from '@smithy/core/client';
import type * as SmithyEndpoints from '@smithy/core/endpoints';
import type * as SmithyProtocols from '@smithy/core/protocols';
import type * as SmithyRetry from '@smithy/core/retry';
import type * as SmithySchema from '@smithy/core/schema';
import type * as SmithySerde from '@smithy/core/serde';
import { createRequire } from 'node:module';

/**
 * The pieces of the SDK the lean transport runs (classes, middleware, codecs), taken from the
 * very copies `@aws-sdk/client-sqs` runs. A package of ours importing `@aws-sdk/core` or
 * `@smithy/core` could get another copy than the client's (npm installs two when the ranges
 * differ), and the client's objects would then fail `instanceof` against ours; so they are
 * required from the client's own location instead, and this package does not depend on them.
 *
 * They are internals: a newer SDK may move or drop one. Loading checks that every one is there
 * and throws a {@link LeanInternalError} naming what is not, so the caller can send that client's
 * calls through the SDK instead. The types here are the package's own (or `@aws-sdk/client-sqs`'s),
 * so its published declarations name no package it does not depend on.
 */

/** The client's resolved configuration. */
export type SqsClientConfig = SQSClient['config'];

/** An endpoint as the SDK's endpoint resolution returns it. */
export type LeanEndpoint = ReturnType<SqsClientConfig['endpointProvider']>;

/** A scheme's signer (`AwsSdkSigV4Signer` for `aws.auth#sigv4`), with its clock-skew handlers. */
export type LeanSigner = SqsClientConfig['httpAuthSchemes'][number]['signer'];

/** The client's logger. */
export type LeanLogger = SqsClientConfig['logger'];

/** An HTTP request as the SDK's signers and request handlers take it (`HttpRequest`). */
export interface LeanHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  fragment?: string;
  username?: string;
  password?: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** An HTTP response as the SDK's request handlers give it (`HttpResponse`). */
export interface LeanHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** What the SDK's schema code says of a shape (`NormalizedSchema`), as the lean shapes read it. */
export interface LeanSchemaView {
  getMergedTraits(): { readonly mediaType?: unknown; readonly sparse?: unknown };
  getName(): string | undefined;
  isIdempotencyToken(): boolean;
  isUnitSchema(): boolean;
  isStringSchema(): boolean;
  isBlobSchema(): boolean;
  isBooleanSchema(): boolean;
  isNumericSchema(): boolean;
  isBigIntegerSchema(): boolean;
  isBigDecimalSchema(): boolean;
  isListSchema(): boolean;
  isMapSchema(): boolean;
  isStructSchema(): boolean;
  isUnionSchema(): boolean;
  getValueSchema(): LeanSchemaView;
  structIterator(): Iterable<readonly [string, LeanSchemaView]>;
}

/** An operation schema as the SDK's protocols and log filter take it (`OperationSchema`). */
export interface LeanOperationSchema {
  readonly name: string;
  readonly input: unknown;
  readonly output: unknown;
}

/** A build-step handler, the next one a middleware calls. */
type BuildHandler = (args: {
  input: object;
  request: unknown;
}) => Promise<{ output: object; response: unknown }>;

/** A build-step middleware as the SDK's user-agent and recursion-detection ones are. */
type BuildMiddleware = (next: BuildHandler, context: object) => BuildHandler;

/**
 * What the lean transport uses of the SDK. Methods are declared as methods, so the assignment
 * in {@link loadLeanSdk} checks each against the SDK's own declaration.
 */
export interface LeanSdk {
  /** `@smithy/core/protocols` */
  readonly HttpRequest: new (options: Partial<LeanHttpRequest>) => LeanHttpRequest;
  readonly HttpResponse: new (options: LeanHttpResponse) => LeanHttpResponse;
  /** `@smithy/core/endpoints` */
  getEndpointFromInstructions(
    input: object,
    instructions: object,
    config: object,
    context: object,
  ): Promise<LeanEndpoint>;
  /** `@aws-sdk/core/client` */
  userAgentMiddleware(config: SqsClientConfig): BuildMiddleware;
  recursionDetectionMiddleware(): BuildMiddleware;
  /** `@aws-sdk/core/httpAuthSchemes` */
  readonly AwsSdkSigV4Signer: new () => LeanSigner;
  /** `@smithy/core/client`: the no-op logger, the log filter, and the client's own `send`. */
  readonly NoOpLogger: new () => LeanLogger;
  schemaLogFilter(schema: unknown, data: unknown): unknown;
  readonly clientSend: unknown;
  /** `@smithy/core/retry` */
  isThrottlingError(error: object): boolean;
  isTransientError(error: object): boolean;
  isServerError(error: object): boolean;
  getRetryAfterHint(response: unknown): Date | undefined;
  /** `@smithy/core/serde` */
  fromBase64(input: string): Uint8Array;
  toBase64(input: Uint8Array): string;
  toUint8Array(input: string): Uint8Array;
  toHex(input: Uint8Array): string;
  v4(): string;
  /** `@smithy/core/schema` */
  readonly NormalizedSchema: { of(schema: unknown): LeanSchemaView };
  operation(
    namespace: string,
    name: string,
    traits: unknown,
    input: unknown,
    output: unknown,
  ): LeanOperationSchema;
  /** `@smithy/core/checksum`: the client's default MD5 (native when Node has it), and the JS one. */
  readonly Md5: unknown;
  readonly Md5Js: unknown;
}

/** A failure of the SDK's internals (not of the client's configuration): the SDK path works. */
export class LeanInternalError extends Error {}

/** What {@link loadLeanSdk} made of the SDK, once per process. */
let loaded: LeanSdk | LeanInternalError | undefined;

/**
 * The SDK's pieces the lean transport uses, from `@aws-sdk/client-sqs`'s own dependencies;
 * throws a {@link LeanInternalError} when one is missing.
 */
export function loadLeanSdk(): LeanSdk {
  loaded ??= tryLoad();
  if (loaded instanceof LeanInternalError) throw loaded;
  return loaded;
}

function tryLoad(): LeanSdk | LeanInternalError {
  try {
    return load();
  } catch (error) {
    return error instanceof LeanInternalError
      ? error
      : new LeanInternalError(`cannot load the SDK's internals: ${describeError(error)}`);
  }
}

function load(): LeanSdk {
  // Resolved as the client resolves its own dependencies: from its own directory up.
  const sdkRequire = createRequire(require.resolve('@aws-sdk/client-sqs'));
  const from = <T>(id: string): T => sdkRequire(id) as T;
  const protocols = from<typeof SmithyProtocols>('@smithy/core/protocols');
  const endpoints = from<typeof SmithyEndpoints>('@smithy/core/endpoints');
  const awsClient = from<typeof AwsCoreClient>('@aws-sdk/core/client');
  const auth = from<typeof AwsCoreAuth>('@aws-sdk/core/httpAuthSchemes');
  const client = from<typeof SmithyClient>('@smithy/core/client');
  const retry = from<typeof SmithyRetry>('@smithy/core/retry');
  const serde = from<typeof SmithySerde>('@smithy/core/serde');
  const schema = from<typeof SmithySchema>('@smithy/core/schema');
  const checksum = from<typeof SmithyChecksum>('@smithy/core/checksum');
  const sdk: LeanSdk = {
    HttpRequest: protocols.HttpRequest,
    HttpResponse: protocols.HttpResponse,
    getEndpointFromInstructions: endpoints.getEndpointFromInstructions,
    userAgentMiddleware: awsClient.userAgentMiddleware,
    recursionDetectionMiddleware: awsClient.recursionDetectionMiddleware,
    AwsSdkSigV4Signer: auth.AwsSdkSigV4Signer,
    NoOpLogger: client.NoOpLogger,
    schemaLogFilter: client.schemaLogFilter,
    // Optional chaining: a missing class is reported below with the rest, by name.
    clientSend: (client.Client as Partial<typeof client.Client> | undefined)?.prototype?.send,
    isThrottlingError: retry.isThrottlingError,
    isTransientError: retry.isTransientError,
    isServerError: retry.isServerError,
    getRetryAfterHint: retry.getRetryAfterHint,
    fromBase64: serde.fromBase64,
    toBase64: serde.toBase64,
    toUint8Array: serde.toUint8Array,
    toHex: serde.toHex,
    v4: serde.v4,
    NormalizedSchema: schema.NormalizedSchema,
    operation: schema.operation,
    Md5: checksum.Md5,
    Md5Js: checksum.Md5Js,
  };
  // The compiler checked the names and types against this SDK's declarations; at run time an
  // installed SDK may still differ from them.
  const missing = Object.entries(sdk)
    .filter(([, value]) => typeof value !== 'function')
    .map(([name]) => (name === 'clientSend' ? 'Client.prototype.send' : name));
  if (missing.length > 0) {
    throw new LeanInternalError(`the installed SDK has no ${missing.join(', ')}`);
  }
  return sdk;
}

/** An error's message, or what was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The warning a client whose lean transport is off logs, once. */
export function LEAN_TRANSPORT_OFF(reason: string): string {
  return (
    `nestjs-sqs-kit: awsTransport: 'lean' is off for this SQSClient; its calls all go through ` +
    `the SDK, as with awsTransport: 'sdk'. Reason: ${reason}. The installed @aws-sdk/client-sqs ` +
    `may have changed something the lean transport relies on: please report it with its version.`
  );
}

/**
 * Where the client's warnings go, by the SDK's own rule (`queueUrlMiddleware`): its logger,
 * unless that is the default no-op one or has no `warn`, else the console.
 */
export function warnerOf(
  logger: LeanLogger | undefined,
  sdk: LeanSdk | undefined,
): { warn(message: unknown): void } {
  const noOp = sdk
    ? logger instanceof sdk.NoOpLogger
    : // Without the SDK's class to compare with, by its name.
      logger?.constructor.name === 'NoOpLogger';
  return !logger || noOp || typeof logger.warn !== 'function' ? console : logger;
}
