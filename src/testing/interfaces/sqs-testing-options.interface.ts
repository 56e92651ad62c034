import type { SqsEmulatorOptions } from '../../emulator/sqs-emulator-options.interface';
import type { SqsLogger } from '../../interfaces/sqs-logger.interface';
import type { SqsModuleOptions } from '../../module/sqs-module-options.interface';

/** How the testing kit runs an application's SqsModule. */
export interface SqsTestingOptions {
  /** Virtual time the clock starts at (epoch ms or a date). Default: the real time at boot. */
  readonly startTime?: number | Date;
  /**
   * Options of the in-memory emulator (the kit supplies the clock). By default the region and
   * account id are taken from the application's `aws.region` and queue URLs/ARNs, so ARNs look
   * like production ones.
   */
  readonly emulator?: Omit<SqsEmulatorOptions, 'clock'>;
  /** The module's logger in tests, or `false` for none. Default: the application's. */
  readonly logger?: SqsLogger | false;
  /** Overrides the application's `autoStartup` (e.g. `false` to start consumers by hand). */
  readonly autoStartup?: boolean;
  /** Default real-time limit of `waitForIdle` and `waitFor`, in ms. Default 5000. */
  readonly timeoutMs?: number;
}

/**
 * Options of `SqsTestingModule.forRoot`: `SqsModule`'s, without the backend (always the
 * in-memory emulator on a virtual clock), plus the kit's.
 */
export type SqsTestingModuleOptions = Omit<
  SqsModuleOptions,
  'backend' | 'aws' | 'emulator' | 'clock' | 'logger' | 'autoStartup'
> &
  SqsTestingOptions;
