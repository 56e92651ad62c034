import type { Message } from '@aws-sdk/client-sqs';
import type { ManualClock } from '../../../src/clock/manual-clock';
import type { SqsEmulator } from '../../../src/emulator/sqs-emulator';
import type { PlannedMessage, Scenario } from './scenario';

/** One handler call, as the handler itself lived it. */
export interface Run {
  readonly id: number;
  readonly ks: readonly number[];
  /** Receipt handle of each message when the call began. */
  readonly receipts: readonly string[];
  readonly startAt: number;
  endAt?: number;
  /** Messages of the call that succeeded (resolved, not reported failed, within the timeout). */
  succeeded?: ReadonlySet<number>;
  /**
   * Batch calls on FIFO queues: succeeded messages behind a failed one of their group in the same
   * call, which go back rather than being deleted (or they would overtake it).
   */
  heldBack?: ReadonlySet<number>;
  /** Deliveries that arrived while the call ran and joined it (the consumer warns of each). */
  readonly adoptedReceipts: Set<string>;
}

/** A delete or visibility change the consumer sent for a receipt handle. */
export interface Ack {
  readonly at: number;
  readonly kind: 'delete' | 'visibility';
  readonly seconds: number;
}

/** What a handler call receives from the consumer, as far as the ledger cares. */
export interface HandledMessage {
  readonly id: string;
  readonly receiptHandle: string;
}

/**
 * The ground truth of one simulated run: what really happened, as the handlers and the network
 * report it (a call started, a call ended, a receive answered, a delete asked for). It never
 * trusts what the consumer says about itself; the invariants (invariants.ts) read it.
 */
export class Ledger {
  readonly kById = new Map<string, number>();
  /** Receipt handle → the message and when its delivery reached the consumer. */
  readonly deliveries = new Map<string, { k: number; at: number }>();
  readonly lastReceipt = new Map<number, string>();
  readonly acks = new Map<string, Ack[]>();
  readonly runsOf = new Map<number, Run[]>();
  readonly running = new Map<number, Run>();
  readonly runningK = new Map<number, Run>();
  readonly runningGroup = new Map<string, Run>();
  readonly succeeded = new Set<number>();
  readonly deadLettered = new Set<number>();
  readonly deliveredCount = new Map<number, number>();
  readonly strandedCount = new Map<number, number>();
  /**
   * Deliveries the consumer let go without a handler call: put back (visibility 0), or no longer
   * held when the message came back. SQS still counts their receives.
   */
  readonly letGoUnstarted = new Set<string>();
  /** Deliveries of a message the consumer still held (it warns: the visibility ran out). */
  readonly adopted = new Map<number, number>();
  /** Deliveries that failed before any call took them (undecodable), with when it was said. */
  readonly failedUnstarted = new Map<string, number>();
  inHandlers = 0;
  private nextRunId = 1;
  private readonly lines: string[] = [];

  constructor(
    readonly scenario: Scenario,
    readonly clock: ManualClock,
    readonly emulator: SqsEmulator,
    readonly queueName: string,
    private readonly startedAt: number,
  ) {
    emulator.events.on((event) => {
      if (event.type !== 'deadLettered') return;
      const k = this.kById.get(event.messageId);
      if (k === undefined) return;
      this.deadLettered.add(k);
      this.trace(`#${k} moved to the dead-letter queue`);
    });
  }

  // ---- what happened ---------------------------------------------------------------------------

  sent(message: PlannedMessage, messageId: string): void {
    this.kById.set(messageId, message.k);
    this.trace(
      `send #${message.k}${message.group ? ` (${message.group}/${message.position})` : ''}`,
    );
  }

  /**
   * Deliveries reached the consumer. `held` tells whether it still held each message before this
   * delivery: if not, it had let the previous delivery go.
   */
  delivered(messages: readonly Message[], held: (messageId: string) => boolean): void {
    const now = this.clock.now();
    for (const m of messages) {
      const k = this.k(m.MessageId);
      const previous = this.lastReceipt.get(k);
      if (previous !== undefined && !held(m.MessageId as string) && !this.runOfReceipt(previous)) {
        this.letGoUnstarted.add(previous);
      }
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

  acked(receiptHandle: string, kind: Ack['kind'], seconds: number): void {
    const list = this.acks.get(receiptHandle) ?? [];
    const delivery = this.deliveries.get(receiptHandle);
    const releasing = kind === 'visibility' && seconds === 0;
    if (releasing && delivery && !this.runOfReceipt(receiptHandle)) {
      this.letGoUnstarted.add(receiptHandle);
    }
    list.push({ at: this.clock.now(), kind, seconds });
    this.acks.set(receiptHandle, list);
  }

  /** Records a handler call starting; the invariants have checked it. */
  runStarted(messages: readonly HandledMessage[]): Run {
    const ks = messages.map((m) => this.k(m.id));
    const run: Run = {
      id: this.nextRunId++,
      ks,
      receipts: messages.map((m) => m.receiptHandle),
      startAt: this.clock.now(),
      adoptedReceipts: new Set(),
    };
    this.trace(`handler starts [${ks.map((k) => `#${k}`).join(' ')}]`);
    this.inHandlers += ks.length;
    this.running.set(run.id, run);
    for (const k of ks) {
      this.runningK.set(k, run);
      this.runsOf.set(k, [...(this.runsOf.get(k) ?? []), run]);
      const group = this.plan(k).group;
      if (group !== undefined) this.runningGroup.set(group, run);
    }
    return run;
  }

  /** A handler call settled: resolved or not, and the entries a batch call reported failed. */
  runEnded(run: Run, resolved: boolean, reportedFailed: ReadonlySet<number>): void {
    const now = this.clock.now();
    const { timeoutMs, fifo, batch } = this.scenario;
    const inTime = timeoutMs === undefined || now < run.startAt + timeoutMs;
    const succeeded = new Set(
      resolved && inTime ? run.ks.filter((k) => !reportedFailed.has(k)) : [],
    );
    // The consumer puts back what stands behind a failure of its group in one batch call.
    const heldBack = new Set<number>();
    if (fifo && batch) {
      const broken = new Set<string>();
      for (const k of run.ks) {
        const group = this.plan(k).group as string;
        if (broken.has(group) && succeeded.has(k)) heldBack.add(k);
        if (!succeeded.has(k)) broken.add(group);
      }
    }
    run.endAt = now;
    run.succeeded = succeeded;
    run.heldBack = heldBack;
    for (const k of succeeded) this.succeeded.add(k);
    this.running.delete(run.id);
    this.inHandlers -= run.ks.length;
    for (const k of run.ks) {
      this.runningK.delete(k);
      const group = this.plan(k).group;
      if (group !== undefined && this.runningGroup.get(group) === run) {
        this.runningGroup.delete(group);
      }
    }
    const outcome = !resolved ? 'threw' : inTime ? 'resolved' : 'resolved after its timeout';
    this.trace(`handler ends [${run.ks.map((k) => `#${k}`).join(' ')}]: ${outcome}`);
  }

  /**
   * The consumer warned that SQS delivered this message again while it held it: that delivery
   * (the latest) joins the call under way, if one is (else the message's call starts with it).
   */
  redeliveredWhileHeld(messageId: string): void {
    const k = this.k(messageId);
    this.adopted.set(k, (this.adopted.get(k) ?? 0) + 1);
    const receipt = this.lastReceipt.get(k);
    if (receipt !== undefined) this.runningK.get(k)?.adoptedReceipts.add(receipt);
  }

  /** The consumer announced a failed attempt (messageFailed) of this message's latest delivery. */
  failureAnnounced(k: number): void {
    const receipt = this.lastReceipt.get(k);
    if (receipt !== undefined && !this.runOfReceipt(receipt)) {
      this.failedUnstarted.set(receipt, this.clock.now());
    }
  }

  // ---- questions -------------------------------------------------------------------------------

  /**
   * The call a delivery belongs to: the one that began with it, or the one it joined while that
   * ran (the consumer adopts a redelivery into the attempt under way).
   */
  runOfReceipt(receiptHandle: string): Run | undefined {
    const delivery = this.deliveries.get(receiptHandle);
    if (!delivery) return undefined;
    return (this.runsOf.get(delivery.k) ?? []).find(
      (run) =>
        run.receipts[run.ks.indexOf(delivery.k)] === receiptHandle ||
        run.adoptedReceipts.has(receiptHandle),
    );
  }

  /**
   * Whether the consumer let go of a delivery: deleted it, put it back unstarted (visibility 0),
   * failed it unstarted (its retry visibility), or, after its call ended, sent the call's outcome
   * (a delete or the retry visibility). A heartbeat extension while it is held is none of these.
   */
  settled(receiptHandle: string): boolean {
    const acks = this.acks.get(receiptHandle) ?? [];
    if (acks.some((a) => a.kind === 'delete')) return true;
    const run = this.runOfReceipt(receiptHandle);
    if (!run) {
      const failedAt = this.failedUnstarted.get(receiptHandle);
      return acks.some((a) => a.seconds === 0 || (failedAt !== undefined && a.at >= failedAt));
    }
    return run.endAt !== undefined && acks.some((a) => a.at >= (run.endAt as number));
  }

  k(messageId: string | undefined): number {
    const k = this.kById.get(messageId ?? '');
    if (k === undefined) throw new Error(`The simulation does not know message ${messageId}`);
    return k;
  }

  plan(k: number): PlannedMessage {
    return this.scenario.messages[k];
  }

  describeRuns(k: number): string {
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

  t(at: number): string {
    return `t+${((at - this.startedAt) / 1000).toFixed(3)}s`;
  }
}

const TRACE_LINES = 40;
