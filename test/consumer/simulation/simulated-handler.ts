import type { ManualClock } from '../../../src/clock/manual-clock';
import type { SqsBatchResult, SqsMessage } from '../../../src/interfaces/sqs-message.interface';
import type { Invariants } from './invariants';
import type { Scenario } from './scenario';
import { SeededRandom } from './seeded-random';

interface Body {
  readonly k: number;
}

/**
 * The handler of a simulated run, single or batch. Each call draws how long it works, whether it
 * fails, whether it stops when its signal aborts, and (batch) which entries it reports failed;
 * the checks hear when it really starts and ends, whatever the consumer thinks.
 */
export class SimulatedHandler {
  /**
   * Draws for the handlers' own visibility changes: a stream of its own, so seeds whose handlers
   * never change visibility run as they did before handlers could.
   */
  private readonly visibilityRandom: SeededRandom;

  constructor(
    private readonly scenario: Scenario,
    private readonly clock: ManualClock,
    private readonly random: SeededRandom,
    private readonly checks: Invariants,
  ) {
    this.visibilityRandom = new SeededRandom(scenario.seed ^ 0x85ebca6b);
  }

  invoke(payload: SqsMessage<unknown> | SqsMessage<unknown>[]): Promise<unknown> {
    const messages = Array.isArray(payload) ? payload : [payload];
    const profile = this.scenario.handlers;
    const run = this.checks.runStarted(messages);
    const ks = messages.map((m) => (m.body as Body).k);
    if (this.random.chance(profile.syncThrow)) {
      this.checks.runEnded(run, false, new Set());
      throw new Error('handler threw synchronously');
    }
    const fails =
      ks.some((k) => this.scenario.messages[k].poison && !Array.isArray(payload)) ||
      this.random.chance(profile.fail);
    const reported = Array.isArray(payload) ? this.reportedFailures(messages) : new Set<number>();
    const duration = this.duration();
    const honours = this.random.chance(profile.honoursSignal);
    const stopDelayMs = this.random.int(0, 50);
    return new Promise<unknown>((resolve, reject) => {
      let done = false;
      const finish = (resolved: boolean, failedKs: ReadonlySet<number>, value?: unknown) => {
        if (done) return;
        done = true;
        this.checks.runEnded(run, resolved, failedKs);
        if (resolved) resolve(value);
        else reject(new Error(`simulated failure of #${ks.join(', #')}`));
      };
      const timer = this.clock.setTimer(() => {
        if (fails) return finish(false, new Set());
        if (reported.size === 0) return finish(true, reported);
        finish(true, reported, this.batchResult(messages, reported));
      }, duration);
      this.maybeChangeVisibility(messages, duration, () => done);
      if (!honours) return;
      const signal = messages[0].signal;
      const stop = () => {
        this.clock.clearTimer(timer);
        this.clock.setTimer(() => finish(false, new Set()), stopDelayMs);
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
  }

  /**
   * Some calls set one of their messages' visibility while they work, as a handler that knows it
   * needs longer does (or shorter: a few seconds, which the heartbeat must then keep up with).
   * The call goes on whether SQS accepted the change or not.
   */
  private maybeChangeVisibility(
    messages: readonly SqsMessage<unknown>[],
    duration: number,
    finished: () => boolean,
  ): void {
    const draw = this.visibilityRandom;
    if (!draw.chance(this.scenario.handlers.changeVisibility)) return;
    const message = messages[draw.int(0, messages.length - 1)];
    const seconds = draw.pick([1, 2, 5, 30]);
    const at = draw.int(0, Math.max(0, duration - 1));
    this.clock.setTimer(() => {
      if (finished()) return;
      this.checks.trace(
        `handler of #${(message.body as Body).k} sets its visibility to ${seconds} s`,
      );
      message.changeVisibility(seconds).catch(() => undefined);
    }, at);
  }

  /** How long a call works (ms); never exactly its timeout, where the outcome would be a tie. */
  private duration(): number {
    const p = this.scenario.handlers;
    const ms = this.random.chance(p.long)
      ? this.random.int(1_000, p.longMaxMs)
      : this.random.int(0, 300);
    return ms === this.scenario.timeoutMs ? ms + 1 : ms;
  }

  /** A batch call's failed entries: poison messages, and a random share of the others. */
  private reportedFailures(messages: readonly SqsMessage<unknown>[]): Set<number> {
    const failed = new Set<number>();
    const share = this.scenario.handlers.batchEntryFail;
    for (const m of messages) {
      const k = (m.body as Body).k;
      if (this.scenario.messages[k].poison || this.random.chance(share)) failed.add(k);
    }
    return failed;
  }

  /** Reports failures as messages or as ids, both of which the consumer accepts. */
  private batchResult(
    messages: readonly SqsMessage<unknown>[],
    failed: ReadonlySet<number>,
  ): SqsBatchResult {
    const byId = this.random.chance(0.5);
    return {
      failed: messages.filter((m) => failed.has((m.body as Body).k)).map((m) => (byId ? m.id : m)),
    };
  }
}
