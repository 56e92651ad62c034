import type { Message } from '@aws-sdk/client-sqs';
import type { SqsConsumerStatus } from '../../../src/consumer/sqs-consumer-config.interface';
import { MessageState } from '../../../src/emulator/queue/message-record';
import { decodeReceiptHandle } from '../../../src/emulator/queue/receipt-handle';
import type { SqsQueue } from '../../../src/emulator/queue/sqs-queue';
import type { HandledMessage, Ledger, Run } from './ledger';
import type { NetworkObserver } from './simulated-network';

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

/** What the checks read from inside the consumer (the simulation's view, not a public API). */
export interface ConsumerProbe {
  status(): SqsConsumerStatus;
  /** Worker slots taken in its semaphore. */
  slotsInUse(): number;
  /** Slots its open receives hold for what they bring. */
  slotsReserved(): number;
  /** Whether it holds the message (received, not yet let go). */
  holds(messageId: string): boolean;
  /** Whether received messages wait for a worker. */
  waitingForWorkers(): boolean;
  /** The messages it holds, with the visibility deadline it counts on for each. */
  heldDeadlines(): Iterable<HeldDeadline>;
}

/** The emulator's own lookup of a queue (private: the checks read SQS's records directly). */
interface EmulatorInsides {
  queueByUrlOrName(queueUrlOrName: string): SqsQueue;
}

/** A held message as the consumer sees its delivery. */
export interface HeldDeadline {
  readonly id: string;
  readonly receiptHandle: string;
  readonly receiveCount: number;
  /** When the consumer believes SQS makes it visible again (clock ms). */
  readonly visibleUntil: number;
}

/** What the checks read from the simulated network. */
export interface NetworkView {
  /** Open receives by id, with when each was sent. */
  readonly open: ReadonlyMap<number, number>;
  readonly lastReceiveActivityAt: number;
}

/** A receive's answer that arrives within this of SQS handing the messages out is prompt. */
const PROMPT_ANSWER_MS = 5;

/** The consumer's longest pause after failed receives (`backendRetryDelayMs` caps at 30 s). */
const MAX_BACKEND_BACKOFF_MS = 30_000;

/**
 * The consumer's guarantees, checked against the ledger's ground truth: at every handler start,
 * every delete and visibility change, every delivery, after every step, at every stop and at
 * the end. The first that breaks is kept (the consumer may swallow what a handler or the network
 * throws) and ends the run.
 */
export class Invariants implements NetworkObserver {
  violation: SimulationViolation | undefined;
  private stalledSince: number | undefined;
  /** Messages whose handler a stop reported giving up on, until the handler returns. */
  private readonly givenUpRuns = new Set<number>();
  /** Receives a stop reported giving up on, until they end. */
  private readonly givenUpReceives = new Set<number>();
  /**
   * The retry delay each failed attempt announced (messageFailed), by the delivery it was of,
   * until that delivery's visibility is set.
   */
  private readonly announced = new Map<string, number>();
  /**
   * By receipt handle: how much later than SQS's the deadline a delivery's receive set is, as the
   * consumer counts it (from when the answer arrived, which SQS's precedes by its transit).
   */
  private readonly transitMs = new Map<string, number>();

  /** The consumer's insides, once it exists. */
  probe: ConsumerProbe | undefined;
  /** The network, once it exists (it reports to these checks, which read it). */
  network: NetworkView = { open: new Map(), lastReceiveActivityAt: 0 };

  constructor(
    private readonly ledger: Ledger,
    /** The consumer's `receiveTimeoutMs` plus how late an abort may land. */
    private readonly staleReceiveMs: number,
  ) {}

  // ---- the network -----------------------------------------------------------------------------

  delivered(messages: readonly Message[]): void {
    const { ledger } = this;
    const { heartbeatFraction, faults } = ledger.scenario;
    const calm = faults.failure + faults.slow + faults.partialBatch + faults.hang === 0;
    if (calm && heartbeatFraction !== undefined) {
      // With the heartbeat on and every extension answered, a held message never comes back.
      for (const m of messages) {
        const k = ledger.k(m.MessageId);
        const previous = ledger.lastReceipt.get(k);
        if (previous !== undefined && !ledger.settled(previous)) {
          throw this.violate(
            'a held message stays invisible',
            `message #${k} is delivered again while the consumer still holds it (heartbeat on, ` +
              `calm network)`,
            k,
          );
        }
      }
    }
    const probe = this.probe;
    ledger.delivered(messages, (id) => probe?.holds(id) ?? false);
  }

  stranded(messages: readonly Message[]): void {
    this.ledger.stranded(messages);
  }

  receiveEnded(id: number): void {
    this.givenUpReceives.delete(id);
  }

  deleting(receiptHandles: readonly string[]): void {
    const { ledger } = this;
    for (const r of receiptHandles) {
      const delivery = ledger.deliveries.get(r);
      if (!delivery) {
        throw this.violate('delete only after success', `unknown receipt handle ${r}`);
      }
      const { k, at } = delivery;
      const run = ledger.runOfReceipt(r);
      if (!run?.succeeded?.has(k)) {
        throw this.violate(
          'delete only after success',
          `message #${k} is deleted (receipt delivered at ${ledger.t(at)}) but no handler call ` +
            `for it succeeded; its calls: ${ledger.describeRuns(k)}`,
          k,
        );
      }
      ledger.acked(r, 'delete', 0);
    }
    ledger.trace(
      `delete [${receiptHandles.map((r) => `#${ledger.deliveries.get(r)?.k}`).join(' ')}]`,
    );
  }

  changingVisibility(receiptHandles: readonly string[], seconds: readonly number[]): void {
    const { ledger } = this;
    receiptHandles.forEach((r, i) => {
      const k = ledger.deliveries.get(r)?.k;
      const promised = this.announced.get(r);
      if (k !== undefined && promised !== undefined && !ledger.runningK.has(k)) {
        // The first visibility change after a failed attempt is its retry: as announced.
        this.announced.delete(r);
        if (seconds[i] !== promised) {
          throw this.violate(
            'a failure is retried as announced',
            `message #${k}'s failure announced a retry in ${promised} s, but its visibility is ` +
              `set to ${seconds[i]} s`,
            k,
          );
        }
      }
      ledger.acked(r, 'visibility', seconds[i]);
    });
    ledger.trace(
      `visibility [${receiptHandles
        .map((r, i) => `#${ledger.deliveries.get(r)?.k}→${seconds[i]}s`)
        .join(' ')}]`,
    );
  }

  trace(line: string): void {
    this.ledger.trace(line);
  }

  // ---- the handlers ----------------------------------------------------------------------------

  /** A handler call begins: concurrency, one run per message, FIFO order. */
  runStarted(messages: readonly HandledMessage[]): Run {
    const { ledger } = this;
    const { concurrency, fifo } = ledger.scenario;
    const ks = messages.map((m) => ledger.k(m.id));
    if (ledger.inHandlers + ks.length > concurrency) {
      throw this.violate(
        'at most `concurrency` messages in handlers',
        `${ledger.inHandlers} messages are in handlers and a call with ${ks.length} more ` +
          `starts; concurrency is ${concurrency}`,
      );
    }
    for (const k of ks) {
      const other = ledger.runningK.get(k);
      if (other) {
        throw this.violate(
          'one run of a message at a time',
          `message #${k} starts again while its call from ${ledger.t(other.startAt)} still runs`,
          k,
        );
      }
    }
    if (fifo) this.checkFifoOrder(ks);
    return ledger.runStarted(messages);
  }

  runEnded(run: Run, resolved: boolean, reportedFailed: ReadonlySet<number>): void {
    this.ledger.runEnded(run, resolved, reportedFailed);
    for (const k of run.ks) this.givenUpRuns.delete(k);
  }

  // ---- what the consumer says ------------------------------------------------------------------

  failureAnnounced(messageId: string, retryDelaySeconds: number): void {
    const k = this.ledger.k(messageId);
    const receipt = this.ledger.lastReceipt.get(k);
    if (receipt !== undefined) this.announced.set(receipt, retryDelaySeconds);
    this.ledger.failureAnnounced(k);
  }

  stopGaveUpOnRuns(): void {
    for (const k of this.ledger.runningK.keys()) this.givenUpRuns.add(k);
  }

  stopGaveUpOnReceives(): void {
    for (const id of this.network.open.keys()) this.givenUpReceives.add(id);
  }

  /** Recorded, not thrown: it is called from the consumer's own error path. */
  internalError(line: string): void {
    this.violate('no internal error', line);
  }

  // ---- between steps ---------------------------------------------------------------------------

  /**
   * After every step: slots account for every held message and open receive; held messages
   * within `concurrency + prefetch`; what waits behind a timed-out handler went back; and no stall — a
   * running consumer with a free slot and a message SQS would hand out has a live receive open,
   * or opens one within its longest pause (backend retry backoff, or the empty-poll interval).
   */
  checkStep(probe: ConsumerProbe): void {
    const status = probe.status();
    const { concurrency, prefetch, pollIntervalMs } = this.ledger.scenario;
    const accounted = status.inFlight + probe.slotsReserved();
    if (probe.slotsInUse() !== accounted) {
      throw this.violate(
        'slots account for what is held',
        `${probe.slotsInUse()} worker slots are taken, but the consumer holds ${status.inFlight} ` +
          `message(s) and its receives reserve ${probe.slotsReserved()}`,
      );
    }
    if (status.inFlight > concurrency + prefetch) {
      throw this.violate(
        'at most `concurrency + prefetch` messages held',
        `the consumer holds ${status.inFlight} messages; concurrency is ${concurrency} and ` +
          `prefetch ${prefetch}`,
      );
    }
    // Standard queues: a message waiting for a worker starts as soon as one is free (a batch in
    // part). On FIFO queues a group may rightly wait for more workers than are free.
    if (
      !this.ledger.scenario.fifo &&
      status.state === 'running' &&
      probe.waitingForWorkers() &&
      status.running < concurrency
    ) {
      throw this.violate(
        'no stall',
        `${concurrency - status.running} worker(s) free while received messages wait for one`,
      );
    }
    this.checkFollowersOfTimedOut(probe);
    this.checkDeadlines(probe);
    const now = this.ledger.clock.now();
    let live = 0;
    for (const startedAt of this.network.open.values()) {
      if (now - startedAt <= this.staleReceiveMs) live++;
    }
    const idle =
      status.state === 'running' &&
      status.inFlight < concurrency &&
      live === 0 &&
      this.receivable();
    if (!idle) {
      this.stalledSince = undefined;
      return;
    }
    const since = Math.max(this.stalledSince ?? now, this.network.lastReceiveActivityAt);
    this.stalledSince = since;
    if (now - since > MAX_BACKEND_BACKOFF_MS + pollIntervalMs) {
      throw this.violate(
        'no stall',
        `the consumer is running with ${concurrency - status.inFlight} free slot(s) and a ` +
          `message to receive, but has had no live receive open since ${this.ledger.t(since)} ` +
          `(${now - since} ms)`,
      );
    }
  }

  /**
   * When a stop completes: nothing runs or is being received unless a stop reported giving up on
   * it, and every delivery the consumer is not running was let go (deleted, put back, or its
   * call's outcome sent) — not merely kept alive by a heartbeat.
   */
  checkStopped(probe: ConsumerProbe): void {
    const { ledger } = this;
    for (const k of ledger.runningK.keys()) {
      if (this.givenUpRuns.has(k)) continue;
      throw this.violate(
        'a stop ends what it holds',
        `stop() resolved while #${k} is in its handler, and no stop reported giving up on it`,
        k,
      );
    }
    for (const id of this.network.open.keys()) {
      if (this.givenUpReceives.has(id)) continue;
      throw this.violate(
        'a stop ends what it holds',
        `stop() resolved with receive ${id} open and no report of giving up on it`,
      );
    }
    const status = probe.status();
    if (status.inFlight > status.running) {
      throw this.violate(
        'a stop releases what has not started',
        `stop() resolved holding ${status.inFlight - status.running} message(s) that are not ` +
          `running`,
      );
    }
    for (const [k, receipt] of ledger.lastReceipt) {
      if (ledger.runningK.has(k) || ledger.settled(receipt)) continue;
      const at = (ledger.deliveries.get(receipt) as { at: number }).at;
      throw this.violate(
        'a stop releases what has not started',
        `message #${k} was delivered at ${ledger.t(at)} and stop() resolved without letting it ` +
          `go (a delete, a put-back, or its call's outcome)`,
        k,
      );
    }
  }

  /**
   * At the end: every message succeeded or sits in the dead-letter queue, and was handled; and
   * every success was followed by a delete (but those a batch call held back behind a failure).
   */
  checkEnd(): void {
    const { ledger } = this;
    const left = ledger.emulator.peekMessages(ledger.queueName, { limit: 10_000 });
    if (left.length > 0) {
      const ks = left.map((m) => `#${ledger.kById.get(m.messageId)} (${m.state})`);
      throw this.violate(
        'nothing lost',
        `after the healthy phase the queue still holds ${ks.join(', ')}`,
      );
    }
    for (const m of ledger.scenario.messages) {
      const { k } = m;
      if (!ledger.succeeded.has(k) && !ledger.deadLettered.has(k)) {
        throw this.violate(
          'nothing lost',
          `message #${k} is gone from the queue, never succeeded and is not in the dead-letter ` +
            `queue; its calls: ${ledger.describeRuns(k)}`,
          k,
        );
      }
      // SQS counts receives, not attempts: a message may reach the dead-letter queue untried
      // only if every delivery of it was put back unstarted (a stop, or behind a failed message
      // of its FIFO group), came back while the consumer still held it (which it warns about),
      // or never arrived (lost in transit).
      const runs = ledger.runsOf.get(k) ?? [];
      if (runs.length === 0 && !m.undecodable) {
        const kept = [...ledger.deliveries]
          .filter(([receipt, d]) => d.k === k && !ledger.letGoUnstarted.has(receipt))
          .map(([receipt]) => receipt);
        // Each delivery not let go must have been replaced by a later one while held.
        if (kept.length > (ledger.adopted.get(k) ?? 0)) {
          throw this.violate(
            'each message handled at least once',
            `message #${k} reached the dead-letter queue without a handler call, and ` +
              `${kept.length} of its ${ledger.deliveredCount.get(k) ?? 0} deliveries were ` +
              `neither put back nor replaced while held`,
            k,
          );
        }
      }
      for (const run of runs) {
        if (!run.succeeded?.has(k) || run.heldBack?.has(k)) continue;
        if (!this.deletedAfter(k, run.endAt as number)) {
          throw this.violate(
            'a success is deleted',
            `message #${k}'s call ended successfully at ${ledger.t(run.endAt as number)}, and ` +
              `no delete followed`,
            k,
          );
        }
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * The deadline a consumer counts on for a held delivery (it bounds every retry of its delete or
   * visibility change) is never later than SQS's, but for the transit of the receive's answer,
   * taken when the delivery is first seen (its step, before any heartbeat): a heartbeat's
   * extension moves it only once SQS has it.
   */
  private checkDeadlines(probe: ConsumerProbe): void {
    const { ledger } = this;
    const now = ledger.clock.now();
    let queue: SqsQueue | undefined;
    for (const held of probe.heldDeadlines()) {
      // SQS's record of the delivery the consumer holds, found by its receipt handle (O(1), and
      // without a sweep: an in-flight record whose deadline has passed is visible again).
      queue ??= (ledger.emulator as unknown as EmulatorInsides).queueByUrlOrName(ledger.queueName);
      const parts = decodeReceiptHandle(held.receiptHandle);
      const sqs = parts && queue.get(parts.seq);
      if (!sqs || sqs.receiveCount !== held.receiveCount) continue;
      if (sqs.state === MessageState.Delayed) continue;
      const inflight = sqs.state === MessageState.Inflight && sqs.visibleAt > now;
      let transit = this.transitMs.get(held.receiptHandle);
      if (transit === undefined) {
        if (!inflight) continue;
        transit = Math.max(0, held.visibleUntil - sqs.visibleAt);
        this.transitMs.set(held.receiptHandle, transit);
      }
      // The consumer counts a receive's visibility from when the answer arrives. After a slow
      // answer it may trust an extension that SQS accepted once the message was visible again
      // (a known limit, in the README); past SQS's deadline only prompt answers are checked.
      if (!inflight && transit > PROMPT_ANSWER_MS) continue;
      if (held.visibleUntil > sqs.visibleAt + transit) {
        const when = inflight ? 'makes it visible at' : 'made it visible at';
        throw this.violate(
          "the consumer's deadline is SQS's or earlier",
          `the consumer counts on message ${held.id} staying invisible until ` +
            `${ledger.t(held.visibleUntil)}, but SQS ${when} ${ledger.t(sqs.visibleAt)} ` +
            `(the receive's answer reached it ${transit} ms after SQS handed it out)`,
        );
      }
    }
  }

  private violate(invariant: string, detail: string, k?: number): SimulationViolation {
    const violation = new SimulationViolation(invariant, detail, k);
    this.violation ??= violation;
    return violation;
  }

  /** Whether a delete of a delivery of `k` was sent at or after `at`. */
  private deletedAfter(k: number, at: number): boolean {
    for (const [receipt, delivery] of this.ledger.deliveries) {
      if (delivery.k !== k) continue;
      const acks = this.ledger.acks.get(receipt) ?? [];
      if (acks.some((a) => a.kind === 'delete' && a.at >= at)) return true;
    }
    return false;
  }

  /**
   * A handler past its timeout keeps its own message, but what waited behind it in its FIFO
   * group goes back at once, as after any failure.
   */
  private checkFollowersOfTimedOut(probe: ConsumerProbe): void {
    const { ledger } = this;
    const { timeoutMs, fifo } = ledger.scenario;
    if (timeoutMs === undefined || !fifo) return;
    const now = ledger.clock.now();
    for (const run of ledger.running.values()) {
      const timedOutAt = run.startAt + timeoutMs;
      if (now <= timedOutAt) continue;
      const groups = new Set(run.ks.map((k) => ledger.plan(k).group));
      for (const [id, k] of ledger.kById) {
        if (ledger.runningK.has(k) || !groups.has(ledger.plan(k).group)) continue;
        const receipt = ledger.lastReceipt.get(k);
        if (receipt === undefined || !probe.holds(id)) continue;
        // The consumer's own decision counts (the put-back may still wait to be sent).
        const delivery = ledger.deliveries.get(receipt) as { at: number };
        if (delivery.at >= timedOutAt) continue;
        throw this.violate(
          'followers of a timed-out handler go back',
          `message #${k} still waits behind a call that timed out at ${ledger.t(timedOutAt)}`,
          k,
        );
      }
    }
  }

  /**
   * Whether a receive would return a message now. FIFO: a group whose first message is visible
   * (SQS hands out a group's messages up to the first one in flight or delayed).
   */
  private receivable(): boolean {
    const { ledger } = this;
    const messages = ledger.emulator.peekMessages(ledger.queueName, { limit: 10_000 });
    if (!ledger.scenario.fifo) return messages.some((m) => m.state === 'visible');
    const seen = new Set<string>();
    for (const m of messages) {
      const group = m.groupId ?? '';
      if (seen.has(group)) continue;
      if (m.state === 'visible') return true;
      seen.add(group);
    }
    return false;
  }

  private checkFifoOrder(ks: readonly number[]): void {
    const { ledger } = this;
    const inThisRun = new Set<number>();
    for (const k of ks) {
      const { group, position } = ledger.plan(k);
      const other = ledger.runningGroup.get(group as string);
      if (other) {
        throw this.violate(
          'one handler per FIFO group',
          `message #${k} of group ${group} starts while a call for #${other.ks.join(', #')} of ` +
            `the same group runs`,
          k,
        );
      }
      for (const earlier of ledger.scenario.messages) {
        if (earlier.group !== group || earlier.position >= position) continue;
        const done =
          ledger.succeeded.has(earlier.k) ||
          ledger.deadLettered.has(earlier.k) ||
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
}
