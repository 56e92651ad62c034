import type { Server } from 'node:http';
import type { SqsServerDashboardOptions } from '../dashboard/dashboard-options.interface';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { SqsServerCredentials } from './auth/sigv4-verifier';
import type { SqsServerTimeouts } from './http/server-timeouts';

/** Where the server writes what it does; every method is optional in spirit, so no-ops are fine. */
export interface SqsServerLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Options of {@link startSqsServer}. */
export interface SqsServerOptions {
  /** The emulator to serve. Default: a new one with `region`, `accountId` and `strict`. */
  emulator?: SqsEmulator;
  /** Interface to listen on. Default `127.0.0.1` (use `0.0.0.0` inside containers). */
  host?: string;
  /** Port; `0` picks a free one (read it from the handle). Default `9324`, ElasticMQ's. */
  port?: number;
  /**
   * Origin of the queue URLs in responses, e.g. `http://sqs.local:9324`. Default: the origin the
   * client used (its `Host` header), so URLs work from inside and outside a container.
   */
  baseUrl?: string;
  /** Region of the emulator created when none is given. Default `us-east-1`. */
  region?: string;
  /** Account id of the emulator created when none is given. Default `000000000000`. */
  accountId?: string;
  /** `strict` of the emulator created when none is given (the 60-second rules). */
  strict?: boolean;
  /** Largest request body accepted, in bytes. Default 4 MiB (see `DEFAULT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
  /**
   * Access keys whose AWS Signature V4 the server verifies on every SQS request, answering
   * `InvalidClientTokenId` / `SignatureDoesNotMatch` as SQS does. Default: none, and then any
   * signature (or none) is accepted. With keys, the `/_emulator/` inspection API wants a SigV4
   * signature or the key and secret as HTTP Basic (all but `/_emulator/health`), and the
   * dashboard asks the browser for them (HTTP Basic: sent as they are, so use TLS, e.g. a reverse
   * proxy, when the browser is on another machine).
   */
  credentials?: readonly SqsServerCredentials[];
  /**
   * Host names (no port) the server answers to besides loopback ones (`localhost`,
   * `127.0.0.1`, `[::1]`), the `host` it listens on (unless a wildcard) and the `baseUrl`'s; any
   * other `Host` gets `AccessDenied` (403) on every route, so that a web page cannot reach the
   * server by DNS rebinding. `'*'`: any name (the check off). In a container, list the names
   * other containers use (e.g. `['sqs']`); the host machine's `localhost` works as it is.
   */
  allowedHosts?: readonly string[] | '*';
  /**
   * Browser origins (e.g. `https://admin.example.com`) allowed to send requests besides the
   * server's own. Requests with another `Origin`, or with `Sec-Fetch-Site: cross-site` or
   * `same-site`, are refused with `AccessDenied`; SDKs and the aws CLI send neither header. No
   * CORS header is sent either way.
   */
  allowedOrigins?: readonly string[];
  /**
   * How long the server waits on slow clients (headers, whole request, idle connections);
   * the defaults are `DEFAULT_SQS_SERVER_TIMEOUTS`.
   */
  timeouts?: SqsServerTimeouts;
  /** Receives one debug line per request, and warnings/errors. Default: silent. */
  logger?: SqsServerLogger;
  /**
   * Serves the web dashboard beside the emulator (`true`: at `/dashboard`). Off by default. It
   * answers the same host names as the rest (`allowedHosts`), takes actions from its own page
   * only, and with `credentials` asks the browser for an access key and its secret.
   */
  dashboard?: boolean | SqsServerDashboardOptions;
}

/** A running server. */
export interface SqsServerHandle {
  /**
   * Where the server listens, e.g. `http://127.0.0.1:9324` (the SDK's `endpoint`); wildcard hosts
   * show as `localhost`. Queue URLs in responses follow `baseUrl` when one is set.
   */
  readonly url: string;
  readonly host: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  readonly emulator: SqsEmulator;
  /** The dashboard's URL, when `dashboard` is on. */
  readonly dashboardUrl?: string;
  /** The underlying Node server. */
  readonly server: Server;
  /**
   * Stops accepting connections, answers open long polls with an empty result, lets the other
   * in-flight requests finish, then closes every connection. Idempotent.
   */
  close(): Promise<void>;
}
