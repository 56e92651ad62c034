import type { Clock } from '../clock/clock.interface';
import type { Acknowledgements } from './acknowledgements';
import type { ConsumerReporter } from './consumer-reporter';
import { HeldMessageTimer } from './held-message-timer';
import type { HeldMessages } from './held-messages';
import { MAX_VISIBILITY_SECONDS, type ReceivedMessage } from './received-message';

/**
 * Keeps held messages invisible while their handlers run: at `fraction` of each message's
 * visibility timeout it asks SQS for another `visibilitySeconds`, up to SQS's 12 hours since the
 * receive. It goes on while anything is held, a stop or not: a handler a stop gave up on still
 * runs, and its message must not be delivered again meanwhile.
 */
export class VisibilityHeartbeat {
  private readonly timer: HeldMessageTimer;

  constructor(
    clock: Clock,
    held: HeldMessages,
    private readonly visibilitySeconds: number,
    private readonly fraction: number,
    private readonly acks: Acknowledgements,
    private readonly report: ConsumerReporter,
  ) {
    this.timer = new HeldMessageTimer(
      clock,
      held.map,
      (m) => m.nextBeatAt,
      (due, now) => this.extend(due, now),
    );
  }

  /** Makes sure `m`'s next beat (`m.nextBeatAt`) comes on time. */
  schedule(m: ReceivedMessage): void {
    this.timer.schedule(m.nextBeatAt);
  }

  stop(): void {
    this.timer.stop();
  }

  private extend(due: ReceivedMessage[], now: number): void {
    for (const m of due) {
      const heldSeconds = (now - m.receivedAt) / 1000;
      // Never shorter than what is left: a longer visibility the handler asked for stays (and a
      // shortening would count at once, cutting the retries of its delete short).
      const left = Math.ceil((m.visibleUntil - now) / 1000);
      const timeout = Math.min(
        Math.max(this.visibilitySeconds, left),
        Math.floor(MAX_VISIBILITY_SECONDS - heldSeconds),
      );
      if (timeout <= 0) {
        m.nextBeatAt = Infinity;
        this.report.heartbeatLimit(m);
        continue;
      }
      this.acks.extend(m, timeout);
      m.scheduleBeat(now, timeout, this.fraction);
      // Sooner while a shorter change of the handler is on its way (SQS may apply it any moment).
      m.beatWithChangesInFlight(now, this.fraction);
    }
  }
}
