import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type {
  InjectionToken,
  ModuleMetadata,
  OptionalFactoryDependency,
  Provider,
  Type,
} from '@nestjs/common';
import type { Clock } from '../emulator/clock';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { SqsEmulatorOptions } from '../emulator/sqs-emulator-options.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import type { SqsConsumerOptions } from './sqs-consumer-options.interface';
import type { SqsLogger } from './sqs-logger.interface';
import type { SqsQueueOptions } from './sqs-queue-options.interface';

/**
 * Anything with the SDK client's `send(command, { abortSignal })`: an `SQSClient`, or a wrapper
 * around one (tracing, retries).
 */
export interface SqsClientLike {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/**
 * Where SQS calls go: `memory` (the emulator, in-process), `aws` (a new `SQSClient` from
 * `aws`), a ready SQSClient-like object, or any {@link SqsPort}.
 */
export type SqsBackendOption = 'memory' | 'aws' | SqsClientLike | SqsPort;

/** Options of `SqsModule.forRoot`. */
export interface SqsModuleOptions {
  /** Where SQS calls go. See {@link SqsBackendOption}. */
  readonly backend: SqsBackendOption;
  /** `SQSClient` config for `backend: 'aws'` (region, endpoint, credentials…). */
  readonly aws?: SQSClientConfig;
  /**
   * The in-memory emulator for `backend: 'memory'`: its options, or a ready instance (so tests and
   * the HTTP server can share it). Default: a new emulator on the module's clock.
   */
  readonly emulator?: SqsEmulator | SqsEmulatorOptions;
  /**
   * Time source of the consumers' timers (backoff, heartbeat, timeouts). Default: the emulator's
   * clock on `memory`, else a `SystemClock`.
   */
  readonly clock?: Clock;
  /** Start consumers at boot. Default true. Overridable per queue and per handler. */
  readonly autoStartup?: boolean;
  /** Queues by logical name. */
  readonly queues: Readonly<Record<string, SqsQueueOptions>>;
  /** Consumer defaults for every queue. */
  readonly consumer?: SqsConsumerOptions;
  /** Message attribute carrying the message type, for routing. Default `messageType`. */
  readonly messageTypeAttribute?: string;
  /** How long shutdown waits for running handlers. Default 30000 ms. */
  readonly shutdownTimeoutMs?: number;
  /** Logger, or `false` for none. Default: Nest's `Logger` (context `SqsModule`). */
  readonly logger?: SqsLogger | false;
}

/** A class that builds the module options (`forRootAsync({ useClass })`). */
export interface SqsOptionsFactory {
  createSqsOptions(): SqsModuleOptions | Promise<SqsModuleOptions>;
}

/** Options of `SqsModule.forRootAsync`. */
export interface SqsModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory?: (...args: never[]) => SqsModuleOptions | Promise<SqsModuleOptions>;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useClass?: Type<SqsOptionsFactory>;
  useExisting?: Type<SqsOptionsFactory>;
  /** More providers for the options' module (e.g. what `useClass` needs). */
  extraProviders?: Provider[];
  /**
   * Logical queue names to register producers for. Not needed for queues injected with
   * `@InjectSqsProducer` (those register themselves); list any you inject by
   * `getProducerToken(name)` only.
   */
  producers?: readonly string[];
}
