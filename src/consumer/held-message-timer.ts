import type { Clock, ClockTimer } from '../clock/clock.interface';
import type { ReceivedMessage } from './received-message';

/**
 * One clock timer for a deadline kept on every held message (`dueOf`): it fires at the earliest
 * one, hands the messages that are due to `onDue` (which moves or clears their deadlines), and
 * re-arms for the next. The visibility heartbeat and the stuck-handler watch are each one of
 * these: no timer per message, and scheduling a newcomer costs one comparison.
 */
export class HeldMessageTimer {
  private timer: ClockTimer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly held: ReadonlyMap<string, ReceivedMessage>,
    private readonly dueOf: (m: ReceivedMessage) => number,
    private readonly onDue: (due: ReceivedMessage[], now: number) => void,
  ) {}

  /** Makes sure the timer fires no later than `at` (clock time; Infinity: never). */
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
    for (const m of this.held.values()) if (this.dueOf(m) <= now) due.push(m);
    if (due.length > 0) this.onDue(due, now);
    let next = Infinity;
    for (const m of this.held.values()) next = Math.min(next, this.dueOf(m));
    this.schedule(next);
  }
}
