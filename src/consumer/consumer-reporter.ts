import {
  ACK_GAVE_UP,
  BACKEND_CALL_FAILED,
  BATCH_ENTRY_FAILED,
  CONSUMER_STARTED,
  CONSUMER_STOPPED,
  HANDLER_FAILED,
  HANDLER_IGNORES_SIGNAL,
  HANDLER_RUNNING_LONG,
  HEARTBEAT_LIMIT,
  INTERNAL_ERROR,
  MESSAGE_BODY_DEBUG,
  MESSAGE_DEAD_LETTERED,
  MESSAGE_REDELIVERED_WHILE_HELD,
  OVERDUE_HANDLER_SETTLED,
  SHUTDOWN_RECEIVES_ABANDONED,
  SHUTDOWN_TIMED_OUT,
  UNHANDLED_DELETED,
} from '../errors/sqs.messages';
import type { SqsEventMap, SqsEventName } from '../interfaces/sqs-events.interface';
import type { SqsLogger } from '../interfaces/sqs-logger.interface';
import type { AckEntry, AckEntryFailure } from './ack-batcher';
import type { ConsumerRoute } from './consumer-route';
import type { ReceivedMessage } from './received-message';
import type { SqsEvents } from './sqs-events';
import type { SqsHandlerStatus } from './sqs-consumer-config.interface';
import { StackOnce } from './stack-once';

export interface ConsumerReporterOptions {
  readonly queue: string;
  readonly logger: SqsLogger | undefined;
  readonly events: SqsEvents;
  readonly logMessageBodies?: boolean;
  /** Every handler, listed in the status from boot even before it runs. */
  readonly handlers: readonly string[];
}

/** A failed attempt, as it is reported. */
export interface FailedAttempt {
  readonly message: ReceivedMessage;
  /** Undefined when no handler ran (the body did not decode, or no handler takes its type). */
  readonly handler: string | undefined;
  readonly error: unknown;
  /** When it is tried again, in seconds. */
  readonly retryDelaySeconds: number;
  /** Set on the last attempt: SQS moves the message to this dead-letter queue at its next receive. */
  readonly deadLetter?: { readonly queueArn: string | undefined };
}

/**
 * Everything a consumer tells the world: its log lines, its events, and the counters its status
 * shows. The consumer's other parts decide; this says what they decided, in one place and one
 * voice, so that no decision is logged twice or not at all.
 */
export class ConsumerReporter {
  private processedCount = 0;
  private failedCount = 0;
  private readonly byHandler = new Map<string, { processed: number; failed: number }>();
  private readonly stacks = new StackOnce();

  constructor(private readonly o: ConsumerReporterOptions) {
    for (const handler of o.handlers) this.countsOf(handler);
  }

  /** Messages handled successfully since boot. */
  get processed(): number {
    return this.processedCount;
  }

  /** Failed attempts since boot. */
  get failed(): number {
    return this.failedCount;
  }

  /** Per-handler rows of the status, with what runs in each now. */
  handlerRows(running: ReadonlyMap<string, number>): SqsHandlerStatus[] {
    return [...this.byHandler].map(([handler, c]) => ({
      handler,
      running: running.get(handler) ?? 0,
      processed: c.processed,
      failed: c.failed,
    }));
  }

  emit<K extends SqsEventName>(name: K, build: () => SqsEventMap[K]): void {
    const events = this.o.events;
    if (events.has(name)) events.emit(name, build());
  }

  started(handlers: readonly string[], concurrency: number): void {
    this.o.logger?.log(CONSUMER_STARTED(this.o.queue, handlers, concurrency));
    this.emit('consumerStarted', () => ({ queue: this.o.queue }));
  }

  stopped(): void {
    this.o.logger?.log(CONSUMER_STOPPED(this.o.queue));
    this.emit('consumerStopped', () => ({ queue: this.o.queue }));
  }

  received(m: ReceivedMessage): void {
    this.emit('messageReceived', () => ({ queue: this.o.queue, message: m }));
  }

  redeliveredWhileHeld(m: ReceivedMessage): void {
    this.o.logger?.warn(MESSAGE_REDELIVERED_WHILE_HELD(this.o.queue, m.id, m.receiveCount));
  }

  succeeded(m: ReceivedMessage, handler: string, durationMs: number): void {
    this.processedCount++;
    this.countsOf(handler).processed++;
    this.emit('messageProcessed', () => ({ queue: this.o.queue, handler, message: m, durationMs }));
  }

  /** One line per failed attempt (with the error's stack the first time it is seen), and events. */
  attemptFailed(a: FailedAttempt): void {
    const { message: m, handler, error, retryDelaySeconds } = a;
    const { queue, logger } = this.o;
    this.failedCount++;
    if (handler !== undefined) this.countsOf(handler).failed++;
    const reason = reasonOf(error);
    const line = a.deadLetter
      ? MESSAGE_DEAD_LETTERED(handler, queue, m.id, m.receiveCount, reason)
      : HANDLER_FAILED(handler, queue, m.id, m.receiveCount, reason, retryDelaySeconds);
    logger?.warn(this.stacks.withFirstStack(line, handler, error));
    if (this.o.logMessageBodies) logger?.debug?.(MESSAGE_BODY_DEBUG(queue, m.id, m.raw.Body ?? ''));
    this.emit('messageFailed', () => ({ queue, handler, message: m, error, retryDelaySeconds }));
    const deadLetter = a.deadLetter;
    if (deadLetter) {
      this.emit('messageDeadLettered', () => ({
        queue,
        handler,
        message: m,
        error,
        deadLetterQueueArn: deadLetter.queueArn,
      }));
    }
  }

  overdueSettled(m: ReceivedMessage, route: ConsumerRoute, lateMs: number, retryIn?: number): void {
    this.o.logger?.debug?.(
      OVERDUE_HANDLER_SETTLED(route.handler, this.o.queue, m.id, lateMs, retryIn),
    );
  }

  unhandledDeleted(m: ReceivedMessage, error: Error): void {
    this.o.logger?.warn(UNHANDLED_DELETED(this.o.queue, m.id, error.message));
    this.emit('error', () => ({ queue: this.o.queue, operation: 'route', error }));
  }

  /** A handler call has run far too long (see `Dispatcher`'s stuck watch). */
  stuck(m: ReceivedMessage, route: ConsumerRoute, runningMs: number): void {
    this.o.logger?.warn(
      route.timeoutMs === undefined
        ? HANDLER_RUNNING_LONG(route.handler, this.o.queue, m.id, runningMs)
        : HANDLER_IGNORES_SIGNAL(route.handler, this.o.queue, m.id, runningMs - route.timeoutMs),
    );
  }

  heartbeatLimit(m: ReceivedMessage): void {
    this.o.logger?.warn(HEARTBEAT_LIMIT(this.o.queue, m.id));
  }

  backendCallFailed(operation: string, error: unknown, retryMs: number): void {
    this.o.logger?.error(BACKEND_CALL_FAILED(this.o.queue, operation, reasonOf(error), retryMs));
    this.emit('error', () => ({ queue: this.o.queue, operation, error }));
  }

  ackEntryFailed(operation: string, failure: AckEntryFailure): void {
    this.o.logger?.warn(BATCH_ENTRY_FAILED(this.o.queue, operation, failure.code, failure.message));
    this.emit('error', () => ({
      queue: this.o.queue,
      operation,
      error: Object.assign(new Error(failure.message), { code: failure.code }),
    }));
  }

  ackRequestFailed(
    operation: string,
    error: unknown,
    entries: readonly AckEntry[],
    retryMs: number | undefined,
  ): void {
    const reason = reasonOf(error);
    this.o.logger?.error(
      retryMs === undefined
        ? ACK_GAVE_UP(this.o.queue, operation, entries.length, reason)
        : BACKEND_CALL_FAILED(this.o.queue, operation, reason, retryMs),
    );
    this.emit('error', () => ({ queue: this.o.queue, operation, error }));
  }

  receivesAbandoned(open: number, waitedMs: number): void {
    this.o.logger?.warn(SHUTDOWN_RECEIVES_ABANDONED(this.o.queue, open, waitedMs));
  }

  shutdownTimedOut(running: number, waitedMs: number, inProcess: boolean): void {
    this.o.logger?.warn(SHUTDOWN_TIMED_OUT(this.o.queue, running, waitedMs, inProcess));
  }

  /** A bug of ours: logged and announced, never an unhandled rejection that takes the app down. */
  internalError(error: unknown): void {
    this.o.logger?.error(INTERNAL_ERROR(this.o.queue, reasonOf(error)), (error as Error)?.stack);
    this.emit('error', () => ({ queue: this.o.queue, operation: 'internal', error }));
  }

  private countsOf(handler: string): { processed: number; failed: number } {
    let counts = this.byHandler.get(handler);
    if (!counts) this.byHandler.set(handler, (counts = { processed: 0, failed: 0 }));
    return counts;
  }
}

/** An error's message, for a log line. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
