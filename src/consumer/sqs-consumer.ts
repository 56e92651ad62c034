import type { Message } from '@aws-sdk/client-sqs';
import type { Clock } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import { SHUTDOWN_GAVE_UP } from '../errors/sqs.messages';
import type { AckEntryFailure } from './ack-batcher';
import { Acknowledgements } from './acknowledgements';
import { backendRetryDelayMs } from './backoff';
import { ConsumerReporter } from './consumer-reporter';
import { Dispatcher } from './dispatcher';
import { FifoGroups } from './fifo-groups';
import { HeldMessages } from './held-messages';
import { MessageRouter } from './message-router';
import { MessageStage, type MessageOwner, type ReceivedMessage } from './received-message';
import { ReceiveLoop } from './receive-loop';
import { Settlement } from './settlement';
import type { SqsConsumerConfig, SqsConsumerStatus } from './sqs-consumer-config.interface';
import { VisibilityHeartbeat } from './visibility-heartbeat';

type ConsumerState = SqsConsumerStatus['state'];

/** How long past its abort grace a stop waits for an open receive to end (real ms). */
const RECEIVE_END_MARGIN_MS = 1_000;

/**
 * Consumes one queue: polls with back-pressure, runs handlers, deletes what succeeded and puts
 * back what failed, keeps held messages invisible, and stops without losing anything. It is the
 * lifecycle (start, stop, status) around five parts, each with one job:
 *
 * - {@link ReceiveLoop}: when to receive, and how much (worker slots, back-pressure, pauses).
 * - {@link Dispatcher}: what runs, in which handler, in which order (FIFO groups, batches).
 * - {@link Settlement}: how a message leaves: deleted, retried after its backoff, or put back.
 * - {@link VisibilityHeartbeat}: keeps held messages invisible while their handlers run.
 * - {@link Acknowledgements}: the deletes and visibility changes owed to SQS, batched.
 *
 * {@link HeldMessages} is what they share: the messages held and the slots they take.
 * {@link ConsumerReporter} says what they do: logs, events and counters.
 */
export class SqsConsumer implements MessageOwner {
  private state: ConsumerState = 'stopped';
  private stopping: Promise<void> | undefined;
  private readonly held: HeldMessages;
  private readonly report: ConsumerReporter;
  private readonly acks: Acknowledgements;
  private readonly groups = new FifoGroups();
  private readonly settlement: Settlement;
  private readonly dispatcher: Dispatcher;
  private readonly receiver: ReceiveLoop;
  private readonly heartbeat: VisibilityHeartbeat | undefined;
  /** Times the receive abort grace: it measures a network, so real time unless told otherwise. */
  private readonly network: Clock;
  private readonly idleWaiters = new Map<'runs' | 'receives', () => void>();

  constructor(private readonly config: SqsConsumerConfig) {
    const { queue, clock, routes } = config;
    const onInternalError = (error: unknown) => this.report.internalError(error);
    const random = config.random ?? Math.random;
    this.network = config.networkClock ?? new SystemClock();
    const batchMode = routes.length > 0 && routes.every((r) => r.batch);
    const visibilitySeconds = config.visibilityTimeout ?? queue.visibilityTimeout;
    this.report = new ConsumerReporter({
      queue: queue.name,
      logger: config.logger,
      events: config.events,
      logMessageBodies: config.logMessageBodies,
      handlers: routes.map((r) => r.handler),
    });
    // Worker slots for the messages in handlers, and for those received ahead of free workers.
    this.held = new HeldMessages(config.concurrency + config.prefetch, () =>
      onInternalError(new Error('a worker slot was released twice')),
    );
    this.acks = new Acknowledgements({
      port: config.port,
      queueUrl: queue.url,
      clock,
      concurrency: config.concurrency,
      held: () => this.held.size,
      retryDelayMs: (failures) => backendRetryDelayMs(failures, random),
      onEntryFailed: (operation, failure) => this.ackEntryFailed(operation, failure),
      onExtensionLanded: (m) => this.keepBeatBeforeDeadline(m),
      onRequestFailed: (operation, error, entries, retryMs) =>
        this.report.ackRequestFailed(operation, error, entries, retryMs),
    });
    this.heartbeat =
      config.heartbeatFraction !== undefined && visibilitySeconds > 0
        ? new VisibilityHeartbeat(
            clock,
            this.held,
            visibilitySeconds,
            config.heartbeatFraction,
            this.acks,
            this.report,
          )
        : undefined;
    this.settlement = new Settlement(
      {
        queue,
        clock,
        unhandledMessages: config.unhandledMessages,
        defaultBackoff: routes[0]?.backoff,
        batchMode,
      },
      this.held,
      this.acks,
      this.groups,
      this.report,
      (m) => this.dispatcher.process(m),
    );
    const afterSettle = () => {
      this.receiver.schedulePump();
      this.acks.deletes.nudge();
      this.notifyIfIdle();
    };
    this.dispatcher = new Dispatcher(
      {
        queue,
        clock,
        visibilitySeconds,
        heartbeatFraction: config.heartbeatFraction,
        batchMode,
        concurrency: config.concurrency,
      },
      {
        held: this.held,
        router: new MessageRouter(routes, queue.messageTypeAttribute),
        groups: this.groups,
        settlement: this.settlement,
        heartbeat: this.heartbeat,
        report: this.report,
        owner: this,
        afterSettle,
        onInternalError,
      },
    );
    this.receiver = new ReceiveLoop(
      {
        port: config.port,
        request: {
          QueueUrl: queue.url,
          WaitTimeSeconds: config.waitTimeSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          ...(config.visibilityTimeout !== undefined
            ? { VisibilityTimeout: config.visibilityTimeout }
            : {}),
        },
        clock,
        network: this.network,
        batchSize: config.batchSize,
        concurrency: config.concurrency,
        prefetch: config.prefetch,
        waitTimeSeconds: config.waitTimeSeconds,
        pollIntervalMs: config.pollIntervalMs,
        receiveAbortGraceMs: config.receiveAbortGraceMs,
        receiveTimeoutMs: config.receiveTimeoutMs,
        random,
      },
      {
        slots: this.held.slots,
        report: this.report,
        isRunning: () => this.state === 'running',
        hasWaiting: () => this.dispatcher.hasWaiting,
        stalled: () => this.dispatcher.stalled,
        deliver: (messages) => this.deliver(messages),
        receiveEnded: () => this.notifyIfIdle(),
        onInternalError,
      },
    );
  }

  /** Logical queue name. */
  get queue(): string {
    return this.config.queue.name;
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  status(): SqsConsumerStatus {
    const running = this.held.running(this.config.clock.now());
    return {
      queue: this.queue,
      state: this.state,
      handlers: this.config.routes.map((r) => r.handler),
      concurrency: this.config.concurrency,
      inFlight: this.held.size,
      running: running.total,
      receiving: this.receiver.open.size,
      longestRunningMs: running.longestMs,
      processed: this.report.processed,
      failed: this.report.failed,
      byHandler: this.report.handlerRows(running.byHandler),
    };
  }

  /** Starts polling (after a running stop has finished). Idempotent. */
  async start(): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.state === 'running') return;
    this.state = 'running';
    this.report.started(
      this.config.routes.map((r) => r.handler),
      this.config.concurrency,
    );
    this.receiver.start();
  }

  /**
   * Stops: aborts open receives, puts back messages that have not started (visibility 0), waits
   * for running handlers up to `shutdownTimeoutMs`, flushes deletes and visibility changes.
   */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    // Stopped already: handlers an earlier stop gave up on may have settled since, and what they
    // owe SQS is flushed before this stop, too, resolves.
    if (this.state === 'stopped') return this.acks.drain();
    this.state = 'stopping';
    this.stopping = this.shutdown().finally(() => {
      this.state = 'stopped';
      this.stopping = undefined;
      this.report.stopped();
    });
    return this.stopping;
  }

  async changeVisibilityOf(message: ReceivedMessage, seconds: number): Promise<void> {
    const { clock, heartbeatFraction: fraction } = this.config;
    const request = {
      QueueUrl: this.config.queue.url,
      ReceiptHandle: message.receiptHandle,
      VisibilityTimeout: seconds,
    };
    // A value that is not a number is SQS's to refuse; it never counts as a deadline.
    if (!Number.isFinite(seconds)) {
      await this.config.port.changeMessageVisibility(request);
      return;
    }
    const sentAt = clock.now();
    message.visibilitySent(sentAt, seconds);
    // SQS may apply it as soon as it arrives: from then on the beats follow its timeout.
    this.beatMoved(message, message.beatBeforeDeadline(sentAt, fraction));
    try {
      await this.config.port.changeMessageVisibility(request);
    } catch (e) {
      message.visibilityFailed(clock.now(), seconds);
      // SQS may have applied it before the failure came back: the next beat comes as if it had.
      if (fraction !== undefined && seconds > 0) {
        this.beatMoved(message, message.beatNoLaterThan(sentAt + seconds * 1000 * fraction));
      }
      throw e;
    }
    message.visibilityLanded(sentAt, clock.now(), seconds);
    message.scheduleBeat(sentAt, seconds, fraction);
    message.beatBeforeDeadline(clock.now(), fraction);
    if (this.held.holds(message)) this.heartbeat?.schedule(message);
  }

  /**
   * A change SQS accepted may have left the message an earlier deadline than its next heartbeat
   * expects (a heartbeat and the handler's change overlapped): the beat then comes before it.
   */
  private keepBeatBeforeDeadline(message: ReceivedMessage): void {
    const { clock, heartbeatFraction } = this.config;
    this.beatMoved(message, message.beatBeforeDeadline(clock.now(), heartbeatFraction));
  }

  /** After `message`'s next beat `moved` earlier: the heartbeat's timer follows, if it holds it. */
  private beatMoved(message: ReceivedMessage, moved: boolean): void {
    if (moved && this.held.holds(message)) this.heartbeat?.schedule(message);
  }

  private deliver(messages: Message[]): void {
    if (this.state === 'running') this.dispatcher.accept(messages);
    else this.dispatcher.putBack(messages);
  }

  private ackEntryFailed(operation: string, failure: AckEntryFailure): void {
    // A heartbeat for a message that has since settled may find it gone; that is expected.
    if (failure.entry.heartbeat && !this.held.holds(failure.entry.message)) return;
    this.report.ackEntryFailed(operation, failure);
  }

  private async shutdown(): Promise<void> {
    const { shutdownTimeoutMs } = this.config;
    this.receiver.stop();
    for (const waiting of this.groups.takeAllWaiting()) this.settlement.released(waiting);
    this.dispatcher.releaseWaiting();
    const receiveWaitMs = this.config.receiveAbortGraceMs + RECEIVE_END_MARGIN_MS;
    const [finished, received] = await Promise.all([
      this.waitUntilIdle('runs', shutdownTimeoutMs),
      // Open receives end by their abort grace (network time). None should outlive the stop: a
      // response arriving after it would strand its messages in flight. The margin covers a port
      // that answers an abort late; after it, what such a receive brings is still put back.
      this.waitUntilIdle('receives', receiveWaitMs),
    ]);
    if (!received) this.report.receivesAbandoned(this.receiver.open.size, receiveWaitMs);
    if (!finished) {
      const running = this.held.running(this.config.clock.now()).total;
      this.report.shutdownTimedOut(
        running,
        shutdownTimeoutMs,
        this.config.inProcessBackend ?? false,
      );
      const reason = new Error(SHUTDOWN_GAVE_UP(this.queue));
      for (const m of this.held.values()) if (m.stage === MessageStage.Running) m.abort(reason);
    }
    // The heartbeat and the stuck-handler watch go on while anything is held: a handler the stop
    // gave up on still runs, and its message must stay invisible while it does (their timers
    // never keep the process alive). With nothing held they have no timer anyway.
    await this.acks.drain();
  }

  private isIdle(what: 'runs' | 'receives'): boolean {
    return what === 'runs' ? this.dispatcher.activeRuns === 0 : this.receiver.open.size === 0;
  }

  /**
   * Resolves true once no handler runs (`runs`, limited on the clock: `shutdownTimeoutMs`) or no
   * receive is open (`receives`, limited on the network clock, like the abort grace), false on
   * timeout.
   */
  private waitUntilIdle(what: 'runs' | 'receives', timeoutMs: number): Promise<boolean> {
    if (this.isIdle(what)) return Promise.resolve(true);
    const clock = what === 'runs' ? this.config.clock : this.network;
    return new Promise<boolean>((resolve) => {
      const done = (idle: boolean) => {
        this.idleWaiters.delete(what);
        clock.clearTimer(timer);
        resolve(idle);
      };
      const timer = clock.setTimer(() => done(false), timeoutMs, { keepAlive: true });
      this.idleWaiters.set(what, () => done(true));
    });
  }

  private notifyIfIdle(): void {
    for (const [what, wake] of this.idleWaiters) if (this.isIdle(what)) wake();
  }
}
