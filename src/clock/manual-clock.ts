import type { Clock, ClockTimer } from './clock.interface';

interface ManualTimer extends ClockTimer {
  readonly seq: number;
  callback: (() => void) | undefined;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires every timer that falls due, in due
 * order, each with `now()` set to its due time, so a test can skip 30 s without waiting.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  /** @param start epoch milliseconds to start at (default: the real time at construction). */
  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, ms: number): ClockTimer {
    const timer: ManualTimer = { dueAt: this.current + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return timer;
  }

  clearTimer(timer: ClockTimer): void {
    const t = timer as ManualTimer;
    t.callback = undefined;
    const i = this.timers.indexOf(t);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Moves time forward by `ms`, firing due timers in order (timers they set are fired too). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance needs ms >= 0, got ${ms}`);
    this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `epochMs` (never backwards), firing due timers in order. */
  advanceTo(epochMs: number): void {
    for (;;) {
      const next = this.nextDue();
      if (!next || next.dueAt > epochMs) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.current = Math.max(this.current, next.dueAt);
      const cb = next.callback;
      next.callback = undefined;
      cb?.();
    }
    this.current = Math.max(this.current, epochMs);
  }

  /**
   * Moves time to the earliest pending timer and fires it alone: timers due at the same moment
   * fire one call each, so whatever the first one sets off can run before the next. False when
   * no timer is pending.
   */
  fireNext(): boolean {
    const next = this.nextDue();
    if (!next) return false;
    this.timers.splice(this.timers.indexOf(next), 1);
    this.current = Math.max(this.current, next.dueAt);
    const cb = next.callback;
    next.callback = undefined;
    cb?.();
    return true;
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private nextDue(): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) {
      if (!best || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
