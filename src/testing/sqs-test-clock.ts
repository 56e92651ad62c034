import { type ClockTimer } from '../clock/clock.interface';
import { ManualClock } from '../clock/manual-clock';

/**
 * The {@link ManualClock} of the testing kit. It also knows when its next timer is due, which
 * lets the harness step time from one due timer to the next, letting the work each one starts
 * run at the right virtual time (a retry received at 10 s fails at 10 s, not at the end of a
 * long `advance`).
 */
export class SqsTestClock extends ManualClock {
  private readonly live = new Set<ClockTimer>();

  /** @param start epoch milliseconds (or a date) to start at; default: the real time now. */
  constructor(start: number | Date = Date.now()) {
    super(typeof start === 'number' ? start : start.getTime());
  }

  override setTimer(callback: () => void, ms: number): ClockTimer {
    const timer = super.setTimer(() => {
      this.live.delete(timer);
      callback();
    }, ms);
    this.live.add(timer);
    return timer;
  }

  override clearTimer(timer: ClockTimer): void {
    this.live.delete(timer);
    super.clearTimer(timer);
  }

  /** When the earliest pending timer is due (epoch ms), or undefined if none is pending. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const timer of this.live) if (next === undefined || timer.dueAt < next) next = timer.dueAt;
    return next;
  }
}
