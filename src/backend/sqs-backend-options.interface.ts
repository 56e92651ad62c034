import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { Clock } from '../clock/clock.interface';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { SqsEmulatorOptions } from '../emulator/sqs-emulator-options.interface';
import type { SqsClientLike } from '../interfaces/sqs-queue-options.interface';
import type { SqsPort } from '../port/sqs-port.interface';

/**
 * Where SQS calls go: `memory` (the emulator, in-process), `aws` (a new `SQSClient` from
 * `aws`), a ready SQSClient-like object, or any {@link SqsPort}.
 */
export type SqsBackendOption = 'memory' | 'aws' | SqsClientLike | SqsPort;

/** How the `aws` backend carries its calls: see {@link SqsBackendOptions.awsTransport}. */
export type SqsAwsTransport = 'sdk' | 'lean';

/** The module options that pick and build its backend (part of `SqsModuleOptions`). */
export interface SqsBackendOptions {
  /** Where SQS calls go. See {@link SqsBackendOption}. */
  readonly backend: SqsBackendOption;
  /** `SQSClient` config for `backend: 'aws'` (region, endpoint, credentials…). */
  readonly aws?: SQSClientConfig;
  /**
   * How `backend: 'aws'` carries its calls (ignored by the other backends). Default `'sdk'`.
   *
   * - `'sdk'`: every call is an `@aws-sdk/client-sqs` command sent through the `SQSClient`.
   * - `'lean'`: the calls consumers and producers make all the time — `ReceiveMessage`,
   *   `DeleteMessage[Batch]`, `ChangeMessageVisibility[Batch]`, `SendMessage[Batch]` — skip the
   *   SDK's per-call middleware stack and schema serde (most of a busy consumer's CPU: about a
   *   third of the SDK path's, by `npm run bench:lean`), yet still use the same client's
   *   credential provider chain, SigV4 signer, endpoint resolution, HTTP handler, retry strategy
   *   and error deserializer, and check MD5s as the SDK does. The requests are the SDK's, byte
   *   for byte; results and errors have the SDK's shapes. Every other action, and any input the
   *   lean path does not model, goes through the SDK. It also applies to the clients built for
   *   queues' own `aws` configs; a queue's ready `client` is always used as given.
   *
   * What is attached to the client is honoured by leaving its calls to the SDK: a client whose
   * `send` is not the SDK's own (stubbed by aws-sdk-client-mock or `jest.spyOn`, on the client
   * or on `SQSClient.prototype`), whose middleware stack differs from a stock `SQSClient`'s
   * (middleware added after its first call is noticed within a second), or whose
   * `aws.auth#sigv4` signer is not exactly the SDK's `AwsSdkSigV4Signer` (a subclass, say) sends
   * every call through the SDK, for as long as that lasts. What `'lean'` leaves out:
   * instrumentations that patch the SDK's shared code in place rather than the client (such as
   * OpenTelemetry's) do not see these calls; the module's own tracing does. The endpoint is
   * resolved once per client; the signer again when `credentials` or `signer` is assigned to the
   * client's config.
   *
   * It never stops an application: the lean modules load only when `'lean'` is chosen, and if
   * the installed SDK's internals are not what it expects (a schema, class or function moved, or
   * its requests would differ from the SDK's, checked once per client), it logs one warning
   * (through the client's `logger`, else `console.warn`) and sends that client's calls through
   * the SDK. The client's own configuration errors (no region, a bad endpoint) reach the caller
   * as the SDK's own errors.
   *
   * @example
   * SqsModule.forRoot({ backend: 'aws', aws: { region: 'eu-west-1' }, awsTransport: 'lean', queues })
   */
  readonly awsTransport?: SqsAwsTransport;
  /**
   * The in-memory emulator for `backend: 'memory'`: its options, or a ready instance (so tests and
   * the HTTP server can share it). Default: a new emulator on the module's clock.
   *
   * With `persistence: { dir }` in the options, the queues and messages live in that directory
   * too and survive app restarts and crashes; the module opens it at start-up and closes it on
   * shutdown (after the consumers' last deletes). A ready instance is the caller's to close.
   *
   * @example
   * SqsModule.forRoot({ backend: 'memory', emulator: { persistence: { dir: '.sqs-data' } }, queues })
   */
  readonly emulator?: SqsEmulator | SqsEmulatorOptions;
  /**
   * Time source of the consumers' timers (backoff, heartbeat, timeouts). Default: the emulator's
   * clock on `memory`, else a `SystemClock`.
   */
  readonly clock?: Clock;
}
