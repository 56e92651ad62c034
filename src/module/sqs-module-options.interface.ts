import type {
  CanActivate,
  InjectionToken,
  ModuleMetadata,
  OptionalFactoryDependency,
  Provider,
  Type,
} from '@nestjs/common';
import type { SqsBackendOptions } from '../backend/sqs-backend-options.interface';
import type { SqsConsumerOptions } from '../interfaces/sqs-consumer-options.interface';
import type { SqsLogger } from '../interfaces/sqs-logger.interface';
import type { SqsQueueOptions } from '../interfaces/sqs-queue-options.interface';
import type { SqsTracingOptions } from '../interfaces/sqs-observability-options.interface';

export type { SqsClientLike } from '../interfaces/sqs-queue-options.interface';
export type { SqsBackendOption } from '../backend/sqs-backend-options.interface';

/**
 * Who may use the dashboard: a Nest guard (an instance, or a class resolved from the app), or a
 * function of the request (Express's or Fastify's request object, as a guard would see it).
 */
export type SqsDashboardGuard =
  CanActivate | Type<CanActivate> | ((request: never) => boolean | Promise<boolean>);

/** The web dashboard mounted in the application (`SqsModule.forRoot({ dashboard })`). */
export interface SqsDashboardOptions {
  /** Mounts the dashboard. Nothing is mounted unless this is true. */
  readonly enabled: boolean;
  /** URL path of the page (the API lives under `<path>/api/`). Default `/sqs`. */
  readonly path?: string;
  /** Shows everything, changes nothing: sends, redrives, deletes, purges and start/stop are off. */
  readonly readOnly?: boolean;
  /** Checked on every dashboard request (page, API, event stream); denied requests get 403. */
  readonly guard?: SqsDashboardGuard;
  /**
   * Origins allowed to post actions besides the request's own host, e.g.
   * `['https://admin.example.com']` behind a proxy that rewrites the Host header.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names the dashboard answers to (the Host header, any port); every route (page, API,
   * event stream) answers 403 to other names. This is what keeps a web page on another site out
   * when it points its own name at your machine (DNS rebinding): the browser then sends that
   * name as the Host, and the same-origin check alone would pass.
   *
   * Default: loopback names only (`localhost` and `*.localhost`, `127.0.0.1`, `[::1]`). A list
   * adds to them, e.g. `['admin.example.com', '10.0.0.5']` (names or IP addresses, no scheme or
   * port). `'*'` turns the check off: for a deployment where a `guard` or an authenticating
   * proxy decides who gets in.
   */
  readonly allowedHosts?: readonly string[] | '*';
  /** How often open pages get fresh counts. Default 1000 ms (GetQueueAttributes calls on `aws`). */
  readonly refreshIntervalMs?: number;
  /** Title of the page. Default `SQS dashboard`. */
  readonly title?: string;
}

/**
 * Options of `SqsModule.forRoot`: where SQS calls go (`backend`, `aws`, `emulator`, `clock`: see
 * {@link SqsBackendOptions}), and what the module declares and runs on them.
 */
export interface SqsModuleOptions extends SqsBackendOptions {
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
  /**
   * Log the body of each failed message, at debug level, after its failure line. Off by default:
   * bodies often hold personal data, and Nest's default logger prints debug lines.
   */
  readonly logMessageBodies?: boolean;
  /** A web dashboard of the queues and consumers, mounted in the app's HTTP server. Off by default. */
  readonly dashboard?: SqsDashboardOptions;
  /**
   * OpenTelemetry tracing (needs `@opentelemetry/api`): a span per send and per handler call,
   * with the trace context carried in each message. Default: on whenever a tracer provider is
   * registered; `false` turns it off.
   */
  readonly tracing?: boolean | SqsTracingOptions;
  /**
   * OpenTelemetry metrics (needs `@opentelemetry/api`): messages sent, received, processed,
   * failed and dead-lettered, durations and in-flight counts. Default: on whenever a meter
   * provider is registered at boot; `false` turns it off.
   */
  readonly metrics?: boolean;
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
