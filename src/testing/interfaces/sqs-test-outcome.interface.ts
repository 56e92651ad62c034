import type { SqsMessage } from '../../interfaces/sqs-message.interface';

/**
 * What happened to a message: `processed` (a handler succeeded; the message is deleted),
 * `failed` (an attempt failed; it will be retried or dead-lettered), `dead-lettered` (SQS moved
 * it to the queue's dead-letter queue).
 */
export type SqsOutcomeKind = 'processed' | 'failed' | 'dead-lettered';

/**
 * One outcome of one message, as `harness.waitFor` resolves with it and `harness.outcomes`
 * lists it.
 *
 * @typeParam T the decoded body type.
 */
export interface SqsOutcome<T = unknown> {
  /** Logical queue name. */
  readonly queue: string;
  readonly outcome: SqsOutcomeKind;
  readonly messageId: string;
  /** The decoded body. */
  readonly body: T;
  /** The receive count of the attempt (for `dead-lettered`: of the last attempt). */
  readonly receiveCount: number;
  /** `ClassName.methodName` of the handler (undefined when no handler took the message). */
  readonly handler: string | undefined;
  /** `failed`: the error; `dead-lettered`: the error of the last failed attempt, if seen. */
  readonly error: unknown;
  /** `failed`: seconds until the message is visible again. */
  readonly retryDelaySeconds: number | undefined;
  /** When it happened, in virtual time. */
  readonly at: Date;
  /** `processed` and `failed`: the message as the handler received it. */
  readonly message: SqsMessage<T> | undefined;
}

/** Options of `harness.waitForIdle()`. */
export interface SqsWaitForIdleOptions {
  /** Real-time limit in ms. Default: the kit's `timeoutMs` (5000). */
  readonly timeoutMs?: number;
}

/** Options of `harness.waitFor(queue, predicate, options)`. */
export interface SqsWaitForOptions extends SqsWaitForIdleOptions {
  /** The outcome to wait for. Default `processed`. */
  readonly outcome?: SqsOutcomeKind;
  /**
   * Whether to move the virtual clock when nothing else can happen: to the next due timer — a
   * backoff or visibility timeout running out, a delay, a long poll's end — as often as needed.
   * Handlers still working hold time back; a handler that has not moved for about 0.2 s of real
   * time counts as stuck (it awaits something that never comes, or needs the clock) and does
   * not. Default true: a retry path completes without any `advance` call. False waits without
   * moving time.
   */
  readonly advanceClock?: boolean;
  /** Most virtual time to move while waiting, in ms. Default 24 hours. */
  readonly maxAdvanceMs?: number;
}
