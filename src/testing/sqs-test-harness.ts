import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { SqsEvents } from '../consumer/sqs-events';
import type { PeekState } from '../emulator/inspection';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsSendOptions, SqsSendResult } from '../interfaces/sqs-send-options.interface';
import type { SqsConsumers } from '../module/sqs-consumers.service';
import type { SqsModuleSetup } from '../module/sqs-module.setup';
import { SqsProducer } from '../producer/sqs-producer';
import { SqsTestTimeoutError } from './errors/sqs-test-timeout.error';
import { RealDeadline } from './event-loop.util';
import type {
  SqsMessagesOptions,
  SqsQueuedMessage,
  SqsSentMessage,
} from './interfaces/sqs-test-message.interface';
import type {
  SqsOutcome,
  SqsOutcomeKind,
  SqsWaitForIdleOptions,
  SqsWaitForOptions,
} from './interfaces/sqs-test-outcome.interface';
import { OutcomeRecorder } from './outcome-recorder';
import { QueueDirectory, queueNameOfArn } from './queue-directory';
import {
  describeQueueStates,
  fingerprint,
  runningHandlers,
  isIdle,
  type QueueStateSources,
  readQueueStates,
} from './queue-states';
import type { SqsTestClock } from './sqs-test-clock';
import type { SqsTestEmulator } from './sqs-test-emulator';
import {
  INVALID_ADVANCE,
  INVALID_OUTCOME,
  INVALID_TIMEOUT,
  NO_DEAD_LETTER_QUEUE,
  OUTCOMES_SEEN,
  WAIT_FOR_BUDGET_SPENT,
  WAIT_FOR_IDLE_TIMED_OUT,
  WAIT_FOR_TIMED_OUT,
} from './sqs-testing.messages';
import { toQueuedMessage as toQueued, toSentMessage as toSent } from './test-message.factory';
import { VirtualTimeDriver } from './virtual-time.driver';

/** Default real-time limit of the waits, in ms. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5_000;
/** Default virtual-time budget of `waitFor`, in ms (24 hours). */
export const DEFAULT_MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;

const OUTCOMES: readonly SqsOutcomeKind[] = ['processed', 'failed', 'dead-lettered'];

/** What a harness is built from (the testing kit assembles it; tests never need to). */
export interface SqsTestHarnessDeps {
  /** The module's setup: its options, backend and queues. (Named before that class was.) */
  readonly runtime: SqsModuleSetup;
  readonly emulator: SqsTestEmulator;
  readonly clock: SqsTestClock;
  readonly events: SqsEvents;
  readonly consumers: SqsConsumers;
  /** Default real-time limit of the waits, in ms. */
  readonly timeoutMs?: number;
}

/**
 * Drives and inspects an application whose SqsModule runs on the testing kit's in-memory
 * emulator and virtual clock. Get it with `app.get(SqsTestHarness)` or
 * `SqsTesting.harness(app)`. Queues are named by their logical names, as declared in the module.
 *
 * Nothing here sleeps: waits turn the real event loop until the condition holds (with a
 * real-time limit), and virtual time moves only through `advance` and `waitFor`.
 *
 * @example
 * await sqs.send('orders', { id: 1 });
 * await sqs.waitForIdle();
 * expect(sqs.sent('orders')).toMatchObject([{ body: { id: 1 } }]);
 */
export class SqsTestHarness implements BeforeApplicationShutdown {
  /** The virtual clock of the emulator and the consumers. */
  readonly clock: SqsTestClock;
  /** The in-memory SQS the application talks to. */
  readonly emulator: SqsTestEmulator;
  private readonly directory: QueueDirectory;
  private readonly recorder: OutcomeRecorder;
  private readonly driver: VirtualTimeDriver;
  private readonly sources: QueueStateSources;
  private readonly producers = new Map<string, SqsProducer<unknown>>();
  private readonly timeoutMs: number;
  private readonly consumers: SqsConsumers;

  /** @internal Built by the testing kit; use `SqsTesting.harness(app)`. */
  constructor(deps: SqsTestHarnessDeps) {
    this.clock = deps.clock;
    this.emulator = deps.emulator;
    this.consumers = deps.consumers;
    this.timeoutMs = checkTimeout('timeoutMs', deps.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    this.directory = new QueueDirectory(deps.runtime.queues);
    this.recorder = new OutcomeRecorder(deps.events, deps.emulator, this.directory, deps.clock);
    this.sources = {
      directory: this.directory,
      emulator: deps.emulator,
      consumers: deps.consumers,
      clock: deps.clock,
    };
    this.driver = new VirtualTimeDriver(deps.clock, {
      fingerprint: () => fingerprint(this.clock, this.recorder.activity, this.states()),
      runningHandlers: () => runningHandlers(this.states()),
    });
  }

  // ---- sending and views ------------------------------------------------------------------------

  /** The URL of a declared queue in the emulator. */
  queueUrl(queue: string): string {
    return this.queue(queue, 'queueUrl').url;
  }

  /**
   * Sends a message as the queue's producer would (codec, attributes, message type, FIFO ids),
   * e.g. to play another service that feeds the application.
   */
  send<T>(queue: string, body: T, options?: SqsSendOptions): Promise<SqsSendResult> {
    const resolved = this.queue(queue, 'send');
    let producer = this.producers.get(resolved.name);
    if (!producer) {
      producer = new SqsProducer(resolved.name, resolved, this.emulator);
      this.producers.set(resolved.name, producer);
    }
    return producer.send(body, options);
  }

  /**
   * Every message sent to `queue` since the application started (or since `purgeAll`), oldest
   * first, whatever happened to it since — including messages already deleted.
   */
  sent<T = unknown>(queue: string): SqsSentMessage<T>[] {
    const resolved = this.queue(queue, 'sent');
    return this.emulator.sentTo(resolved.physicalName).map((r) => toSent<T>(resolved, r));
  }

  /**
   * The messages in `queue` now, without receiving them (no receive count or visibility
   * changes), optionally only those in some `state`.
   */
  messages<T = unknown>(queue: string, options: SqsMessagesOptions = {}): SqsQueuedMessage<T>[] {
    const resolved = this.queue(queue, 'messages');
    const states: readonly PeekState[] | undefined =
      options.state === undefined
        ? undefined
        : typeof options.state === 'string'
          ? [options.state]
          : options.state;
    return this.emulator
      .peekMessages(resolved.physicalName, { ...(states ? { states } : {}), limit: Infinity })
      .map((m) => toQueued<T>(resolved, m, this.sourceOf(m.deadLetterSourceArn)));
  }

  /**
   * The messages `queue` (the source queue, e.g. `orders`) has moved to its dead-letter queue
   * and that are still there, decoded with the source queue's codec.
   */
  deadLetters<T = unknown>(queue: string): SqsQueuedMessage<T>[] {
    const source = this.queue(queue, 'deadLetters');
    if (source.deadLetterTargetArn === undefined) {
      throw new Error(NO_DEAD_LETTER_QUEUE(source.name));
    }
    return this.emulator
      .peekMessages(queueNameOfArn(source.deadLetterTargetArn), { limit: Infinity })
      .filter((m) => m.deadLetterSourceArn === source.arn)
      .map((m) => toQueued<T>(source, m, source.name));
  }

  /**
   * What happened to the messages of `queue` so far (optionally one kind of outcome), oldest
   * first: each successful handling, each failed attempt, each move to the dead-letter queue.
   */
  outcomes<T = unknown>(queue: string, outcome?: SqsOutcomeKind): SqsOutcome<T>[] {
    const resolved = this.queue(queue, 'outcomes');
    if (outcome !== undefined) checkOutcome(outcome);
    return this.recorder
      .list()
      .filter(
        (e) => e.queue === resolved.name && (outcome === undefined || e.outcome === outcome),
      ) as SqsOutcome<T>[];
  }

  // ---- waiting and time -------------------------------------------------------------------------

  /**
   * Resolves once every started consumer holds no message, runs no handler and has nothing it
   * could receive; messages waiting for virtual time (delays, backoffs) do not count. Does not
   * move the clock. Rejects with {@link SqsTestTimeoutError}, listing every queue's counts and
   * consumer, when that does not happen within `timeoutMs` of real time.
   */
  async waitForIdle(options: SqsWaitForIdleOptions = {}): Promise<void> {
    const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? this.timeoutMs);
    const deadline = new RealDeadline(timeoutMs);
    // Idle twice in a row: an acknowledgement queued by the last handler has gone out too.
    let streak = 0;
    try {
      await this.driver.runUntil(
        () => {
          streak = isIdle(this.sources, this.states()) ? streak + 1 : 0;
          return streak >= 2 ? true : undefined;
        },
        {
          deadline,
          advanceUntil: undefined,
          timedOut: () =>
            new SqsTestTimeoutError(WAIT_FOR_IDLE_TIMED_OUT(timeoutMs, this.describe())),
          budgetSpent: () =>
            new SqsTestTimeoutError(WAIT_FOR_IDLE_TIMED_OUT(timeoutMs, this.describe())),
        },
      );
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Resolves with the first outcome on `queue` of the given kind (default `processed`) whose
   * decoded body satisfies `predicate` — including one that happened before the call (since the
   * start or `purgeAll`). Unless `advanceClock` is false, moves virtual time to the next due timer
   * whenever nothing else can happen, so retries and backoffs play out without `advance` (see
   * {@link SqsWaitForOptions.advanceClock}).
   * Rejects with {@link SqsTestTimeoutError} after `timeoutMs` of real time or `maxAdvanceMs` of
   * virtual time.
   *
   * @example
   * const dead = await sqs.waitFor('orders', (o: Order) => o.id === 1, { outcome: 'dead-lettered' });
   */
  async waitFor<T = unknown>(
    queue: string,
    predicate: (body: T, outcome: SqsOutcome<T>) => boolean,
    options: SqsWaitForOptions = {},
  ): Promise<SqsOutcome<T>> {
    const resolved = this.queue(queue, 'waitFor');
    const outcome = checkOutcome(options.outcome ?? 'processed');
    const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? this.timeoutMs);
    const maxAdvanceMs = checkTimeout(
      'maxAdvanceMs',
      options.maxAdvanceMs ?? DEFAULT_MAX_ADVANCE_MS,
    );
    const startedAt = this.clock.now();
    const deadline = new RealDeadline(timeoutMs);
    let cursor = 0;
    const match = (): SqsOutcome<T> | undefined => {
      const list = this.recorder.list();
      if (cursor > list.length) cursor = 0; // purgeAll cleared the history meanwhile
      for (; cursor < list.length; cursor++) {
        const e = list[cursor] as SqsOutcome<T>;
        if (e.queue === resolved.name && e.outcome === outcome && predicate(e.body, e)) return e;
      }
      return undefined;
    };
    const seen = () => OUTCOMES_SEEN(resolved.name, this.countOutcomes(resolved.name));
    try {
      return await this.driver.runUntil(match, {
        deadline,
        advanceUntil: options.advanceClock === false ? undefined : startedAt + maxAdvanceMs,
        timedOut: () =>
          new SqsTestTimeoutError(
            WAIT_FOR_TIMED_OUT(
              resolved.name,
              outcome,
              timeoutMs,
              this.clock.now() - startedAt,
              seen(),
              this.describe(),
            ),
          ),
        budgetSpent: () =>
          new SqsTestTimeoutError(
            WAIT_FOR_BUDGET_SPENT(resolved.name, outcome, maxAdvanceMs, seen(), this.describe()),
          ),
      });
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Moves virtual time forward by `ms`. It stops at every timer that falls due on the way
   * (visibility and delays running out, backoffs, heartbeats, long-poll ends, handler timeouts)
   * and lets the work it starts settle before going on, so a retry → backoff → dead-letter path
   * completes as it would in real time. Does not wait for handlers that await real I/O.
   */
  async advance(ms: number): Promise<void> {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(INVALID_ADVANCE(ms));
    }
    await this.driver.advance(ms);
  }

  /**
   * Empties every queue of the emulator (visible, in-flight and delayed messages, and FIFO
   * deduplication) and forgets what was sent and what happened, for the next test. Call it when
   * no handler is running (after `waitForIdle`), or a handler still running will fail to
   * acknowledge its purged message.
   */
  async purgeAll(): Promise<void> {
    await this.driver.settle();
    for (const queue of this.emulator.inspectQueues()) {
      await this.emulator.purgeQueue({ QueueUrl: queue.url });
    }
    this.emulator.clearSent();
    this.recorder.clear();
    await this.driver.settle();
  }

  /**
   * Nest calls this as the application closes, before SqsModule stops its consumers. The
   * consumers' shutdown waits for running handlers on the virtual clock, so the harness stops
   * them itself while driving that clock: `app.close()` returns even if a test leaves a handler
   * hanging (it then meets `shutdownTimeoutMs` of virtual time and its `signal` is aborted).
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.consumers.queues.length > 0) {
      let stopped = false;
      const stopping = this.consumers.stop().finally(() => (stopped = true));
      await this.driver.runUntil(() => (stopped ? true : undefined), {
        deadline: undefined,
        advanceUntil: Infinity,
      });
      await stopping;
    }
  }

  // ---- internals --------------------------------------------------------------------------------

  private queue(name: string, method: string): SqsResolvedQueue {
    return this.directory.get(name, `SqsTestHarness.${method}('${name}')`);
  }

  private sourceOf(arn: string | undefined): string | undefined {
    return arn === undefined ? undefined : this.directory.byArn(arn)?.name;
  }

  private states() {
    return readQueueStates(this.sources);
  }

  private describe(): string {
    return describeQueueStates(this.sources, this.states());
  }

  private countOutcomes(queue: string): Record<SqsOutcomeKind, number> {
    const counts: Record<SqsOutcomeKind, number> = {
      processed: 0,
      failed: 0,
      'dead-lettered': 0,
    };
    for (const e of this.recorder.list()) if (e.queue === queue) counts[e.outcome]++;
    return counts;
  }
}

function checkTimeout(option: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0))
    throw new RangeError(INVALID_TIMEOUT(option, value));
  return value;
}

function checkOutcome(value: SqsOutcomeKind): SqsOutcomeKind {
  if (!OUTCOMES.includes(value)) throw new RangeError(INVALID_OUTCOME(value));
  return value;
}
