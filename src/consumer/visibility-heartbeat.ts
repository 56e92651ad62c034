import type { Clock, ClockTimer } from '../emulator/clock';
import type { ReceivedMessage } from './received-message';

/**
 * One clock timer for all held messages: it fires at the earliest `nextBeatAt`, hands the
 * messages that are due to `onDue` (which extends them and moves their `nextBeatAt`), and re-arms
 * for the next one. Messages are received in time order with the same timeout, so a newcomer is
 * never due before the armed time and scheduling it costs one comparison.
 */
export class VisibilityHeartbeat {
  private timer: ClockTimer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly held: ReadonlyMap<string, ReceivedMessage>,
    private readonly onDue: (due: ReceivedMessage[], now: number) => void,
  ) {}

  /** Makes sure the timer fires no later than `at` (clock time). */
  schedule(at: number): void {
    if (at === Infinity) return;
    if (this.timer) {
      if (this.timer.dueAt <= at) return;
      this.clock.clearTimer(this.timer);
    }
    this.timer = this.clock.setTimer(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    const due: ReceivedMessage[] = [];
    for (const m of this.held.values()) if (m.nextBeatAt <= now) due.push(m);
    if (due.length > 0) this.onDue(due, now);
    let next = Infinity;
    for (const m of this.held.values()) if (m.nextBeatAt < next) next = m.nextBeatAt;
    this.schedule(next);
  }
}
