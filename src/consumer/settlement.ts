import type { Clock } from '../clock/clock.interface';
import type { HandlerTimeoutError } from '../errors/handler-timeout.error';
import type { UnhandledMessageTypeError } from '../errors/unhandled-message-type.error';
import type {
  SqsBackoffFunction,
  SqsUnhandledMessagePolicy,
} from '../interfaces/sqs-consumer-options.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { Acknowledgements } from './acknowledgements';
import type { ConsumerReporter } from './consumer-reporter';
import type { ConsumerRoute } from './consumer-route';
import type { FifoGroups } from './fifo-groups';
import type { HeldMessages } from './held-messages';
import {
  MAX_VISIBILITY_SECONDS,
  MessageStage,
  type OverdueAttempt,
  type ReceivedMessage,
} from './received-message';

export interface SettlementOptions {
  readonly queue: Pick<SqsResolvedQueue, 'fifo' | 'maxReceiveCount' | 'deadLetterTargetArn'>;
  readonly clock: Clock;
  readonly unhandledMessages: SqsUnhandledMessagePolicy;
  /** The backoff for a message no handler ran (its body did not decode): the first route's. */
  readonly defaultBackoff: SqsBackoffFunction | undefined;
  /** Every route takes batches: FIFO order is then kept batch by batch, by the dispatcher. */
  readonly batchMode: boolean;
}

/**
 * How a held message leaves the consumer: deleted after a success, made visible again after a
 * failure (after its backoff; at once on its last attempt, so SQS dead-letters it on the next
 * receive), or put back untouched. Each way frees the message's slot exactly once and keeps its
 * FIFO group in order: after a success the next message of the group runs (`startNext`), after
 * a failure the group's waiting messages go back too, or they would overtake it.
 */
export class Settlement {
  constructor(
    private readonly o: SettlementOptions,
    private readonly held: HeldMessages,
    private readonly acks: Acknowledgements,
    private readonly groups: FifoGroups,
    private readonly report: ConsumerReporter,
    /** Runs a FIFO message whose turn has come. */
    private readonly startNext: (m: ReceivedMessage) => void,
  ) {}

  /** The handler succeeded: delete. */
  succeeded(m: ReceivedMessage): void {
    if (!this.held.finish(m)) return;
    const route = m.route as ConsumerRoute;
    this.report.succeeded(m, route.handler, this.o.clock.now() - m.startedAt);
    this.acks.delete(m);
    this.startNextInGroup(m);
  }

  /** The attempt failed (`route` undefined: before any handler ran): retry after its backoff. */
  failed(m: ReceivedMessage, route: ConsumerRoute | undefined, error: unknown): void {
    if (!this.held.finish(m)) return;
    this.acks.putBack(m, this.attemptFailed(m, route, error));
    this.releaseGroupOf(m);
  }

  /**
   * A handler ran past its `timeoutMs`: the attempt has failed, and is reported now, but the
   * handler still runs (it may ignore its signal). Its messages stay held (slot taken, FIFO
   * group closed, visibility kept up by the heartbeat) until it settles, so one message never
   * runs twice at once and `concurrency` stays a hard bound. Messages waiting behind it in its
   * group go back now, as after any failure.
   */
  timedOut(
    messages: readonly ReceivedMessage[],
    route: ConsumerRoute,
    error: HandlerTimeoutError,
  ): void {
    for (const m of messages) {
      m.abort(error);
      if (m.stage !== MessageStage.Running) continue;
      m.overdue = { retryDelaySeconds: this.attemptFailed(m, route, error) };
      this.releaseFollowersOf(m);
    }
  }

  /** A timed-out handler has settled at last: its message is retried as its timeout said. */
  overdue(m: ReceivedMessage): void {
    const overdue = m.overdue as OverdueAttempt;
    if (!this.held.finish(m)) return;
    const delay = this.cappedDelay(m, overdue.retryDelaySeconds);
    this.acks.putBack(m, delay);
    const route = m.route as ConsumerRoute;
    const lateMs = this.o.clock.now() - m.startedAt - (route.timeoutMs ?? 0);
    this.report.overdueSettled(m, route, lateMs, this.isLastAttempt(m) ? undefined : delay);
    this.releaseGroupOf(m);
  }

  /** Puts a message back at once (visibility 0), as if it had not been received. */
  released(m: ReceivedMessage): void {
    if (!this.held.finish(m)) return;
    this.acks.putBack(m, 0);
  }

  /** No handler takes the message's type: `unhandledMessages` says what happens. */
  unhandled(m: ReceivedMessage, error: UnhandledMessageTypeError): void {
    const policy = this.o.unhandledMessages;
    if (policy === 'fail') return this.failed(m, undefined, error);
    if (!this.held.finish(m)) return;
    if (policy === 'delete') {
      this.report.unhandledDeleted(m, error);
      this.acks.delete(m);
      this.startNextInGroup(m);
      return;
    }
    this.report.attemptFailed({ message: m, handler: undefined, error, retryDelaySeconds: 0 });
    this.acks.putBack(m, 0);
    this.releaseGroupOf(m);
  }

  /** Reports a failed attempt; returns its retry delay in seconds. */
  private attemptFailed(
    m: ReceivedMessage,
    route: ConsumerRoute | undefined,
    error: unknown,
  ): number {
    const last = this.isLastAttempt(m);
    const delay = last ? 0 : this.cappedDelay(m, this.retryDelay(m, route, error));
    this.report.attemptFailed({
      message: m,
      handler: route?.handler,
      error,
      retryDelaySeconds: delay,
      ...(last ? { deadLetter: { queueArn: this.o.queue.deadLetterTargetArn } } : {}),
    });
    return delay;
  }

  /** Whether SQS dead-letters this message at its next receive (its receives are used up). */
  private isLastAttempt(m: ReceivedMessage): boolean {
    const max = this.o.queue.maxReceiveCount;
    return max !== undefined && m.receiveCount >= max;
  }

  /** A retry delay within SQS's 12-hour limit on a message's visibility since its receive. */
  private cappedDelay(m: ReceivedMessage, seconds: number): number {
    const heldSeconds = Math.ceil((this.o.clock.now() - m.receivedAt) / 1000);
    return Math.max(0, Math.min(seconds, MAX_VISIBILITY_SECONDS - heldSeconds));
  }

  private retryDelay(m: ReceivedMessage, route: ConsumerRoute | undefined, error: unknown): number {
    const backoff = route?.backoff ?? this.o.defaultBackoff;
    if (!backoff) return 0;
    try {
      const seconds = backoff(m.receiveCount, error);
      return Number.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
    } catch {
      // A backoff that throws must not lose the message: retry at once.
      return 0;
    }
  }

  /** FIFO (single-message handlers): starts the message waiting behind `m`, if any. */
  private startNextInGroup(m: ReceivedMessage): void {
    if (!this.o.queue.fifo || this.o.batchMode) return;
    const next = this.groups.next(m);
    if (next) this.startNext(next);
  }

  /** FIFO (single-message handlers): puts back the messages waiting behind `m`, closes its group. */
  private releaseGroupOf(m: ReceivedMessage): void {
    if (!this.o.queue.fifo || this.o.batchMode) return;
    for (const waiting of this.groups.close(m)) this.released(waiting);
  }

  /**
   * FIFO: puts back the messages waiting behind `m` (single or batch handler); its group stays
   * taken while it runs.
   */
  private releaseFollowersOf(m: ReceivedMessage): void {
    if (!this.o.queue.fifo) return;
    for (const waiting of this.groups.takeFollowers(m)) this.released(waiting);
  }
}
