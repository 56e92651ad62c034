import type { SqsEmulator } from '../../src/emulator';
import type { ManualClock } from '../../src/clock';
import type { SqsPort } from '../../src/port/sqs-port.interface';

/**
 * One backend the conformance suite runs against. The cases talk only to `sqs`; the other fields
 * exist because every local target is an {@link SqsEmulator} on a {@link ManualClock}, and the cases
 * need to move time and to know when a long poll has reached the emulator.
 */
export interface ConformanceTarget {
  /** Shown in the top-level `describe` (e.g. `in-process`, `http-json`, `nest-aws-backend`). */
  readonly name: string;
  /** The SQS-shaped client under test: the emulator itself, an SDK client, the module's backend… */
  readonly sqs: SqsPort;
  /** The virtual clock of the emulator behind `sqs`; cases move time only through it. */
  readonly clock: ManualClock;
  /**
   * The emulator behind `sqs`. Cases use only `pendingReceives()`, to wait until a long poll sent
   * through `sqs` has arrived before they send or advance time.
   */
  readonly emulator: SqsEmulator;
  /** Releases what the factory opened (servers, clients). Called after every test. */
  close(): Promise<void>;
}

/** Options a case may ask of a factory. */
export interface TargetOptions {
  /** Build the emulator with `strict: true` (the 60-second PurgeQueue and re-create rules). */
  strict?: boolean;
}

/** Builds a fresh target (a fresh emulator with its own clock) for one test. */
export type TargetFactory = (opts: TargetOptions) => Promise<ConformanceTarget>;
