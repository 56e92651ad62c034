import type { Clock, ClockTimer, ClockTimerOptions } from './clock.interface';

interface SystemTimer extends ClockTimer {
  handle: ReturnType<typeof setTimeout>;
}

/**
 * Wall-clock time and Node timers. Timers are unref'd, so housekeeping never keeps a process
 * alive, except those set with `keepAlive`.
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(callback: () => void, ms: number, options?: ClockTimerOptions): ClockTimer {
    const handle = setTimeout(callback, Math.max(0, ms));
    if (!options?.keepAlive) handle.unref?.();
    const timer: SystemTimer = { dueAt: Date.now() + ms, handle };
    return timer;
  }

  clearTimer(timer: ClockTimer): void {
    clearTimeout((timer as SystemTimer).handle);
  }
}
