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

/** The module options that pick and build its backend (part of `SqsModuleOptions`). */
export interface SqsBackendOptions {
  /** Where SQS calls go. See {@link SqsBackendOption}. */
  readonly backend: SqsBackendOption;
  /** `SQSClient` config for `backend: 'aws'` (region, endpoint, credentials…). */
  readonly aws?: SQSClientConfig;
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
