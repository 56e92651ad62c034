/** A timer handle returned by a {@link Clock}. */
export interface ClockTimer {
  readonly dueAt: number;
}

/** How a timer bears on the process while it waits to fire. */
export interface ClockTimerOptions {
  /**
   * Keep the process alive until it fires, as pending I/O does: for a timer somebody awaits
   * (a long poll's end, a consumer's next poll). Others never hold a process open.
   */
  readonly keepAlive?: boolean;
}

/**
 * The emulator's source of time. Every time-based rule (visibility, delay, retention, dedup
 * window, long-poll timeout, move-task rate) reads `now()` and schedules through `setTimer`, so a
 * {@link ManualClock} can move all of them at once.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now (by this clock). */
  setTimer(callback: () => void, ms: number, options?: ClockTimerOptions): ClockTimer;
  clearTimer(timer: ClockTimer): void;
}
