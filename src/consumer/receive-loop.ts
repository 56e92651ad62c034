import type { Message, ReceiveMessageRequest } from '@aws-sdk/client-sqs';
import type { Clock, ClockTimer } from '../clock/clock.interface';
import { RECEIVE_HUNG } from '../errors/sqs.messages';
import type { SqsPort } from '../port/sqs-port.interface';
import { backendRetryDelayMs } from './backoff';
import type { ConsumerReporter } from './consumer-reporter';
import type { Semaphore } from './semaphore';

export interface ReceiveLoopOptions {
  readonly port: SqsPort;
  /** Every receive's request; `MaxNumberOfMessages` is set per receive. */
  readonly request: ReceiveMessageRequest;
  readonly clock: Clock;
  /** Times what measures a network: the abort grace and the receive watchdog. */
  readonly network: Clock;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Slots beyond `concurrency` for messages received ahead of free workers. */
  readonly prefetch: number;
  readonly waitTimeSeconds: number;
  readonly pollIntervalMs: number;
  /** See `SqsConsumerConfig.receiveAbortGraceMs`. */
  readonly receiveAbortGraceMs: number;
  /** See `SqsConsumerConfig.receiveTimeoutMs`. */
  readonly receiveTimeoutMs: number | undefined;
  readonly random: () => number;
}

/** What the loop needs from the consumer around it. */
export interface ReceiveLoopParts {
  readonly slots: Semaphore;
  readonly report: ConsumerReporter;
  readonly isRunning: () => boolean;
  /** Whether received messages wait for a worker (then only a full batch is worth a receive). */
  readonly hasWaiting: () => boolean;
  /** Every worker is held by a handler past its timeout or stuck: receive nothing ahead. */
  readonly stalled: () => boolean;
  /** A receive brought messages (the consumer may have stopped meanwhile). */
  readonly deliver: (messages: Message[]) => void;
  /** A receive ended: a stop may be waiting for that. */
  readonly receiveEnded: () => void;
  readonly onInternalError: (error: unknown) => void;
}

/** A ReceiveMessage request on its way. */
interface OpenReceive {
  /** When it was sent (network clock). */
  readonly startedAt: number;
  /** Worker slots it holds for what it brings. */
  readonly reserved: number;
  /** Set at a stop while the receive is within its abort grace. */
  abortTimer?: ClockTimer;
  /** Aborts it if the network never answers (`receiveTimeoutMs`). */
  watchdog?: ClockTimer;
  /** It was aborted because it went unanswered too long (not by a stop). */
  hung?: boolean;
}

/**
 * Polls with back-pressure. The slots are the workers plus the prefetch (messages received ahead
 * of free workers). A receive is issued only when a slot is free, and asks for
 * `min(batchSize, concurrency, free slots)`, which it reserves until its messages are taken in;
 * while one receive is open, or received messages wait for a worker, another starts only once a
 * full batch worth of slots is free, so a busy consumer receives in tens and never holds more
 * than its slots. Backend errors pause it on the clock with exponential backoff; nothing but a
 * stop ends it.
 */
export class ReceiveLoop {
  /** Receives on their way, by their abort controller. */
  readonly open = new Map<AbortController, OpenReceive>();
  private readonly fullBatch: number;
  private pauseTimer: ClockTimer | undefined;
  private pumpScheduled = false;
  private backendFailures = 0;
  /**
   * The last receive came back with fewer messages than it asked for: the queue had no backlog,
   * and the prefetch slots stay unused, so a quiet consumer keeps no more long polls open than
   * its workers need (SQS bills each). A full receive shows a backlog, and prefetching starts.
   */
  private queueIdle = true;

  constructor(
    private readonly o: ReceiveLoopOptions,
    private readonly p: ReceiveLoopParts,
  ) {
    this.fullBatch = Math.min(o.batchSize, o.concurrency);
  }

  start(): void {
    this.backendFailures = 0;
    this.pump();
  }

  /**
   * For a stop: no more polls, and the open receives end. One open longer than the abort grace
   * is waiting in a long poll (the queue had nothing for it) and ends now. A younger one may be
   * returning messages (or be a poll just re-sent after an empty one: then the stop waits up to
   * the grace for nothing), and an abort over the network could strand them in flight, so it
   * gets the rest of the grace and what it brings goes back.
   */
  stop(): void {
    if (this.pauseTimer !== undefined) {
      this.o.clock.clearTimer(this.pauseTimer);
      this.pauseTimer = undefined;
    }
    const grace = this.o.receiveAbortGraceMs;
    const now = this.o.network.now();
    for (const [controller, open] of this.open) {
      const left = open.startedAt + grace - now;
      if (left <= 0) controller.abort();
      else {
        open.abortTimer ??= this.o.network.setTimer(() => controller.abort(), left, {
          keepAlive: true,
        });
      }
    }
  }

  /** Polls soon: settlements of one microtask wave coalesce into one decision. */
  schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // A batch that completes together frees its slots together and is refilled by one full
    // receive.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const { slots } = this.p;
    while (this.p.isRunning() && this.pauseTimer === undefined) {
      const ahead = this.queueIdle || this.p.stalled() ? 0 : this.o.prefetch;
      const free = slots.available - (this.o.prefetch - ahead);
      if (free <= 0) return;
      if (free < this.fullBatch && (this.open.size > 0 || this.p.hasWaiting())) return;
      // A receive's worth at most: a batch handler's call must fit the workers.
      this.receive(slots.tryAcquire(Math.min(this.fullBatch, free)));
    }
  }

  private receive(reserved: number): void {
    const controller = new AbortController();
    let request: Promise<{ Messages?: Message[] }>;
    try {
      request = this.o.port.receiveMessage(
        { ...this.o.request, MaxNumberOfMessages: reserved },
        { abortSignal: controller.signal },
      );
    } catch (error) {
      request = Promise.reject(error);
    }
    const open: OpenReceive = { startedAt: this.o.network.now(), reserved };
    this.open.set(controller, open);
    const limit = this.o.receiveTimeoutMs;
    if (limit !== undefined) {
      // A receive the network never answers (a half-open connection) would hold its slots for
      // good: past its long poll and a margin it is aborted and retried like a failure.
      open.watchdog = this.o.network.setTimer(() => {
        open.watchdog = undefined;
        open.hung = true;
        controller.abort();
      }, limit);
    }
    request
      .then(
        (out) => this.received(controller, reserved, out.Messages ?? []),
        (error) => this.receiveFailed(controller, reserved, error),
      )
      .catch(this.p.onInternalError);
  }

  private ended(controller: AbortController): OpenReceive | undefined {
    const open = this.open.get(controller);
    if (open?.abortTimer !== undefined) this.o.network.clearTimer(open.abortTimer);
    if (open?.watchdog !== undefined) this.o.network.clearTimer(open.watchdog);
    this.open.delete(controller);
    return open;
  }

  private received(controller: AbortController, reserved: number, messages: Message[]): void {
    this.ended(controller);
    this.backendFailures = 0;
    this.queueIdle = messages.length < reserved;
    const { slots } = this.p;
    if (messages.length < reserved) slots.release(reserved - messages.length);
    else if (messages.length > reserved) slots.forceAcquire(messages.length - reserved);
    if (messages.length > 0) {
      this.p.deliver(messages);
      this.pump();
    } else if (this.o.waitTimeSeconds === 0 && this.p.isRunning()) {
      this.pause(this.o.pollIntervalMs);
    } else {
      this.pump();
    }
    this.p.receiveEnded();
  }

  private receiveFailed(controller: AbortController, reserved: number, error: unknown): void {
    const open = this.ended(controller);
    this.p.slots.release(reserved);
    this.p.receiveEnded();
    if (!this.p.isRunning()) return;
    if (open?.hung) {
      error = new Error(RECEIVE_HUNG(this.o.receiveTimeoutMs as number));
    } else if (controller.signal.aborted) {
      // Aborted by a stop that has since given up on it, and the consumer was started again:
      // its slots are free now, so poll with them. (Nothing but a stop ends polling.)
      this.pump();
      return;
    }
    if (this.pauseTimer !== undefined) return;
    this.backendFailures++;
    const delay = backendRetryDelayMs(this.backendFailures, this.o.random);
    this.p.report.backendCallFailed('ReceiveMessage', error, delay);
    this.pause(delay);
  }

  private pause(ms: number): void {
    if (this.pauseTimer !== undefined) return;
    // A running consumer's next poll keeps a worker process alive, as an open receive would.
    this.pauseTimer = this.o.clock.setTimer(
      () => {
        this.pauseTimer = undefined;
        this.pump();
      },
      ms,
      { keepAlive: true },
    );
  }
}
