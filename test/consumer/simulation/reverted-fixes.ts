import { AckBatcher, type AckEntry } from '../../../src/consumer/ack-batcher';
import { Acknowledgements } from '../../../src/consumer/acknowledgements';
import { Dispatcher } from '../../../src/consumer/dispatcher';
import { FifoGroups } from '../../../src/consumer/fifo-groups';
import { ReceiveLoop } from '../../../src/consumer/receive-loop';
import { ReceivedMessage } from '../../../src/consumer/received-message';
import { Settlement } from '../../../src/consumer/settlement';
import { SqsConsumer } from '../../../src/consumer/sqs-consumer';

/**
 * Fixes the simulation found (or was built to find), each undone by a patch for as long as a
 * negative control runs: a simulation that would not find these defects again is not worth
 * running. The patches restore the old behaviour, not the old code.
 */
export const REVERTIBLE_FIXES = {
  /** A timeout settled the attempt at once (slot freed, group reopened) while the handler ran on. */
  'timeout-frees-slot': revertTimeoutFreesSlot,
  /** An abort answered after a restart ended the receive without polling again. */
  'late-abort-stalls': revertLateAbortStalls,
  /** A redelivery of a message still held ran beside the attempt under way. */
  'redelivery-runs-twice': revertRedeliveryRunsTwice,
  /** A FIFO batch handler ran a group's new messages beside the batch still holding the group. */
  'fifo-batches-overlap': revertFifoBatchesOverlap,
  /** Followers put back at a timeout freed their slots without polling with them. */
  'timeout-followers-idle': revertTimeoutFollowersIdle,
  /** The stop drained acknowledgements once, missing those of a receive landing meanwhile. */
  'single-drain': revertSingleDrain,
  /** stop() on a stopped consumer resolved while late handlers' acknowledgements were owed. */
  'stopped-stop-resolves-early': revertStoppedStopResolvesEarly,
  /** A stop ended the heartbeat, and a start did not bring it back for messages still held. */
  'heartbeat-ends-at-stop': revertHeartbeatEndsAtStop,
  /** A batch handler's timeout kept the FIFO messages waiting behind it. */
  'batch-followers-kept': revertBatchFollowersKept,
  /** A receive the network never answered held its slots for good. */
  'no-receive-watchdog': revertNoReceiveWatchdog,
  /** A stale heartbeat could reach SQS after the settlement it should have given way to. */
  'acks-out-of-order': revertAcksOutOfOrder,
  /** A heartbeat moved the message's deadline when it asked for more, not when SQS had it. */
  'deadline-moves-on-landing': revertDeadlineMovesOnLanding,
  /** A change sent to shorten the visibility did not count until SQS answered it. */
  'shortening-counts-on-answer': revertShorteningCountsOnAnswer,
} as const;

export type RevertedFix = keyof typeof REVERTIBLE_FIXES;

/** Undoes `fix` until the returned function is called. */
export function revert(fix: RevertedFix): () => void {
  return REVERTIBLE_FIXES[fix]();
}

interface DispatcherInternals {
  p: { settlement: SettlementInternals; afterSettle(): void };
  watch: { stop(): void };
  timedOut(messages: readonly unknown[], route: unknown, error: unknown): void;
  adopt(raw: unknown, now: number): boolean;
}
interface SettlementInternals {
  o: { batchMode: boolean };
  failed(m: unknown, route: unknown, error: unknown): void;
  timedOut(messages: readonly unknown[], route: unknown, error: unknown): void;
  releaseFollowersOf(m: unknown): void;
}
interface ReceiveLoopInternals {
  o: { receiveTimeoutMs?: number };
  p: { slots: { release(n: number): void }; receiveEnded(): void };
  ended(controller: AbortController): void;
  receive(reserved: number): void;
  receiveFailed(controller: AbortController, reserved: number, error: unknown): void;
}
interface ConsumerInternals {
  state: string;
  stopping: Promise<void> | undefined;
  heartbeat: { stop(): void } | undefined;
  dispatcher: DispatcherInternals;
  shutdown(): Promise<void>;
  stop(): Promise<void>;
}
interface AcknowledgementsInternals {
  deletes: { drain(): Promise<void> };
  visibility: { drain(): Promise<void> };
  drain(): Promise<void>;
}

const consumer = SqsConsumer.prototype as unknown as ConsumerInternals;
const dispatcher = Dispatcher.prototype as unknown as DispatcherInternals;
const settlement = Settlement.prototype as unknown as SettlementInternals;
const receiveLoop = ReceiveLoop.prototype as unknown as ReceiveLoopInternals;
const acknowledgements = Acknowledgements.prototype as unknown as AcknowledgementsInternals;

/** Replaces `target[key]` with `value`; returns the function that puts the original back. */
function patch<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): () => void {
  const original = target[key];
  target[key] = value;
  return () => {
    target[key] = original;
  };
}

function revertTimeoutFreesSlot(): () => void {
  return patch(
    dispatcher,
    'timedOut',
    function (this: DispatcherInternals, messages, route, error) {
      for (const m of messages) {
        (m as { abort(e: unknown): void }).abort(error);
        this.p.settlement.failed(m, route, error);
      }
      this.p.afterSettle();
    },
  );
}

function revertLateAbortStalls(): () => void {
  const original = receiveLoop.receiveFailed;
  return patch(
    receiveLoop,
    'receiveFailed',
    function (this: ReceiveLoopInternals, controller, n, error) {
      if (!controller.signal.aborted) {
        return original.call(this, controller, n, error);
      }
      this.ended(controller);
      this.p.slots.release(n);
      this.p.receiveEnded();
    },
  );
}

function revertRedeliveryRunsTwice(): () => void {
  return patch(dispatcher, 'adopt', () => false);
}

function revertFifoBatchesOverlap(): () => void {
  const groups = FifoGroups.prototype;
  const undoAdmit = patch(groups, 'admitBatch', (messages) => [...messages]);
  const undoFinish = patch(groups, 'finishBatch', () => ({ next: [], released: [] }));
  return () => {
    undoAdmit();
    undoFinish();
  };
}

function revertTimeoutFollowersIdle(): () => void {
  // The timeout's own call to poll again, left out.
  return patch(
    dispatcher,
    'timedOut',
    function (this: DispatcherInternals, messages, route, error) {
      this.p.settlement.timedOut(messages, route, error);
    },
  );
}

function revertSingleDrain(): () => void {
  return patch(acknowledgements, 'drain', async function (this: AcknowledgementsInternals) {
    await Promise.all([this.deletes.drain(), this.visibility.drain()]);
  });
}

function revertStoppedStopResolvesEarly(): () => void {
  const original = consumer.stop;
  return patch(consumer, 'stop', function (this: ConsumerInternals) {
    if (this.state === 'stopped' && !this.stopping) return Promise.resolve();
    return original.call(this);
  });
}

function revertHeartbeatEndsAtStop(): () => void {
  const original = consumer.shutdown;
  return patch(consumer, 'shutdown', async function (this: ConsumerInternals) {
    await original.call(this);
    // As before: the end of a stop ended the heartbeat (and the watch), start or no start.
    this.heartbeat?.stop();
    this.dispatcher.watch.stop();
  });
}

function revertBatchFollowersKept(): () => void {
  const original = settlement.releaseFollowersOf;
  return patch(settlement, 'releaseFollowersOf', function (this: SettlementInternals, m) {
    if (!this.o.batchMode) original.call(this, m);
  });
}

function revertNoReceiveWatchdog(): () => void {
  const original = receiveLoop.receive;
  return patch(receiveLoop, 'receive', function (this: ReceiveLoopInternals, reserved) {
    const options = this.o;
    this.o = { ...options, receiveTimeoutMs: undefined };
    try {
      original.call(this, reserved);
    } finally {
      this.o = options;
    }
  });
}

interface BatcherInternals {
  buffer: AckEntry[];
  flushScheduled: boolean;
  flush(): void;
  nextBatch(): AckEntry[];
}

function revertAcksOutOfOrder(): () => void {
  const batcher = AckBatcher.prototype as unknown as BatcherInternals & {
    add(entry: AckEntry): void;
  };
  // As before: entries queued and sent in arrival order, ten at a time, whatever they made stale.
  const undoAdd = patch(batcher, 'add', function (this: BatcherInternals, entry: AckEntry) {
    this.buffer.push(entry);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  });
  const undoBatch = patch(batcher, 'nextBatch', function (this: BatcherInternals) {
    return this.buffer.splice(0, 10);
  });
  return () => {
    undoAdd();
    undoBatch();
  };
}

interface HeldMessageInternals {
  visibleUntil: number;
  changesInFlight: number[] | undefined;
  visibilitySent(sentAt: number, seconds: number): void;
  scheduleBeat(from: number, seconds: number, heartbeatFraction: number | undefined): void;
  visibilityLanded(sentAt: number, answeredAt: number, seconds: number): void;
}

function revertDeadlineMovesOnLanding(): () => void {
  const message = ReceivedMessage.prototype as unknown as HeldMessageInternals;
  const schedule = message.scheduleBeat;
  // As before: asking moved the deadline; what SQS then confirmed changed nothing.
  const undoAsked = patch(
    message,
    'scheduleBeat',
    function (this: HeldMessageInternals, from, seconds, fraction) {
      schedule.call(this, from, seconds, fraction);
      this.visibleUntil = from + seconds * 1000;
    },
  );
  const undoLanded = patch(message, 'visibilityLanded', () => undefined);
  return () => {
    undoAsked();
    undoLanded();
  };
}

function revertShorteningCountsOnAnswer(): () => void {
  const message = ReceivedMessage.prototype as unknown as HeldMessageInternals;
  // As before: a change sent left the deadline alone until its answer.
  return patch(
    message,
    'visibilitySent',
    function (this: HeldMessageInternals, _sentAt: number, seconds: number) {
      (this.changesInFlight ??= []).push(seconds * 1000);
    },
  );
}
