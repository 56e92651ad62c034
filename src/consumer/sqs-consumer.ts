import type { Message, ReceiveMessageRequest } from '@aws-sdk/client-sqs';
import { type Clock, type ClockTimer } from '../clock/clock.interface';
import { SystemClock } from '../clock/system-clock';
import type { HandlerTimeoutError } from '../errors/handler-timeout.error';
import { MessageDecodeError } from '../errors/message-decode.error';
import {
  ACK_GAVE_UP,
  BACKEND_CALL_FAILED,
  BATCH_ENTRY_FAILED,
  BATCH_ITEM_FAILED,
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
  SHUTDOWN_GAVE_UP,
  RECEIVE_HUNG,
  SHUTDOWN_RECEIVES_ABANDONED,
  SHUTDOWN_TIMED_OUT,
  UNHANDLED_DELETED,
} from '../errors/sqs.messages';
import { UnhandledMessageTypeError } from '../errors/unhandled-message-type.error';
import type { SqsBackoffFunction } from '../interfaces/sqs-consumer-options.interface';
import type { SqsEventMap, SqsEventName } from '../interfaces/sqs-events.interface';
import type { SqsBatchResult, SqsMessage } from '../interfaces/sqs-message.interface';
import type { AckBatcher, AckEntry, AckEntryFailure } from './ack-batcher';
import { createAckBatchers } from './ack-batchers';
import { backendRetryDelayMs } from './backoff';
import type { ConsumerRoute } from './consumer-route';
import { FifoGroups, groupOf } from './fifo-groups';
import { invokeHandler } from './handler-invocation';
import { MessageRouter } from './message-router';
import {
  MessageStage,
  type MessageOwner,
  type OverdueAttempt,
  ReceivedMessage,
} from './received-message';
import { Semaphore } from './semaphore';
import { StackOnce } from './stack-once';
import type { SqsConsumerConfig, SqsConsumerStatus } from './sqs-consumer-config.interface';
import { HeldMessageTimer } from './held-message-timer';

/** SQS's limit on a message's total visibility since its receive, in seconds. */
const MAX_VISIBILITY_SECONDS = 43_200;

type ConsumerState = SqsConsumerStatus['state'];

/**
 * Consumes one queue: polls with back-pressure, runs handlers, deletes what succeeded and puts
 * back what failed, keeps held messages invisible, and stops without losing anything.
 *
 * - Worker slots are a {@link Semaphore} of `concurrency`. A receive is issued only when a slot
 *   is free and asks for `min(batchSize, free slots)`; while one receive is open, another starts
 *   only once a full batch worth of slots is free, so a busy consumer still receives in tens.
 * - Success queues a delete, failure a visibility change to the backoff delay (0 on the last
 *   attempt, so SQS dead-letters it on the next receive), both batched by an {@link AckBatcher}.
 * - FIFO: messages of one group run one at a time in receive order; a failure puts back the
 *   group's waiting messages, so order holds across retries. Groups run in parallel.
 * - Backend errors pause polling on the clock with exponential backoff; nothing else stops it.
 */
export class SqsConsumer implements MessageOwner {
  private state: ConsumerState = 'stopped';
  private readonly slots: Semaphore;
  /** Messages received and not yet settled, by message id. */
  private readonly held = new Map<string, ReceivedMessage>();
  private readonly receives = new Map<AbortController, OpenReceive>();
  private readonly groups = new FifoGroups();
  private readonly router: MessageRouter;
  private readonly deletes: AckBatcher;
  private readonly visibility: AckBatcher;
  private readonly heartbeat: HeldMessageTimer | undefined;
  /** Warns about handler calls that run far too long (see `stuckAt`). */
  private readonly watch: HeldMessageTimer;
  private readonly receiveInput: ReceiveMessageRequest;
  private readonly visibilitySeconds: number;
  private readonly fullBatch: number;
  private readonly batchMode: boolean;
  private readonly random: () => number;
  /** Times the receive abort grace: it measures a network, so real time unless told otherwise. */
  private readonly network: Clock;
  private readonly onInternalError = (error: unknown) => this.internalError(error);
  private pauseTimer: ClockTimer | undefined;
  private pumpScheduled = false;
  private backendFailures = 0;
  private activeRuns = 0;
  private runningMessages = 0;
  private processedCount = 0;
  private failedCount = 0;
  /** Counts per handler name, in route order. */
  private readonly byHandler = new Map<string, HandlerCounts>();
  private stopping: Promise<void> | undefined;
  private readonly idleWaiters = new Map<'runs' | 'receives', () => void>();
  private readonly stacks = new StackOnce();

  constructor(private readonly config: SqsConsumerConfig) {
    const { queue, clock } = config;
    this.slots = new Semaphore(config.concurrency, () =>
      this.internalError(new Error('a worker slot was released twice')),
    );
    this.router = new MessageRouter(config.routes, queue.messageTypeAttribute);
    for (const r of config.routes) this.countsOf(r.handler); // every handler listed from boot
    this.batchMode = config.routes.length > 0 && config.routes.every((r) => r.batch);
    this.fullBatch = Math.min(config.batchSize, config.concurrency);
    this.visibilitySeconds = config.visibilityTimeout ?? queue.visibilityTimeout;
    this.random = config.random ?? Math.random;
    this.network = config.networkClock ?? new SystemClock();
    this.receiveInput = {
      QueueUrl: queue.url,
      WaitTimeSeconds: config.waitTimeSeconds,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      ...(config.visibilityTimeout !== undefined
        ? { VisibilityTimeout: config.visibilityTimeout }
        : {}),
    };
    const acks = createAckBatchers({
      port: config.port,
      queueUrl: queue.url,
      clock,
      concurrency: config.concurrency,
      retryDelayMs: (failures) => backendRetryDelayMs(failures, this.random),
      onEntryFailed: (operation, failure) => this.ackEntryFailed(operation, failure),
      onRequestFailed: (operation, error, entries, retryMs) =>
        this.ackRequestFailed(operation, error, entries, retryMs),
    });
    this.deletes = acks.deletes;
    this.visibility = acks.visibility;
    this.heartbeat =
      config.heartbeatFraction !== undefined && this.visibilitySeconds > 0
        ? new HeldMessageTimer(
            clock,
            this.held,
            (m) => m.nextBeatAt,
            (due, now) => this.extend(due, now),
          )
        : undefined;
    this.watch = new HeldMessageTimer(
      clock,
      this.held,
      (m) => m.stuckAt,
      (due, now) => this.reportStuck(due, now),
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
    return {
      queue: this.queue,
      state: this.state,
      handlers: this.config.routes.map((r) => r.handler),
      concurrency: this.config.concurrency,
      inFlight: this.held.size,
      running: this.runningMessages,
      receiving: this.receives.size,
      longestRunningMs: this.longestRunningMs(),
      processed: this.processedCount,
      failed: this.failedCount,
      byHandler: [...this.byHandler].map(([handler, c]) => ({ handler, ...c })),
    };
  }

  private longestRunningMs(): number {
    const now = this.config.clock.now();
    let longest = 0;
    for (const m of this.held.values()) {
      if (m.stage === MessageStage.Running) longest = Math.max(longest, now - m.startedAt);
    }
    return longest;
  }

  /** Starts polling (after a running stop has finished). Idempotent. */
  async start(): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.state === 'running') return;
    this.state = 'running';
    this.backendFailures = 0;
    const handlers = this.config.routes.map((r) => r.handler);
    this.config.logger?.log(CONSUMER_STARTED(this.queue, handlers, this.config.concurrency));
    this.emit('consumerStarted', () => ({ queue: this.queue }));
    this.pump();
  }

  /**
   * Stops: aborts open receives, puts back messages that have not started (visibility 0), waits
   * for running handlers up to `shutdownTimeoutMs`, flushes deletes and visibility changes.
   */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    // Stopped already: handlers an earlier stop gave up on may have settled since, and what they
    // owe SQS is flushed before this stop, too, resolves.
    if (this.state === 'stopped') return this.drainAcks();
    this.state = 'stopping';
    this.stopping = this.shutdown().finally(() => {
      this.state = 'stopped';
      this.stopping = undefined;
      this.config.logger?.log(CONSUMER_STOPPED(this.queue));
      this.emit('consumerStopped', () => ({ queue: this.queue }));
    });
    return this.stopping;
  }

  async changeVisibilityOf(message: ReceivedMessage, seconds: number): Promise<void> {
    await this.config.port.changeMessageVisibility({
      QueueUrl: this.config.queue.url,
      ReceiptHandle: message.receiptHandle,
      VisibilityTimeout: seconds,
    });
    const now = this.config.clock.now();
    const fraction = this.config.heartbeatFraction;
    message.visibleUntil = now + seconds * 1000;
    message.nextBeatAt =
      seconds === 0 || fraction === undefined ? Infinity : now + seconds * 1000 * fraction;
    if (this.holds(message)) this.heartbeat?.schedule(message.nextBeatAt);
  }

  // ---- polling ----------------------------------------------------------------------------------

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Settlements of one microtask wave coalesce into one decision, so a batch that completes
    // together frees its slots together and is refilled by one full receive.
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.state === 'running' && this.pauseTimer === undefined) {
      const free = this.slots.available;
      if (free <= 0) return;
      if (this.receives.size > 0 && free < this.fullBatch) return;
      this.receive(this.slots.tryAcquire(this.config.batchSize));
    }
  }

  private receive(reserved: number): void {
    const controller = new AbortController();
    let request: Promise<{ Messages?: Message[] }>;
    try {
      request = this.config.port.receiveMessage(
        { ...this.receiveInput, MaxNumberOfMessages: reserved },
        { abortSignal: controller.signal },
      );
    } catch (error) {
      request = Promise.reject(error);
    }
    const open: OpenReceive = { startedAt: this.network.now(), reserved };
    this.receives.set(controller, open);
    const limit = this.config.receiveTimeoutMs;
    if (limit !== undefined) {
      // A receive the network never answers (a half-open connection) would hold its slots for
      // good: past its long poll and a margin it is aborted and retried like a failure.
      open.watchdog = this.network.setTimer(() => {
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
      .catch(this.onInternalError);
  }

  private receiveEnded(controller: AbortController): OpenReceive | undefined {
    const open = this.receives.get(controller);
    if (open?.abortTimer !== undefined) this.network.clearTimer(open.abortTimer);
    if (open?.watchdog !== undefined) this.network.clearTimer(open.watchdog);
    this.receives.delete(controller);
    return open;
  }

  /**
   * Aborts the open receives for a stop. One open longer than the grace is waiting in a long poll
   * (the queue had nothing for it) and ends now. A younger one may be returning messages (or be a
   * poll just re-sent after an empty one: then the stop waits up to the grace for nothing), and an
   * abort over the network could strand them in flight, so it gets the rest of the grace and what
   * it brings goes back (see `received`). On the network clock: it measures a network.
   */
  private abortReceives(): void {
    const grace = this.config.receiveAbortGraceMs;
    const now = this.network.now();
    for (const [controller, open] of this.receives) {
      const left = open.startedAt + grace - now;
      if (left <= 0) controller.abort();
      else {
        open.abortTimer ??= this.network.setTimer(() => controller.abort(), left, {
          keepAlive: true,
        });
      }
    }
  }

  private received(controller: AbortController, reserved: number, messages: Message[]): void {
    this.receiveEnded(controller);
    this.backendFailures = 0;
    if (messages.length < reserved) this.slots.release(reserved - messages.length);
    else if (messages.length > reserved) this.slots.forceAcquire(messages.length - reserved);
    if (messages.length === 0) {
      if (this.config.waitTimeSeconds === 0 && this.state === 'running') {
        this.pause(this.config.pollIntervalMs);
      } else {
        this.pump();
      }
      this.notifyIfIdle();
      return;
    }
    if (this.state !== 'running') {
      // Received as we stopped: nobody will handle these, so they go back at once.
      const now = this.config.clock.now();
      for (const raw of messages) {
        if (this.adopt(raw, now)) continue;
        const m = new ReceivedMessage(raw, this.queue, this, now, 0, undefined);
        this.held.set(m.id, m);
        this.settleReleased(m);
      }
      this.notifyIfIdle();
      return;
    }
    this.accept(messages);
    this.pump();
  }

  private receiveFailed(controller: AbortController, reserved: number, error: unknown): void {
    const open = this.receiveEnded(controller);
    this.slots.release(reserved);
    this.notifyIfIdle();
    if (this.state !== 'running') return;
    if (open?.hung) {
      error = new Error(RECEIVE_HUNG(this.config.receiveTimeoutMs as number));
    } else if (controller.signal.aborted) {
      // Aborted by a stop that has since given up on it, and the consumer was started again:
      // its slots are free now, so poll with them. (Nothing but a stop ends polling.)
      this.pump();
      return;
    }
    if (this.pauseTimer !== undefined) return;
    this.backendFailures++;
    const delay = backendRetryDelayMs(this.backendFailures, this.random);
    this.config.logger?.error(
      BACKEND_CALL_FAILED(this.queue, 'ReceiveMessage', reasonOf(error), delay),
    );
    this.emit('error', () => ({ queue: this.queue, operation: 'ReceiveMessage', error }));
    this.pause(delay);
  }

  private pause(ms: number): void {
    if (this.pauseTimer !== undefined) return;
    // A running consumer's next poll keeps a worker process alive, as an open receive would.
    this.pauseTimer = this.config.clock.setTimer(
      () => {
        this.pauseTimer = undefined;
        this.pump();
      },
      ms,
      { keepAlive: true },
    );
  }

  // ---- dispatch ---------------------------------------------------------------------------------

  private accept(messages: Message[]): void {
    const { clock, heartbeatFraction } = this.config;
    const now = clock.now();
    const visibilityMs = this.visibilitySeconds * 1000;
    const received: ReceivedMessage[] = [];
    for (let i = 0; i < messages.length; i++) {
      if (this.adopt(messages[i], now)) continue;
      const m = new ReceivedMessage(
        messages[i],
        this.queue,
        this,
        now,
        visibilityMs,
        heartbeatFraction,
      );
      // Decoded at once, so that `messageReceived` listeners see the body too.
      try {
        m.body = this.config.queue.codec.decode(m.raw.Body ?? '', m.raw);
      } catch (error) {
        m.decodeError = error ?? new Error('decode failed');
      }
      received.push(m);
      this.held.set(m.id, m);
      this.heartbeat?.schedule(m.nextBeatAt);
      this.emit('messageReceived', () => ({ queue: this.queue, message: m }));
    }
    if (this.batchMode) this.dispatchBatch(received);
    else if (this.config.queue.fifo) for (const m of this.groups.admit(received)) this.process(m);
    else for (const m of received) this.process(m);
  }

  /**
   * A new delivery of a message this consumer still holds (its visibility ran out while its
   * handler runs, or SQS delivered it twice): the message held takes the new receipt handle, so
   * its settlement acts on the delivery SQS knows, and it does not run twice at once. Frees the
   * delivery's slot. False if the message is not held.
   */
  private adopt(raw: Message, now: number): boolean {
    const held = this.held.get(raw.MessageId as string);
    if (!held) return false;
    held.adopt(raw, now, this.visibilitySeconds * 1000, this.config.heartbeatFraction);
    this.slots.release(1);
    this.heartbeat?.schedule(held.nextBeatAt);
    this.config.logger?.warn(
      MESSAGE_REDELIVERED_WHILE_HELD(this.queue, held.id, held.receiveCount),
    );
    return true;
  }

  /** Whether `m` is held (not settled, and not replaced by another object for its id). */
  private holds(m: ReceivedMessage): boolean {
    return this.held.get(m.id) === m;
  }

  /** Decodes and routes; on failure settles the message and returns false. */
  private prepare(m: ReceivedMessage): boolean {
    if (m.decodeError !== undefined) {
      const error = new MessageDecodeError(this.queue, m.id, m.decodeError);
      this.settleFailed(m, undefined, undefined, error);
      return false;
    }
    const route = this.router.route(m);
    if (!route) {
      this.settleUnhandled(m);
      return false;
    }
    m.route = route;
    return true;
  }

  private process(m: ReceivedMessage): void {
    if (!this.prepare(m)) return;
    const route = m.route as ConsumerRoute;
    m.stage = MessageStage.Running;
    m.startedAt = this.config.clock.now();
    this.watchRun(m, route);
    this.runningMessages++;
    this.countsOf(route.handler).running++;
    this.activeRuns++;
    invokeHandler(
      this.config.clock,
      route,
      m,
      {
        timedOut: (error) => this.timedOut([m], route, error),
        resolved: () =>
          this.runEnded(() => (m.overdue ? this.settleOverdue(m) : this.settleSucceeded(m))),
        rejected: (error) =>
          this.runEnded(() =>
            m.overdue
              ? this.settleOverdue(m)
              : this.settleFailed(m, route.handler, route.backoff, error),
          ),
      },
      this.onInternalError,
    );
  }

  private dispatchBatch(received: ReceivedMessage[]): void {
    // FIFO: once a message of a group fails before its handler, the group's later messages go
    // back too, or they would overtake it.
    const fifo = this.config.queue.fifo;
    const broken = new Set<string>();
    const prepared: ReceivedMessage[] = [];
    for (const m of received) {
      if (fifo && broken.has(groupOf(m))) this.settleReleased(m);
      else if (this.prepare(m)) prepared.push(m);
      else if (fifo) broken.add(groupOf(m));
    }
    this.runBatches(fifo ? this.groups.admitBatch(prepared) : prepared);
  }

  /** Runs prepared messages, one batch per route. */
  private runBatches(messages: readonly ReceivedMessage[]): void {
    const byRoute = new Map<ConsumerRoute, ReceivedMessage[]>();
    for (const m of messages) {
      const route = m.route as ConsumerRoute;
      const list = byRoute.get(route);
      if (list) list.push(m);
      else byRoute.set(route, [m]);
    }
    for (const [route, list] of byRoute) this.runBatch(route, list);
    if (byRoute.size === 0) this.afterSettle();
  }

  /**
   * FIFO: a batch settled; the messages of its groups that waited behind it run next, or go
   * back for the groups where something failed (`broken`).
   */
  private batchFinished(messages: readonly ReceivedMessage[], broken: ReadonlySet<string>): void {
    if (!this.config.queue.fifo) return;
    const { next, released } = this.groups.finishBatch(messages, broken);
    for (const m of released) this.settleReleased(m);
    if (next.length > 0) this.runBatches(next);
  }

  private runBatch(route: ConsumerRoute, messages: ReceivedMessage[]): void {
    const now = this.config.clock.now();
    for (const m of messages) {
      m.stage = MessageStage.Running;
      m.startedAt = now;
    }
    // One warning for the call, not one per message.
    this.watchRun(messages[0], route);
    this.runningMessages += messages.length;
    this.countsOf(route.handler).running += messages.length;
    this.activeRuns++;
    const everyGroup = () => new Set(messages.map(groupOf));
    const failAll = (error: unknown) => {
      for (const m of messages) this.settleFailed(m, route.handler, route.backoff, error);
      this.batchFinished(messages, everyGroup());
    };
    const settleAllOverdue = () => {
      for (const m of messages) this.settleOverdue(m);
      this.batchFinished(messages, everyGroup());
    };
    invokeHandler(
      this.config.clock,
      route,
      messages,
      {
        timedOut: (error) => this.timedOut(messages, route, error),
        resolved: (value) =>
          this.runEnded(() =>
            messages[0].overdue
              ? settleAllOverdue()
              : this.batchSettled(route, messages, failedOf(value)),
          ),
        rejected: (error) =>
          this.runEnded(() => (messages[0].overdue ? settleAllOverdue() : failAll(error))),
      },
      this.onInternalError,
    );
  }

  private batchSettled(
    route: ConsumerRoute,
    messages: ReceivedMessage[],
    failed: ReadonlyArray<SqsMessage<unknown> | string>,
  ): void {
    const failedMessages = new Set<unknown>();
    const failedIds = new Set<string>();
    for (const f of failed) {
      if (typeof f === 'string') failedIds.add(f);
      else failedMessages.add(f);
    }
    const fifo = this.config.queue.fifo;
    const broken = new Set<string>();
    for (const m of messages) {
      if (fifo && broken.has(groupOf(m))) {
        // Later messages of a group with a failure go back too, or they would overtake it.
        this.settleReleased(m);
      } else if (failedMessages.has(m) || failedIds.has(m.id)) {
        broken.add(groupOf(m));
        const error = new Error(BATCH_ITEM_FAILED(route.handler, m.id));
        this.settleFailed(m, route.handler, route.backoff, error);
      } else {
        this.settleSucceeded(m);
      }
    }
    this.batchFinished(messages, broken);
  }

  private countsOf(handler: string): HandlerCounts {
    let counts = this.byHandler.get(handler);
    if (!counts) this.byHandler.set(handler, (counts = { running: 0, processed: 0, failed: 0 }));
    return counts;
  }

  private runEnded(settle: () => void): void {
    this.activeRuns--;
    settle();
    this.afterSettle();
  }

  // ---- settling ---------------------------------------------------------------------------------

  /** Marks a held message done and frees its slot; false if it already was. */
  private finish(m: ReceivedMessage): boolean {
    if (m.stage === MessageStage.Done) return false;
    if (m.stage === MessageStage.Running) {
      this.runningMessages--;
      this.countsOf((m.route as ConsumerRoute).handler).running--;
    }
    m.stage = MessageStage.Done;
    if (this.holds(m)) this.held.delete(m.id);
    this.slots.release(1);
    return true;
  }

  private settleSucceeded(m: ReceivedMessage): void {
    if (!this.finish(m)) return;
    this.processedCount++;
    this.countsOf((m.route as ConsumerRoute).handler).processed++;
    this.deletes.add({ message: m, attempts: 0 });
    this.emit('messageProcessed', () => ({
      queue: this.queue,
      handler: (m.route as ConsumerRoute).handler,
      message: m,
      durationMs: this.config.clock.now() - m.startedAt,
    }));
    this.startNextInGroup(m);
  }

  private settleFailed(
    m: ReceivedMessage,
    handler: string | undefined,
    backoff: SqsBackoffFunction | undefined,
    error: unknown,
  ): void {
    if (!this.finish(m)) return;
    const delay = this.cappedDelay(m, this.reportFailure(m, handler, backoff, error));
    this.visibility.add({ message: m, visibilityTimeout: delay, attempts: 0 });
    this.releaseGroupOf(m);
  }

  /**
   * A handler ran past its `timeoutMs`: the attempt has failed, and is reported now, but the
   * handler still runs (it may ignore its signal). Its messages stay held — slot taken, FIFO
   * group closed, visibility kept up by the heartbeat — until it settles, so one message never
   * runs twice at once and `concurrency` stays a hard bound. Messages waiting behind it in its
   * group go back now, as after any failure.
   */
  private timedOut(
    messages: readonly ReceivedMessage[],
    route: ConsumerRoute,
    error: HandlerTimeoutError,
  ): void {
    for (const m of messages) {
      m.abort(error);
      if (m.stage !== MessageStage.Running) continue;
      m.overdue = { retryDelaySeconds: this.reportFailure(m, route.handler, route.backoff, error) };
      this.releaseFollowersOf(m);
    }
    // Followers put back free their slots: poll with them.
    this.afterSettle();
  }

  /** A timed-out handler has settled at last: its message is retried as its timeout said. */
  private settleOverdue(m: ReceivedMessage): void {
    const overdue = m.overdue as OverdueAttempt;
    if (!this.finish(m)) return;
    const delay = this.cappedDelay(m, overdue.retryDelaySeconds);
    this.visibility.add({ message: m, visibilityTimeout: delay, attempts: 0 });
    const route = m.route as ConsumerRoute;
    this.config.logger?.debug?.(
      OVERDUE_HANDLER_SETTLED(
        route.handler,
        this.queue,
        m.id,
        this.config.clock.now() - m.startedAt - (route.timeoutMs ?? 0),
        this.isLastAttempt(m) ? undefined : delay,
      ),
    );
    this.releaseGroupOf(m);
  }

  /**
   * Counts, logs and announces a failed attempt; returns its retry delay in seconds (0 on the
   * last attempt, so SQS dead-letters it on the next receive).
   */
  private reportFailure(
    m: ReceivedMessage,
    handler: string | undefined,
    backoff: SqsBackoffFunction | undefined,
    error: unknown,
  ): number {
    this.failedCount++;
    if (handler !== undefined) this.countsOf(handler).failed++;
    const { queue, logger } = this.config;
    const last = this.isLastAttempt(m);
    const delay = this.cappedDelay(m, last ? 0 : this.retryDelay(m, backoff, error));
    const reason = reasonOf(error);
    const line = last
      ? MESSAGE_DEAD_LETTERED(handler, this.queue, m.id, m.receiveCount, reason)
      : HANDLER_FAILED(handler, this.queue, m.id, m.receiveCount, reason, delay);
    logger?.warn(this.stacks.withFirstStack(line, handler, error));
    if (this.config.logMessageBodies) {
      logger?.debug?.(MESSAGE_BODY_DEBUG(this.queue, m.id, m.raw.Body ?? ''));
    }
    this.emit('messageFailed', () => ({
      queue: this.queue,
      handler,
      message: m,
      error,
      retryDelaySeconds: delay,
    }));
    if (last) {
      this.emit('messageDeadLettered', () => ({
        queue: this.queue,
        handler,
        message: m,
        error,
        deadLetterQueueArn: queue.deadLetterTargetArn,
      }));
    }
    return delay;
  }

  /** Whether SQS dead-letters this message at its next receive (its receives are used up). */
  private isLastAttempt(m: ReceivedMessage): boolean {
    const max = this.config.queue.maxReceiveCount;
    return max !== undefined && m.receiveCount >= max;
  }

  /** A retry delay within SQS's 12-hour limit on a message's visibility since its receive. */
  private cappedDelay(m: ReceivedMessage, seconds: number): number {
    const heldSeconds = Math.ceil((this.config.clock.now() - m.receivedAt) / 1000);
    return Math.max(0, Math.min(seconds, MAX_VISIBILITY_SECONDS - heldSeconds));
  }

  private retryDelay(
    m: ReceivedMessage,
    backoff: SqsBackoffFunction | undefined,
    error: unknown,
  ): number {
    const fn = backoff ?? this.config.routes[0]?.backoff;
    if (!fn) return 0;
    try {
      const seconds = fn(m.receiveCount, error);
      return Number.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
    } catch {
      return 0;
    }
  }

  /** Puts a message back at once (visibility 0). */
  private settleReleased(m: ReceivedMessage): void {
    if (!this.finish(m)) return;
    this.visibility.add({ message: m, visibilityTimeout: 0, attempts: 0 });
  }

  private settleUnhandled(m: ReceivedMessage): void {
    const error = new UnhandledMessageTypeError(
      this.queue,
      this.router.typeOf(m),
      this.config.queue.messageTypeAttribute,
    );
    const policy = this.config.unhandledMessages;
    if (policy === 'fail') return this.settleFailed(m, undefined, undefined, error);
    if (!this.finish(m)) return;
    if (policy === 'delete') {
      this.config.logger?.warn(UNHANDLED_DELETED(this.queue, m.id, error.message));
      this.emit('error', () => ({ queue: this.queue, operation: 'route', error }));
      this.deletes.add({ message: m, attempts: 0 });
      this.startNextInGroup(m);
      return;
    }
    this.failedCount++;
    this.config.logger?.warn(
      HANDLER_FAILED(undefined, this.queue, m.id, m.receiveCount, error.message, 0),
    );
    this.emit('messageFailed', () => ({
      queue: this.queue,
      handler: undefined,
      message: m,
      error,
      retryDelaySeconds: 0,
    }));
    this.visibility.add({ message: m, visibilityTimeout: 0, attempts: 0 });
    this.releaseGroupOf(m);
  }

  /** FIFO (single-message handlers): starts the message waiting behind `m`, if any. */
  private startNextInGroup(m: ReceivedMessage): void {
    if (!this.config.queue.fifo || this.batchMode) return;
    const next = this.groups.next(m);
    if (next) this.process(next);
  }

  /** FIFO: puts back every message waiting behind `m` in its group, and closes the group. */
  private releaseGroupOf(m: ReceivedMessage): void {
    if (!this.config.queue.fifo || this.batchMode) return;
    for (const waiting of this.groups.close(m)) this.settleReleased(waiting);
  }

  /**
   * FIFO: puts back the messages waiting behind `m` (single or batch handler); its group stays
   * taken while it runs.
   */
  private releaseFollowersOf(m: ReceivedMessage): void {
    if (!this.config.queue.fifo) return;
    for (const waiting of this.groups.takeFollowers(m)) this.settleReleased(waiting);
  }

  private afterSettle(): void {
    this.schedulePump();
    this.notifyIfIdle();
  }

  // ---- stuck handlers ---------------------------------------------------------------------------

  /** Arms the warning for a call that runs far too long: see {@link STUCK_AFTER_MS}. */
  private watchRun(m: ReceivedMessage, route: ConsumerRoute): void {
    m.stuckAt =
      m.startedAt +
      (route.timeoutMs === undefined ? STUCK_AFTER_MS : route.timeoutMs + OVERDUE_AFTER_MS);
    this.watch.schedule(m.stuckAt);
  }

  private reportStuck(due: ReceivedMessage[], now: number): void {
    for (const m of due) {
      m.stuckAt = Infinity;
      if (m.stage !== MessageStage.Running) continue;
      const route = m.route as ConsumerRoute;
      this.config.logger?.warn(
        route.timeoutMs === undefined
          ? HANDLER_RUNNING_LONG(route.handler, this.queue, m.id, now - m.startedAt)
          : HANDLER_IGNORES_SIGNAL(
              route.handler,
              this.queue,
              m.id,
              now - m.startedAt - route.timeoutMs,
            ),
      );
    }
  }

  // ---- heartbeat --------------------------------------------------------------------------------

  private extend(due: ReceivedMessage[], now: number): void {
    const fraction = this.config.heartbeatFraction as number;
    for (const m of due) {
      const heldSeconds = (now - m.receivedAt) / 1000;
      const timeout = Math.min(
        this.visibilitySeconds,
        Math.floor(MAX_VISIBILITY_SECONDS - heldSeconds),
      );
      if (timeout <= 0) {
        m.nextBeatAt = Infinity;
        this.config.logger?.warn(HEARTBEAT_LIMIT(this.queue, m.id));
        continue;
      }
      this.visibility.add({ message: m, visibilityTimeout: timeout, heartbeat: true, attempts: 0 });
      m.visibleUntil = now + timeout * 1000;
      m.nextBeatAt = now + timeout * 1000 * fraction;
    }
  }

  // ---- acks -------------------------------------------------------------------------------------

  private ackEntryFailed(operation: string, failure: AckEntryFailure): void {
    // A heartbeat for a message that has since settled may find it gone; that is expected.
    if (failure.entry.heartbeat && !this.holds(failure.entry.message)) return;
    this.config.logger?.warn(
      BATCH_ENTRY_FAILED(this.queue, operation, failure.code, failure.message),
    );
    this.emit('error', () => ({
      queue: this.queue,
      operation,
      error: Object.assign(new Error(failure.message), { code: failure.code }),
    }));
  }

  private ackRequestFailed(
    operation: string,
    error: unknown,
    entries: readonly AckEntry[],
    retryMs: number | undefined,
  ): void {
    const reason = reasonOf(error);
    this.config.logger?.error(
      retryMs === undefined
        ? ACK_GAVE_UP(this.queue, operation, entries.length, reason)
        : BACKEND_CALL_FAILED(this.queue, operation, reason, retryMs),
    );
    this.emit('error', () => ({ queue: this.queue, operation, error }));
  }

  // ---- shutdown ---------------------------------------------------------------------------------

  private async shutdown(): Promise<void> {
    const { clock, shutdownTimeoutMs, logger } = this.config;
    if (this.pauseTimer !== undefined) {
      clock.clearTimer(this.pauseTimer);
      this.pauseTimer = undefined;
    }
    this.abortReceives();
    for (const waiting of this.groups.takeAllWaiting()) this.settleReleased(waiting);
    const receiveWaitMs = this.config.receiveAbortGraceMs + RECEIVE_END_MARGIN_MS;
    const [finished, received] = await Promise.all([
      this.waitUntilIdle('runs', shutdownTimeoutMs),
      // Open receives end by their abort grace (network time). None should outlive the stop: a
      // response arriving after it would strand its messages in flight. The margin covers a port
      // that answers an abort late; after it, what such a receive brings is still put back.
      this.waitUntilIdle('receives', receiveWaitMs),
    ]);
    if (!received) {
      logger?.warn(SHUTDOWN_RECEIVES_ABANDONED(this.queue, this.receives.size, receiveWaitMs));
    }
    if (!finished) {
      logger?.warn(
        SHUTDOWN_TIMED_OUT(
          this.queue,
          this.runningMessages,
          shutdownTimeoutMs,
          this.config.inProcessBackend ?? false,
        ),
      );
      const reason = new Error(SHUTDOWN_GAVE_UP(this.queue));
      for (const m of this.held.values()) if (m.stage === MessageStage.Running) m.abort(reason);
    }
    // The heartbeat and the stuck-handler watch go on while anything is held: a handler the stop
    // gave up on still runs, and its message must stay invisible while it does (their timers
    // never keep the process alive). With nothing held they have no timer anyway.
    await this.drainAcks();
  }

  /**
   * Sends every delete and visibility change owed. A receive the stop gave up on may land while
   * they drain, and put back what it brings: drain until nothing is owed.
   */
  private async drainAcks(): Promise<void> {
    do {
      await Promise.all([this.deletes.drain(), this.visibility.drain()]);
    } while (this.deletes.pending + this.visibility.pending > 0);
  }

  private isIdle(what: 'runs' | 'receives'): boolean {
    return what === 'runs' ? this.activeRuns === 0 : this.receives.size === 0;
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

  // ---- misc -------------------------------------------------------------------------------------

  private emit<K extends SqsEventName>(name: K, build: () => SqsEventMap[K]): void {
    const events = this.config.events;
    if (events.has(name)) events.emit(name, build());
  }

  private internalError(error: unknown): void {
    // A bug of ours must not become an unhandled rejection that takes the app down.
    this.config.logger?.error(INTERNAL_ERROR(this.queue, reasonOf(error)), (error as Error)?.stack);
    this.emit('error', () => ({ queue: this.queue, operation: 'internal', error }));
  }
}

/**
 * A handler call without `timeoutMs` that has run this long is reported once: it holds its slot
 * until it returns, and one that never does holds it for good.
 */
const STUCK_AFTER_MS = 10 * 60_000;
/** A call still running this long after its timeout ignores its signal: reported once. */
const OVERDUE_AFTER_MS = 60_000;

/** How long past its abort grace a stop waits for an open receive to end (real ms). */
const RECEIVE_END_MARGIN_MS = 1_000;

/** A handler's counters (see `SqsHandlerStatus`). */
interface HandlerCounts {
  running: number;
  processed: number;
  failed: number;
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

function failedOf(value: unknown): ReadonlyArray<SqsMessage<unknown> | string> {
  const failed = (value as SqsBatchResult | undefined)?.failed;
  return Array.isArray(failed) ? failed : [];
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
