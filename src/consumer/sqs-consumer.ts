import type { Message, ReceiveMessageRequest } from '@aws-sdk/client-sqs';
import type { ClockTimer } from '../emulator/clock';
import { MessageDecodeError } from '../errors/message-decode.error';
import {
  ACK_GAVE_UP,
  BACKEND_CALL_FAILED,
  BATCH_ENTRY_FAILED,
  BATCH_ITEM_FAILED,
  CONSUMER_STARTED,
  CONSUMER_STOPPED,
  HANDLER_FAILED,
  HEARTBEAT_LIMIT,
  INTERNAL_ERROR,
  MESSAGE_BODY_DEBUG,
  MESSAGE_DEAD_LETTERED,
  SHUTDOWN_GAVE_UP,
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
import { MessageStage, type MessageOwner, ReceivedMessage } from './received-message';
import { Semaphore } from './semaphore';
import type { SqsConsumerConfig, SqsConsumerStatus } from './sqs-consumer-config.interface';
import { VisibilityHeartbeat } from './visibility-heartbeat';

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
  private readonly held = new Set<ReceivedMessage>();
  private readonly receives = new Map<AbortController, OpenReceive>();
  private readonly groups = new FifoGroups();
  private readonly router: MessageRouter;
  private readonly deletes: AckBatcher;
  private readonly visibility: AckBatcher;
  private readonly heartbeat: VisibilityHeartbeat | undefined;
  private readonly receiveInput: ReceiveMessageRequest;
  private readonly visibilitySeconds: number;
  private readonly fullBatch: number;
  private readonly batchMode: boolean;
  private readonly random: () => number;
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

  constructor(private readonly config: SqsConsumerConfig) {
    const { queue, clock } = config;
    this.slots = new Semaphore(config.concurrency);
    this.router = new MessageRouter(config.routes, queue.messageTypeAttribute);
    for (const r of config.routes) this.countsOf(r.handler); // every handler listed from boot
    this.batchMode = config.routes.length > 0 && config.routes.every((r) => r.batch);
    this.fullBatch = Math.min(config.batchSize, config.concurrency);
    this.visibilitySeconds = config.visibilityTimeout ?? queue.visibilityTimeout;
    this.random = config.random ?? Math.random;
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
        ? new VisibilityHeartbeat(clock, this.held, (due, now) => this.extend(due, now))
        : undefined;
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
      processed: this.processedCount,
      failed: this.failedCount,
      byHandler: [...this.byHandler].map(([handler, c]) => ({ handler, ...c })),
    };
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
    if (this.state === 'stopped') return Promise.resolve();
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
    if (this.held.has(message)) this.heartbeat?.schedule(message.nextBeatAt);
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
    this.receives.set(controller, { startedAt: performance.now() });
    request
      .then(
        (out) => this.received(controller, reserved, out.Messages ?? []),
        (error) => this.receiveFailed(controller, reserved, error),
      )
      .catch(this.onInternalError);
  }

  private receiveEnded(controller: AbortController): void {
    const open = this.receives.get(controller);
    if (open?.abortTimer !== undefined) clearTimeout(open.abortTimer);
    this.receives.delete(controller);
  }

  /**
   * Aborts the open receives for a stop. One open longer than the grace is waiting in a long poll
   * (the queue had nothing for it) and ends now. A younger one may be returning messages (or be a
   * poll just re-sent after an empty one: then the stop waits up to the grace for nothing), and an
   * abort over the network could strand them in flight, so it gets the rest of the grace and what
   * it brings goes back (see `received`). Real time, not the clock: it measures a network.
   */
  private abortReceives(): void {
    const grace = this.config.receiveAbortGraceMs;
    const now = performance.now();
    for (const [controller, open] of this.receives) {
      const left = open.startedAt + grace - now;
      if (left <= 0) controller.abort();
      else open.abortTimer ??= setTimeout(() => controller.abort(), left);
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
        const m = new ReceivedMessage(raw, this.queue, this, now, 0, undefined);
        this.held.add(m);
        this.settleReleased(m);
      }
      this.notifyIfIdle();
      return;
    }
    this.accept(messages);
    this.pump();
  }

  private receiveFailed(controller: AbortController, reserved: number, error: unknown): void {
    this.receiveEnded(controller);
    this.slots.release(reserved);
    if (this.state !== 'running' || isAbortError(error)) {
      this.notifyIfIdle();
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
    const received: ReceivedMessage[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) {
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
      received[i] = m;
      this.held.add(m);
      this.heartbeat?.schedule(m.nextBeatAt);
      this.emit('messageReceived', () => ({ queue: this.queue, message: m }));
    }
    if (this.batchMode) this.dispatchBatch(received);
    else if (this.config.queue.fifo) for (const m of this.groups.admit(received)) this.process(m);
    else for (const m of received) this.process(m);
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
    this.runningMessages++;
    this.countsOf(route.handler).running++;
    this.activeRuns++;
    invokeHandler(
      this.config.clock,
      route,
      m,
      {
        resolved: () => this.runEnded(() => this.settleSucceeded(m)),
        rejected: (error) =>
          this.runEnded(() => this.settleFailed(m, route.handler, route.backoff, error)),
        timedOut: (error) =>
          this.runEnded(() => {
            m.abort(error);
            this.settleFailed(m, route.handler, route.backoff, error);
          }),
      },
      this.onInternalError,
    );
  }

  private dispatchBatch(received: ReceivedMessage[]): void {
    // FIFO: once a message of a group fails before its handler, the group's later messages go
    // back too, or they would overtake it.
    const broken = this.config.queue.fifo ? new Set<string>() : undefined;
    const byRoute = new Map<ConsumerRoute, ReceivedMessage[]>();
    for (const m of received) {
      if (broken?.has(groupOf(m))) {
        this.settleReleased(m);
        continue;
      }
      if (!this.prepare(m)) {
        broken?.add(groupOf(m));
        continue;
      }
      const route = m.route as ConsumerRoute;
      const list = byRoute.get(route);
      if (list) list.push(m);
      else byRoute.set(route, [m]);
    }
    for (const [route, list] of byRoute) this.runBatch(route, list);
    if (byRoute.size === 0) this.afterSettle();
  }

  private runBatch(route: ConsumerRoute, messages: ReceivedMessage[]): void {
    const now = this.config.clock.now();
    for (const m of messages) {
      m.stage = MessageStage.Running;
      m.startedAt = now;
    }
    this.runningMessages += messages.length;
    this.countsOf(route.handler).running += messages.length;
    this.activeRuns++;
    const failAll = (error: unknown) => {
      for (const m of messages) this.settleFailed(m, route.handler, route.backoff, error);
    };
    invokeHandler(
      this.config.clock,
      route,
      messages,
      {
        resolved: (value) =>
          this.runEnded(() => this.batchSettled(route, messages, failedOf(value))),
        rejected: (error) => this.runEnded(() => failAll(error)),
        timedOut: (error) =>
          this.runEnded(() => {
            for (const m of messages) m.abort(error);
            failAll(error);
          }),
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
    const broken = this.config.queue.fifo ? new Set<string>() : undefined;
    for (const m of messages) {
      if (broken?.has(groupOf(m))) {
        // Later messages of a group with a failure go back too, or they would overtake it.
        this.settleReleased(m);
      } else if (failedMessages.has(m) || failedIds.has(m.id)) {
        broken?.add(groupOf(m));
        const error = new Error(BATCH_ITEM_FAILED(route.handler, m.id));
        this.settleFailed(m, route.handler, route.backoff, error);
      } else {
        this.settleSucceeded(m);
      }
    }
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
    this.held.delete(m);
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
    this.failedCount++;
    if (handler !== undefined) this.countsOf(handler).failed++;
    const { queue, logger, clock } = this.config;
    const last = queue.maxReceiveCount !== undefined && m.receiveCount >= queue.maxReceiveCount;
    const heldSeconds = Math.ceil((clock.now() - m.receivedAt) / 1000);
    const wanted = last ? 0 : this.retryDelay(m, backoff, error);
    const delay = Math.max(0, Math.min(wanted, MAX_VISIBILITY_SECONDS - heldSeconds));
    this.visibility.add({ message: m, visibilityTimeout: delay, attempts: 0 });
    const reason = reasonOf(error);
    logger?.warn(
      last
        ? MESSAGE_DEAD_LETTERED(handler, this.queue, m.id, m.receiveCount, reason)
        : HANDLER_FAILED(handler, this.queue, m.id, m.receiveCount, reason, delay),
    );
    logger?.debug?.(MESSAGE_BODY_DEBUG(this.queue, m.id, m.raw.Body ?? ''));
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
    this.releaseGroupOf(m);
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

  /** FIFO: puts back every message waiting behind `m` in its group. */
  private releaseGroupOf(m: ReceivedMessage): void {
    if (!this.config.queue.fifo || this.batchMode) return;
    for (const waiting of this.groups.close(m)) this.settleReleased(waiting);
  }

  private afterSettle(): void {
    this.schedulePump();
    this.notifyIfIdle();
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
    if (failure.entry.heartbeat && !this.held.has(failure.entry.message)) return;
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
    const [finished] = await Promise.all([
      this.waitUntilIdle('runs', shutdownTimeoutMs),
      // Open receives end by their abort grace (real time). None may outlive the stop: a response
      // arriving after it would strand its messages in flight. The margin covers a port that
      // answers an abort late; after it, what such a receive brings is still put back.
      this.waitUntilIdle('receives', this.config.receiveAbortGraceMs + RECEIVE_END_MARGIN_MS),
    ]);
    if (!finished) {
      logger?.warn(SHUTDOWN_TIMED_OUT(this.queue, this.runningMessages, shutdownTimeoutMs));
      const reason = new Error(SHUTDOWN_GAVE_UP(this.queue));
      for (const m of this.held) if (m.stage === MessageStage.Running) m.abort(reason);
    }
    this.heartbeat?.stop();
    await Promise.all([this.deletes.drain(), this.visibility.drain()]);
  }

  private isIdle(what: 'runs' | 'receives'): boolean {
    return what === 'runs' ? this.activeRuns === 0 : this.receives.size === 0;
  }

  /**
   * Resolves true once no handler runs (`runs`, limited on the clock: `shutdownTimeoutMs`) or no
   * receive is open (`receives`, limited in real time, like the abort grace), false on timeout.
   */
  private waitUntilIdle(what: 'runs' | 'receives', timeoutMs: number): Promise<boolean> {
    if (this.isIdle(what)) return Promise.resolve(true);
    const { clock } = this.config;
    return new Promise<boolean>((resolve) => {
      const done = (idle: boolean) => {
        this.idleWaiters.delete(what);
        if (what === 'runs') clock.clearTimer(clockTimer as ClockTimer);
        else clearTimeout(realTimer);
        resolve(idle);
      };
      const clockTimer = what === 'runs' ? clock.setTimer(() => done(false), timeoutMs) : undefined;
      const realTimer = what === 'receives' ? setTimeout(() => done(false), timeoutMs) : undefined;
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
  /** When it was sent (`performance.now()`). */
  readonly startedAt: number;
  /** Set at a stop while the receive is within its abort grace. */
  abortTimer?: ReturnType<typeof setTimeout>;
}

function failedOf(value: unknown): ReadonlyArray<SqsMessage<unknown> | string> {
  const failed = (value as SqsBatchResult | undefined)?.failed;
  return Array.isArray(failed) ? failed : [];
}

function isAbortError(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AbortError';
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
