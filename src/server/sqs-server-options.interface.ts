import type { Server } from 'node:http';
import type { SqsServerDashboardOptions } from '../dashboard/dashboard-options.interface';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { SqsServerCredentials } from './auth/sigv4-verifier';

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
   * signature (or none) is accepted. The read-only `/_emulator/` inspection API is not checked.
   */
  credentials?: readonly SqsServerCredentials[];
  /** Receives one debug line per request, and warnings/errors. Default: silent. */
  logger?: SqsServerLogger;
  /**
   * Serves the web dashboard beside the emulator (`true`: at `/dashboard`). Off by default. It
   * bypasses SQS request handling, so it needs no credentials: keep the server on localhost.
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
