import { nextTurn, type RealDeadline, realPause } from './event-loop.util';
import type { SqsTestClock } from './sqs-test-clock';

/** Consecutive turns without change after which the system counts as quiet. */
const QUIET_TURNS = 2;
/** Most turns one `settle` takes (a handler awaiting real I/O may keep things moving). */
const MAX_SETTLE_TURNS = 1000;
/** Quiet turns after which a wait stops spinning and yields 1 ms of real time per turn. */
const SPIN_TURNS = 100;
/**
 * Quiet turns (about 1 ms of real time each after `SPIN_TURNS`) after which running handlers
 * count as stuck: waiting for something that needs the clock to move, or never comes.
 */
const STUCK_TURNS = SPIN_TURNS + 100;

/** What the driver observes between turns. */
export interface DriverProbe {
  /** Changes whenever anything moved (events, counts, timers, clock). */
  fingerprint(): string;
  /** Messages in handlers now (time does not jump under a handler that is still working). */
  runningHandlers(): number;
}

/** How a wait ends when its condition never holds. */
export interface WaitLimits {
  /** Real-time limit; none if undefined. */
  readonly deadline: RealDeadline | undefined;
  /** Move the clock to due timers when quiet, up to this virtual time; undefined: never. */
  readonly advanceUntil: number | undefined;
  /** The error when the deadline passes. */
  timedOut?(): Error;
  /** The error when the next due timer lies beyond `advanceUntil`. */
  budgetSpent?(): Error;
}

/**
 * Drives the application on its {@link SqsTestClock}: turns of the real event loop (never
 * wall-clock sleeps) to let promises and I/O run, and steps of virtual time from one due timer
 * to the next, so every timer fires at its own time with the consequences of the previous one
 * already settled.
 */
export class VirtualTimeDriver {
  constructor(
    private readonly clock: SqsTestClock,
    private readonly probe: DriverProbe,
  ) {}

  /** Fires the timers due now, then lets the event loop turn once. */
  async turn(): Promise<void> {
    this.clock.advance(0);
    await nextTurn();
  }

  /** Turns until nothing changes any more. */
  async settle(): Promise<void> {
    let last = this.probe.fingerprint();
    let quiet = 0;
    for (let i = 0; i < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; i++) {
      await this.turn();
      const now = this.probe.fingerprint();
      if (now === last) quiet++;
      else {
        quiet = 0;
        last = now;
      }
    }
  }

  /** Moves virtual time forward by `ms`, stopping at every due timer to let its work settle. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await this.settle();
    for (;;) {
      const next = this.clock.nextDueAt();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      await this.settle();
    }
    this.clock.advanceTo(target);
    await this.settle();
  }

  /**
   * Turns the event loop until `check` returns a value. When nothing moves, moves the clock to
   * the next due timer if `limits.advanceUntil` allows — at once when no handler runs, else once
   * the running handlers have not moved for a while (about 0.2 s of real time; from then on
   * those handlers count as stuck and do not hold time back, so a test that keeps one handler
   * waiting can still play out retries elsewhere).
   */
  async runUntil<R>(check: () => R | undefined, limits: WaitLimits): Promise<R> {
    let last = this.probe.fingerprint();
    let quiet = 0;
    let stuck = 0;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (limits.deadline?.expired) throw limits.timedOut?.() ?? new Error('Timed out');
      await this.turn();
      const now = this.probe.fingerprint();
      if (now !== last) {
        last = now;
        quiet = 0;
        continue;
      }
      quiet++;
      if (quiet < QUIET_TURNS) continue;
      const running = this.probe.runningHandlers();
      stuck = Math.min(stuck, running);
      if (running > stuck && quiet > STUCK_TURNS) stuck = running;
      if (limits.advanceUntil !== undefined && running <= stuck) {
        const next = this.clock.nextDueAt();
        if (next !== undefined) {
          if (next > limits.advanceUntil) {
            throw limits.budgetSpent?.() ?? new Error('Virtual time budget spent');
          }
          this.clock.advanceTo(next);
          quiet = 0;
          continue;
        }
      }
      // Nothing moves by itself: something awaits real I/O (or never comes). Stop spinning.
      if (quiet > SPIN_TURNS) await realPause(1);
    }
  }
}
