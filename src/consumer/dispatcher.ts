import type { Message } from '@aws-sdk/client-sqs';
import type { Clock } from '../clock/clock.interface';
import type { HandlerTimeoutError } from '../errors/handler-timeout.error';
import { MessageDecodeError } from '../errors/message-decode.error';
import { UnhandledMessageTypeError } from '../errors/unhandled-message-type.error';
import type { SqsBatchResult, SqsMessage } from '../interfaces/sqs-message.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { ConsumerReporter } from './consumer-reporter';
import type { ConsumerRoute } from './consumer-route';
import { type FifoGroups, groupOf } from './fifo-groups';
import { invokeHandler } from './handler-invocation';
import { HeldMessageTimer } from './held-message-timer';
import type { HeldMessages } from './held-messages';
import type { MessageRouter } from './message-router';
import { MessageStage, type MessageOwner, ReceivedMessage } from './received-message';
import { BATCH_ITEM_FAILED } from '../errors/sqs.messages';
import type { Settlement } from './settlement';
import type { VisibilityHeartbeat } from './visibility-heartbeat';
import { WorkerGate } from './worker-gate';

/**
 * A handler call without `timeoutMs` that has run this long is reported once: it holds its slot
 * until it returns, and one that never does holds it for good.
 */
const STUCK_AFTER_MS = 10 * 60_000;
/** A call still running this long after its timeout ignores its signal: reported once. */
const OVERDUE_AFTER_MS = 60_000;

export interface DispatcherOptions {
  readonly queue: Pick<SqsResolvedQueue, 'name' | 'fifo' | 'codec'>;
  readonly clock: Clock;
  /** The visibility timeout each receive gives its messages, in seconds. */
  readonly visibilitySeconds: number;
  readonly heartbeatFraction: number | undefined;
  /** Every route takes batches. */
  readonly batchMode: boolean;
  /** Most messages in handlers at once; what a receive brought beyond it waits its turn. */
  readonly concurrency: number;
}

/** What the dispatcher needs from the consumer around it. */
export interface DispatcherParts {
  readonly held: HeldMessages;
  readonly router: MessageRouter;
  readonly groups: FifoGroups;
  readonly settlement: Settlement;
  readonly heartbeat: VisibilityHeartbeat | undefined;
  readonly report: ConsumerReporter;
  /** Given to every message, for `message.changeVisibility`. */
  readonly owner: MessageOwner;
  /** Slots were freed or a handler call ended: poll again, wake a stop waiting for idle. */
  readonly afterSettle: () => void;
  readonly onInternalError: (error: unknown) => void;
}

/**
 * Runs what a receive brought: takes each message in (or hands a redelivery to the attempt that
 * holds it), routes it to its handler, and calls the handler one message at a time or one batch
 * per route, keeping FIFO groups in order, with at most `concurrency` messages in handlers (the
 * {@link WorkerGate}; what was received ahead waits there). Outcomes go to the {@link Settlement}.
 */
export class Dispatcher {
  /** Handler calls under way (a batch is one call). */
  activeRuns = 0;
  /** Warns about handler calls that run far too long (see `stuckAt`). */
  private readonly watch: HeldMessageTimer;
  private readonly workers: WorkerGate;
  /** Messages per call under way, by the call's first message. */
  private readonly callSizes = new Map<ReceivedMessage, number>();
  /** Calls (by first message) that ran past their timeout or were reported stuck. */
  private readonly blockedCalls = new Set<ReceivedMessage>();

  constructor(
    private readonly o: DispatcherOptions,
    private readonly p: DispatcherParts,
  ) {
    this.watch = new HeldMessageTimer(
      o.clock,
      p.held.map,
      (m) => m.stuckAt,
      (due, now) => this.reportStuck(due, now),
    );
    this.workers = new WorkerGate(o.concurrency);
  }

  /** Whether received messages wait for a worker (the receive loop then waits for a full batch). */
  get hasWaiting(): boolean {
    return this.workers.hasWaiting;
  }

  /**
   * Every worker is held by a handler past its timeout or reported stuck: messages received ahead
   * would wait for as long as those run (maybe for good), invisible to other consumers, so none
   * are received ahead and those waiting went back.
   */
  get stalled(): boolean {
    return this.workers.stalled;
  }

  /**
   * For a stop: the calls still waiting for a worker will not run. Their messages go back at once
   * and, on a FIFO queue, free their groups (whose later messages the stop puts back too).
   */
  releaseWaiting(): void {
    const { settlement, groups } = this.p;
    for (const messages of this.workers.takeAllWaiting()) {
      for (const m of messages) settlement.released(m);
      if (!this.o.queue.fifo) continue;
      const followers = this.o.batchMode
        ? groups.finishBatch(messages, new Set(messages.map(groupOf))).released
        : messages.flatMap((m) => groups.close(m));
      for (const m of followers) settlement.released(m);
    }
  }

  /** Takes a receive's messages in and starts what can start. */
  accept(messages: readonly Message[]): void {
    const { clock, heartbeatFraction, queue } = this.o;
    const now = clock.now();
    const visibilityMs = this.o.visibilitySeconds * 1000;
    const received: ReceivedMessage[] = [];
    for (const raw of messages) {
      if (this.adopt(raw, now)) continue;
      const m = new ReceivedMessage(
        raw,
        queue.name,
        this.p.owner,
        now,
        visibilityMs,
        heartbeatFraction,
      );
      // Decoded at once, so that `messageReceived` listeners see the body too.
      try {
        m.body = queue.codec.decode(m.raw.Body ?? '', m.raw);
      } catch (error) {
        m.decodeError = error ?? new Error('decode failed');
      }
      received.push(m);
      this.p.held.add(m);
      this.p.heartbeat?.schedule(m);
      this.p.report.received(m);
    }
    if (this.o.batchMode) this.dispatchBatch(received);
    else if (queue.fifo) for (const m of this.p.groups.admit(received)) this.process(m);
    else for (const m of received) this.process(m);
  }

  /** Messages received as the consumer stopped: nobody will handle them, so they go back now. */
  putBack(messages: readonly Message[]): void {
    const now = this.o.clock.now();
    for (const raw of messages) {
      if (this.adopt(raw, now)) continue;
      const m = new ReceivedMessage(raw, this.o.queue.name, this.p.owner, now, 0, undefined);
      this.p.held.add(m);
      this.p.settlement.released(m);
    }
  }

  /** Runs one message through its handler once a worker is free. */
  process(m: ReceivedMessage): void {
    this.workers.submit([m], () => this.run(m));
  }

  /** False if the message settled without a handler (it did not decode, or has no route). */
  private run(m: ReceivedMessage): boolean {
    if (!this.prepare(m)) {
      this.p.afterSettle();
      return false;
    }
    const route = m.route as ConsumerRoute;
    const { settlement } = this.p;
    this.start([m], route);
    invokeHandler(
      this.o.clock,
      route,
      m,
      {
        timedOut: (error) => this.timedOut([m], route, error),
        resolved: () =>
          this.runEnded(m, () => (m.overdue ? settlement.overdue(m) : settlement.succeeded(m))),
        rejected: (error) =>
          this.runEnded(m, () =>
            m.overdue ? settlement.overdue(m) : settlement.failed(m, route, error),
          ),
      },
      this.p.onInternalError,
    );
    return true;
  }

  /**
   * A new delivery of a message this consumer still holds (its visibility ran out while its
   * handler runs, or SQS delivered it twice): the message held takes the new receipt handle, so
   * its settlement acts on the delivery SQS knows, and it does not run twice at once. Frees the
   * delivery's slot. False if the message is not held.
   */
  private adopt(raw: Message, now: number): boolean {
    const held = this.p.held.get(raw.MessageId as string);
    if (!held) return false;
    held.adopt(raw, now, this.o.visibilitySeconds * 1000, this.o.heartbeatFraction);
    this.p.held.slots.release(1);
    this.p.heartbeat?.schedule(held);
    this.p.report.redeliveredWhileHeld(held);
    return true;
  }

  /** Decodes and routes; on failure settles the message and returns false. */
  private prepare(m: ReceivedMessage): boolean {
    if (m.decodeError !== undefined) {
      const error = new MessageDecodeError(this.o.queue.name, m.id, m.decodeError);
      this.p.settlement.failed(m, undefined, error);
      return false;
    }
    const route = this.p.router.route(m);
    if (!route) {
      const { router } = this.p;
      const error = new UnhandledMessageTypeError(
        this.o.queue.name,
        router.typeOf(m),
        router.typeAttribute,
      );
      this.p.settlement.unhandled(m, error);
      return false;
    }
    m.route = route;
    return true;
  }

  private dispatchBatch(received: readonly ReceivedMessage[]): void {
    // FIFO: once a message of a group fails before its handler, the group's later messages go
    // back too, or they would overtake it.
    const fifo = this.o.queue.fifo;
    const broken = new Set<string>();
    const prepared: ReceivedMessage[] = [];
    for (const m of received) {
      if (fifo && broken.has(groupOf(m))) this.p.settlement.released(m);
      else if (this.prepare(m)) prepared.push(m);
      else if (fifo) broken.add(groupOf(m));
    }
    this.runBatches(fifo ? this.p.groups.admitBatch(prepared) : prepared);
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
    for (const [route, list] of byRoute) {
      for (const call of this.callsOf(list)) this.runBatch(route, call);
    }
    if (byRoute.size === 0) this.p.afterSettle();
  }

  /**
   * One route's messages as batch calls of at most `concurrency` messages. More can be ready at
   * once only on a FIFO queue, when what waited behind a batch is let go: then a group stays in
   * one call, and the part of a group beyond `concurrency` waits on in its group, behind it.
   */
  private callsOf(list: ReceivedMessage[]): ReceivedMessage[][] {
    const max = this.o.concurrency;
    if (list.length <= max) return [list];
    const calls: ReceivedMessage[][] = [];
    if (!this.o.queue.fifo) {
      for (let i = 0; i < list.length; i += max) calls.push(list.slice(i, i + max));
      return calls;
    }
    const byGroup = new Map<string, ReceivedMessage[]>();
    for (const m of list) {
      const group = byGroup.get(groupOf(m));
      if (group) group.push(m);
      else byGroup.set(groupOf(m), [m]);
    }
    let call: ReceivedMessage[] = [];
    for (const [key, messages] of byGroup) {
      if (messages.length > max) this.p.groups.waitBehind(key, messages.splice(max));
      if (call.length + messages.length > max) {
        calls.push(call);
        call = [];
      }
      call.push(...messages);
    }
    if (call.length > 0) calls.push(call);
    return calls;
  }

  private runBatch(route: ConsumerRoute, messages: ReceivedMessage[]): void {
    this.workers.submit(
      messages,
      (part) => {
        this.runBatchNow(route, [...part]);
        return true;
      },
      (waiting, max) => this.splitPoint(waiting, max),
    );
  }

  /**
   * How many of a waiting batch's first messages may run now on `max` free workers: as many as
   * fit, and on a FIFO queue only whole groups (a group split over two calls could run out of
   * order).
   */
  private splitPoint(messages: readonly ReceivedMessage[], max: number): number {
    if (!this.o.queue.fifo) return max;
    const last = new Map<string, number>();
    messages.forEach((m, i) => last.set(groupOf(m), i));
    let cut = 0;
    let reach = -1;
    for (let i = 0; i < messages.length && i < max; i++) {
      reach = Math.max(reach, last.get(groupOf(messages[i])) as number);
      if (reach === i) cut = i + 1;
    }
    return cut;
  }

  private runBatchNow(route: ConsumerRoute, messages: ReceivedMessage[]): void {
    const { settlement } = this.p;
    this.start(messages, route);
    const everyGroup = () => new Set(messages.map(groupOf));
    const failAll = (error: unknown) => {
      for (const m of messages) settlement.failed(m, route, error);
      this.batchFinished(messages, everyGroup());
    };
    const settleAllOverdue = () => {
      for (const m of messages) settlement.overdue(m);
      this.batchFinished(messages, everyGroup());
    };
    invokeHandler(
      this.o.clock,
      route,
      messages,
      {
        timedOut: (error) => this.timedOut(messages, route, error),
        resolved: (value) =>
          this.runEnded(messages[0], () =>
            messages[0].overdue
              ? settleAllOverdue()
              : this.batchSettled(route, messages, failedOf(value)),
          ),
        rejected: (error) =>
          this.runEnded(messages[0], () =>
            messages[0].overdue ? settleAllOverdue() : failAll(error),
          ),
      },
      this.p.onInternalError,
    );
  }

  private batchSettled(
    route: ConsumerRoute,
    messages: readonly ReceivedMessage[],
    failed: ReadonlyArray<SqsMessage<unknown> | string>,
  ): void {
    const failedMessages = new Set<unknown>();
    const failedIds = new Set<string>();
    for (const f of failed) {
      if (typeof f === 'string') failedIds.add(f);
      else failedMessages.add(f);
    }
    const { settlement } = this.p;
    const fifo = this.o.queue.fifo;
    const broken = new Set<string>();
    for (const m of messages) {
      if (fifo && broken.has(groupOf(m))) {
        // Later messages of a group with a failure go back too, or they would overtake it.
        settlement.released(m);
      } else if (failedMessages.has(m) || failedIds.has(m.id)) {
        broken.add(groupOf(m));
        settlement.failed(m, route, new Error(BATCH_ITEM_FAILED(route.handler, m.id)));
      } else {
        settlement.succeeded(m);
      }
    }
    this.batchFinished(messages, broken);
  }

  /**
   * FIFO: a batch settled; the messages of its groups that waited behind it run next, or go
   * back for the groups where something failed (`broken`).
   */
  private batchFinished(messages: readonly ReceivedMessage[], broken: ReadonlySet<string>): void {
    if (!this.o.queue.fifo) return;
    const { next, released } = this.p.groups.finishBatch(messages, broken);
    for (const m of released) this.p.settlement.released(m);
    if (next.length > 0) this.runBatches(next);
  }

  /** Marks a call's messages running and arms the stuck warning (once per call, not per message). */
  private start(messages: readonly ReceivedMessage[], route: ConsumerRoute): void {
    const now = this.o.clock.now();
    for (const m of messages) {
      m.stage = MessageStage.Running;
      m.startedAt = now;
    }
    const first = messages[0];
    first.stuckAt =
      now + (route.timeoutMs === undefined ? STUCK_AFTER_MS : route.timeoutMs + OVERDUE_AFTER_MS);
    this.watch.schedule(first.stuckAt);
    this.callSizes.set(first, messages.length);
    this.activeRuns++;
  }

  /** The handler ran past its `timeoutMs` (see `Settlement.timedOut`). */
  private timedOut(
    messages: readonly ReceivedMessage[],
    route: ConsumerRoute,
    error: HandlerTimeoutError,
  ): void {
    this.p.settlement.timedOut(messages, route, error);
    this.blockWorkersOf(messages[0]);
    // Followers put back free their slots: poll with them.
    this.p.afterSettle();
  }

  /**
   * The call started with `first` holds its workers past its timeout, or was reported stuck. Once
   * every worker is held so, what waits for one goes back for other consumers to take.
   */
  private blockWorkersOf(first: ReceivedMessage): void {
    const size = this.callSizes.get(first);
    if (size === undefined || this.blockedCalls.has(first)) return;
    this.blockedCalls.add(first);
    this.workers.block(size);
    if (this.workers.stalled) this.releaseWaiting();
  }

  /** The call started with `first` ended: settle it, then its workers take what waits. */
  private runEnded(first: ReceivedMessage, settle: () => void): void {
    this.activeRuns--;
    const size = this.callSizes.get(first) ?? 1;
    this.callSizes.delete(first);
    const blocked = this.blockedCalls.delete(first);
    settle();
    this.workers.release(size, blocked);
    this.p.afterSettle();
  }

  private reportStuck(due: readonly ReceivedMessage[], now: number): void {
    for (const m of due) {
      m.stuckAt = Infinity;
      if (m.stage !== MessageStage.Running) continue;
      this.p.report.stuck(m, m.route as ConsumerRoute, now - m.startedAt);
      this.blockWorkersOf(m);
    }
    this.p.afterSettle();
  }
}

function failedOf(value: unknown): ReadonlyArray<SqsMessage<unknown> | string> {
  const failed = (value as SqsBatchResult | undefined)?.failed;
  return Array.isArray(failed) ? failed : [];
}
