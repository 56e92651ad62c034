import type { Message } from '@aws-sdk/client-sqs';
import type { SqsConsumerStatus } from '../../../src/consumer/sqs-consumer-config.interface';
import type { ManualClock } from '../../../src/emulator/clock';
import type { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { NetworkObserver } from './simulated-network';
import type { PlannedMessage, Scenario } from './scenario';

/** An invariant that did not hold. */
export class SimulationViolation extends Error {
  constructor(
    readonly invariant: string,
    detail: string,
    /** The message it is about, whose whole history a report shows. */
    readonly k?: number,
  ) {
    super(`${invariant}: ${detail}`);
    this.name = 'SimulationViolation';
  }
}

/** One handler call, as the handler itself lived it. */
interface Run {
  readonly id: number;
  readonly ks: readonly number[];
  /** Receipt handle of each message when the call began. */
  readonly receipts: readonly string[];
  readonly startAt: number;
  endAt?: number;
  /** Messages of the call that succeeded (resolved, not reported failed, within the timeout). */
  succeeded?: ReadonlySet<number>;
}

/** What a handler call receives from the consumer, as far as the ledger cares. */
export interface HandledMessage {
  readonly id: string;
  readonly receiptHandle: string;
}

/**
 * Ground truth of one simulated run, and the invariants checked against it. The handlers and the
 * network report what really happened (a call started, a call ended, a delete was asked for);
 * the ledger never trusts what the consumer says about itself.
 */
export class Ledger implements NetworkObserver {
  private readonly kById = new Map<string, number>();
  private readonly deliveries = new Map<string, { k: number; at: number }>();
  private readonly lastReceipt = new Map<number, string>();
  private readonly acked = new Set<string>();
  private readonly runsOf = new Map<number, Run[]>();
  private readonly running = new Map<number, Run>();
  private readonly runningK = new Map<number, Run>();
  private readonly runningGroup = new Map<string, Run>();
  private readonly succeeded = new Set<number>();
  private readonly deadLettered = new Set<number>();
  private readonly deliveredCount = new Map<number, number>();
  private readonly strandedCount = new Map<number, number>();
  /** Deliveries put back (visibility 0) without a handler call: SQS still counts the receive. */
  private readonly releasedUnstarted = new Map<number, number>();
  private readonly startedWith = new Set<string>();
  private readonly released = new Set<string>();
  /** Deliveries of a message the consumer still held (it warns: the visibility ran out). */
  private readonly adopted = new Map<number, number>();
  /** The first invariant that broke (the consumer may swallow what a handler or port throws). */
  violation: SimulationViolation | undefined;
  private inHandlers = 0;
  private nextRunId = 1;
  private stalledSince: number | undefined;
  private readonly givenUpRuns = new Set<number>();
  private givenUpReceives = 0;
  private readonly lines: string[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly clock: ManualClock,
    private readonly emulator: SqsEmulator,
    private readonly queueName: string,
    private readonly startedAt: number,
  ) {
    emulator.events.on((event) => {
      if (event.type === 'deadLettered') {
        const k = this.kById.get(event.messageId);
        if (k !== undefined) {
          this.deadLettered.add(k);
          this.trace(`#${k} moved to the dead-letter queue`);
        }
      }
    });
  }

  // ---- what happened ---------------------------------------------------------------------------

  sent(message: PlannedMessage, messageId: string): void {
    this.kById.set(messageId, message.k);
    this.trace(
      `send #${message.k}${message.group ? ` (${message.group}/${message.position})` : ''}`,
    );
  }

  delivered(messages: readonly Message[]): void {
    const now = this.clock.now();
    for (const m of messages) {
      const k = this.k(m.MessageId);
      this.deliveries.set(m.ReceiptHandle as string, { k, at: now });
      this.lastReceipt.set(k, m.ReceiptHandle as string);
      this.deliveredCount.set(k, (this.deliveredCount.get(k) ?? 0) + 1);
    }
    this.trace(
      `receive → [${messages
        .map((m) => `#${this.k(m.MessageId)} (rc ${m.Attributes?.ApproximateReceiveCount})`)
        .join(' ')}]`,
    );
  }

  stranded(messages: readonly Message[]): void {
    for (const m of messages) {
      const k = this.k(m.MessageId);
      this.strandedCount.set(k, (this.strandedCount.get(k) ?? 0) + 1);
    }
  }

  deleting(receiptHandles: readonly string[]): void {
    for (const r of receiptHandles) {
      this.acked.add(r);
      const delivery = this.deliveries.get(r);
      if (!delivery) {
        throw this.violate('delete only after success', `unknown receipt handle ${r}`);
      }
      const { k, at } = delivery;
      const earned = (this.runsOf.get(k) ?? []).some(
        (run) =>
          run.succeeded?.has(k) &&
          (run.receipts[run.ks.indexOf(k)] === r ||
            (run.startAt <= at && at <= (run.endAt as number))),
      );
      if (!earned) {
        throw this.violate(
          'delete only after success',
          `message #${k} is deleted (receipt delivered at ${this.t(at)}) but no handler call ` +
            `for it succeeded; its calls: ${this.describeRuns(k)}`,
          k,
        );
      }
    }
    this.trace(`delete [${receiptHandles.map((r) => `#${this.deliveries.get(r)?.k}`).join(' ')}]`);
  }

  changingVisibility(receiptHandles: readonly string[], seconds: readonly number[]): void {
    receiptHandles.forEach((r, i) => {
      const delivery = this.deliveries.get(r);
      if (seconds[i] === 0 && delivery && !this.startedWith.has(r) && !this.released.has(r)) {
        this.released.add(r);
        const k = delivery.k;
        if (!this.runningK.has(k)) {
          this.releasedUnstarted.set(k, (this.releasedUnstarted.get(k) ?? 0) + 1);
        }
      }
      this.acked.add(r);
    });
    this.trace(
      `visibility [${receiptHandles
        .map((r, i) => `#${this.deliveries.get(r)?.k}→${seconds[i]}s`)
        .join(' ')}]`,
    );
  }

  /** A handler call begins: checks concurrency, one run per message and FIFO order. */
  runStarted(messages: readonly HandledMessage[]): number {
    const { concurrency, fifo } = this.scenario;
    const ks = messages.map((m) => this.k(m.id));
    const run: Run = {
      id: this.nextRunId++,
      ks,
      receipts: messages.map((m) => m.receiptHandle),
      startAt: this.clock.now(),
    };
    this.trace(`handler starts [${ks.map((k) => `#${k}`).join(' ')}]`);
    if (this.inHandlers + ks.length > concurrency) {
      throw this.violate(
        'at most `concurrency` messages in handlers',
        `${this.inHandlers} messages are in handlers and a call with ${ks.length} more starts; ` +
          `concurrency is ${concurrency}`,
      );
    }
    for (const k of ks) {
      const other = this.runningK.get(k);
      if (other) {
        throw this.violate(
          'one run of a message at a time',
          `message #${k} starts again while its call from ${this.t(other.startAt)} still runs`,
          k,
        );
      }
    }
    if (fifo) this.checkFifoOrder(run);
    this.inHandlers += ks.length;
    this.running.set(run.id, run);
    for (const r of run.receipts) this.startedWith.add(r);
    for (const k of ks) {
      this.runningK.set(k, run);
      this.runsOf.set(k, [...(this.runsOf.get(k) ?? []), run]);
      const group = this.plan(k).group;
      if (group !== undefined) this.runningGroup.set(group, run);
    }
    return run.id;
  }

  /** A handler call settled: `succeeded` are the messages it did successfully. */
  runEnded(runId: number, resolved: boolean, reportedFailed: ReadonlySet<number>): void {
    const run = this.running.get(runId) as Run;
    const now = this.clock.now();
    const { timeoutMs } = this.scenario;
    const inTime = timeoutMs === undefined || now < run.startAt + timeoutMs;
    const succeeded = new Set(
      resolved && inTime ? run.ks.filter((k) => !reportedFailed.has(k)) : [],
    );
    run.endAt = now;
    run.succeeded = succeeded;
    for (const k of succeeded) this.succeeded.add(k);
    this.running.delete(runId);
    this.inHandlers -= run.ks.length;
    for (const k of run.ks) {
      this.runningK.delete(k);
      const group = this.plan(k).group;
      if (group !== undefined && this.runningGroup.get(group) === run)
        this.runningGroup.delete(group);
    }
    const outcome = !resolved ? 'threw' : inTime ? 'resolved' : 'resolved after its timeout';
    this.trace(`handler ends [${run.ks.map((k) => `#${k}`).join(' ')}]: ${outcome}`);
  }

  // ---- checks between steps --------------------------------------------------------------------

  /**
   * After every step: held messages within `concurrency`, and no stall — a running consumer with
   * a free slot and a message SQS would hand out has a receive open, or opens one within its
   * longest pause (backend retry backoff, or the empty-poll interval).
   */
  checkStep(status: SqsConsumerStatus, openReceives: number, lastReceiveActivityAt: number): void {
    const { concurrency, pollIntervalMs } = this.scenario;
    if (status.inFlight > concurrency) {
      throw this.violate(
        'at most `concurrency` messages held',
        `the consumer holds ${status.inFlight} messages; concurrency is ${concurrency}`,
      );
    }
    const now = this.clock.now();
    const idle =
      status.state === 'running' &&
      status.inFlight < concurrency &&
      openReceives === 0 &&
      this.receivable();
    if (!idle) {
      this.stalledSince = undefined;
      return;
    }
    const since = Math.max(this.stalledSince ?? now, lastReceiveActivityAt);
    this.stalledSince = since;
    if (now - since > MAX_BACKEND_BACKOFF_MS + pollIntervalMs) {
      throw this.violate(
        'no stall',
        `the consumer is running with ${concurrency - status.inFlight} free slot(s) and a ` +
          `message to receive, but has had no receive open since ${this.t(since)} ` +
          `(${now - since} ms)`,
      );
    }
  }

  /** The consumer warned that SQS delivered this message again while it held it. */
  redeliveredWhileHeld(messageId: string): void {
    const k = this.k(messageId);
    this.adopted.set(k, (this.adopted.get(k) ?? 0) + 1);
  }

  /** The consumer reported a stop giving up on its running handlers. */
  stopGaveUpOnRuns(): void {
    for (const k of this.runningK.keys()) this.givenUpRuns.add(k);
  }

  /** The consumer reported a stop giving up on receives still open. */
  stopGaveUpOnReceives(open: number): void {
    this.givenUpReceives = Math.max(this.givenUpReceives, open);
  }

  /**
   * When a stop resolves: nothing runs or is being received unless a stop reported giving up on
   * it, and every message held but not running went back to SQS (a visibility change or a
   * delete for its latest receipt handle was sent).
   */
  checkStopped(status: SqsConsumerStatus, openReceives: number): void {
    if (status.state !== 'stopped') return; // started again before the stop's callers resumed
    for (const k of this.runningK.keys()) {
      if (this.givenUpRuns.has(k)) continue;
      throw this.violate(
        'a stop ends what it holds',
        `stop() resolved while #${k} is in its handler, and no stop reported giving up on it`,
        k,
      );
    }
    if (openReceives > this.givenUpReceives) {
      throw this.violate(
        'a stop ends what it holds',
        `stop() resolved with ${openReceives} receive(s) open and no report of giving up`,
      );
    }
    if (status.inFlight > status.running) {
      throw this.violate(
        'a stop releases what has not started',
        `stop() resolved holding ${status.inFlight - status.running} message(s) that are not running`,
      );
    }
    for (const [k, receipt] of this.lastReceipt) {
      if (this.runningK.has(k) || this.acked.has(receipt)) continue;
      throw this.violate(
        'a stop releases what has not started',
        `message #${k} was delivered at ${this.t((this.deliveries.get(receipt) as { at: number }).at)} ` +
          `and stop() resolved without a delete or visibility change for it`,
        k,
      );
    }
  }

  /** At the end: every message succeeded or sits in the dead-letter queue, and was handled. */
  checkNothingLost(): void {
    const left = this.emulator.peekMessages(this.queueName, { limit: 10_000 });
    if (left.length > 0) {
      const ks = left.map((m) => `#${this.kById.get(m.messageId)} (${m.state})`);
      throw this.violate(
        'nothing lost',
        `after the healthy phase the queue still holds ${ks.join(', ')}`,
      );
    }
    for (const m of this.scenario.messages) {
      const { k } = m;
      if (!this.succeeded.has(k) && !this.deadLettered.has(k)) {
        throw this.violate(
          'nothing lost',
          `message #${k} is gone from the queue, never succeeded and is not in the dead-letter ` +
            `queue; its calls: ${this.describeRuns(k)}`,
          k,
        );
      }
      // SQS counts receives, not attempts: a message may reach the dead-letter queue untried
      // only if every delivery of it was put back unstarted (a stop, or behind a failed message
      // of its FIFO group), came back while the consumer still held it (which it warns about),
      // or never arrived (lost in transit).
      const runs = this.runsOf.get(k)?.length ?? 0;
      const delivered = this.deliveredCount.get(k) ?? 0;
      const excused = (this.releasedUnstarted.get(k) ?? 0) + (this.adopted.get(k) ?? 0);
      if (runs === 0 && !m.undecodable && excused < delivered) {
        throw this.violate(
          'each message handled at least once',
          `message #${k} was delivered ${delivered} time(s), put back unstarted or redelivered ` +
            `while held ${excused} time(s), and reached the dead-letter queue without a handler call`,
          k,
        );
      }
    }
  }

  /** Messages neither succeeded nor dead-lettered yet (the healthy phase runs until none). */
  unfinished(): number {
    let n = 0;
    for (const m of this.scenario.messages) {
      if (!this.succeeded.has(m.k) && !this.deadLettered.has(m.k)) n++;
    }
    return n;
  }

  get handlersRunning(): number {
    return this.inHandlers;
  }

  // ---- trace -----------------------------------------------------------------------------------

  trace(line: string): void {
    this.lines.push(`${this.t(this.clock.now())} ${line}`);
  }

  /** Every line of the run. */
  allLines(): string[] {
    return [...this.lines];
  }

  /**
   * For a failure report: the whole history of the message `k` (if any), then the run's last
   * lines, leaving out empty receives.
   */
  report(k: number | undefined): string[] {
    const tag = new RegExp(`#${k}\\b`);
    const history = k === undefined ? [] : this.lines.filter((l) => tag.test(l));
    const recent = this.lines.filter((l) => !l.endsWith('receive → []')).slice(-TRACE_LINES);
    return [
      ...(history.length ? [`history of #${k}:`, ...history, 'last events:'] : []),
      ...recent,
    ];
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private violate(invariant: string, detail: string, k?: number): SimulationViolation {
    const violation = new SimulationViolation(invariant, detail, k);
    this.violation ??= violation;
    return violation;
  }

  /**
   * Whether a receive would return a message now. FIFO: a group whose first message is visible
   * (SQS hands out a group's messages up to the first one in flight or delayed).
   */
  private receivable(): boolean {
    const messages = this.emulator.peekMessages(this.queueName, { limit: 10_000 });
    if (!this.scenario.fifo) return messages.some((m) => m.state === 'visible');
    const seen = new Set<string>();
    for (const m of messages) {
      const group = m.groupId ?? '';
      if (seen.has(group)) continue;
      if (m.state === 'visible') return true;
      seen.add(group);
    }
    return false;
  }

  private checkFifoOrder(run: Run): void {
    const inThisRun = new Set<number>();
    for (const k of run.ks) {
      const { group, position } = this.plan(k);
      const other = this.runningGroup.get(group as string);
      if (other) {
        throw this.violate(
          'one handler per FIFO group',
          `message #${k} of group ${group} starts while a call for #${other.ks.join(', #')} of the ` +
            `same group runs`,
          k,
        );
      }
      for (const earlier of this.scenario.messages) {
        if (earlier.group !== group || earlier.position >= position) continue;
        const done =
          this.succeeded.has(earlier.k) ||
          this.deadLettered.has(earlier.k) ||
          inThisRun.has(earlier.k);
        if (!done) {
          throw this.violate(
            'FIFO order',
            `message #${k} (${group}/${position}) starts before #${earlier.k} ` +
              `(${group}/${earlier.position}) succeeded or was dead-lettered`,
            k,
          );
        }
      }
      inThisRun.add(k);
    }
  }

  private describeRuns(k: number): string {
    const runs = this.runsOf.get(k) ?? [];
    if (runs.length === 0) return 'none';
    return runs
      .map(
        (r) =>
          `${this.t(r.startAt)}–${r.endAt === undefined ? 'running' : this.t(r.endAt)} ` +
          (r.endAt === undefined ? '' : r.succeeded?.has(k) ? 'succeeded' : 'failed'),
      )
      .join('; ');
  }

  private k(messageId: string | undefined): number {
    const k = this.kById.get(messageId ?? '');
    if (k === undefined) throw new Error(`The simulation does not know message ${messageId}`);
    return k;
  }

  private plan(k: number): PlannedMessage {
    return this.scenario.messages[k];
  }

  private t(at: number): string {
    return `t+${((at - this.startedAt) / 1000).toFixed(3)}s`;
  }
}

/** The consumer's longest pause after failed receives (`backendRetryDelayMs` caps at 30 s). */
const MAX_BACKEND_BACKOFF_MS = 30_000;
const TRACE_LINES = 40;
