import { AckBatcher, type AckEntry } from '../../../src/consumer/ack-batcher';
import { FifoGroups } from '../../../src/consumer/fifo-groups';
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
} as const;

export type RevertedFix = keyof typeof REVERTIBLE_FIXES;

/** Undoes `fix` until the returned function is called. */
export function revert(fix: RevertedFix): () => void {
  return REVERTIBLE_FIXES[fix]();
}

interface ConsumerInternals {
  state: string;
  batchMode: boolean;
  config: { receiveTimeoutMs?: number };
  heartbeat: { stop(): void } | undefined;
  watch: { stop(): void };
  receive(reserved: number): void;
  releaseFollowersOf(m: unknown): void;
  stopping: Promise<void> | undefined;
  slots: { release(n: number): void };
  deletes: { drain(): Promise<void> };
  visibility: { drain(): Promise<void> };
  timedOut(messages: readonly unknown[], route: unknown, error: unknown): void;
  receiveFailed(controller: AbortController, reserved: number, error: unknown): void;
  settleFailed(m: unknown, handler: unknown, backoff: unknown, error: unknown): void;
  afterSettle(): void;
  receiveEnded(controller: AbortController): void;
  notifyIfIdle(): void;
  adopt(raw: unknown, now: number): boolean;
  drainAcks(): Promise<void>;
  stop(): Promise<void>;
}

const consumer = SqsConsumer.prototype as unknown as ConsumerInternals;

/** Replaces `target[key]` with `value`; returns the function that puts the original back. */
function patch<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): () => void {
  const original = target[key];
  target[key] = value;
  return () => {
    target[key] = original;
  };
}

function revertTimeoutFreesSlot(): () => void {
  return patch(consumer, 'timedOut', function (this: ConsumerInternals, messages, route, error) {
    const { handler, backoff } = route as { handler: string; backoff: unknown };
    for (const m of messages) {
      (m as { abort(e: unknown): void }).abort(error);
      this.settleFailed(m, handler, backoff, error);
    }
    this.afterSettle();
  });
}

function revertLateAbortStalls(): () => void {
  const original = consumer.receiveFailed;
  return patch(consumer, 'receiveFailed', function (this: ConsumerInternals, controller, n, error) {
    if (!controller.signal.aborted) return original.call(this, controller, n, error);
    this.receiveEnded(controller);
    this.slots.release(n);
    this.notifyIfIdle();
  });
}

function revertRedeliveryRunsTwice(): () => void {
  return patch(consumer, 'adopt', () => false);
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
  const original = consumer.timedOut;
  return patch(consumer, 'timedOut', function (this: ConsumerInternals, messages, route, error) {
    // The timeout's own call to poll again, silenced for this call only.
    this.afterSettle = () => undefined;
    try {
      original.call(this, messages, route, error);
    } finally {
      delete (this as Partial<ConsumerInternals>).afterSettle;
    }
  });
}

function revertSingleDrain(): () => void {
  return patch(consumer, 'drainAcks', async function (this: ConsumerInternals) {
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
  const original = consumer.drainAcks;
  return patch(consumer, 'drainAcks', function (this: ConsumerInternals) {
    // As before: the end of a stop ended the heartbeat (and the watch), start or no start.
    this.heartbeat?.stop();
    this.watch.stop();
    return original.call(this);
  });
}

function revertBatchFollowersKept(): () => void {
  const original = consumer.releaseFollowersOf;
  return patch(consumer, 'releaseFollowersOf', function (this: ConsumerInternals, m) {
    if (!this.batchMode) original.call(this, m);
  });
}

function revertNoReceiveWatchdog(): () => void {
  const original = consumer.receive;
  return patch(consumer, 'receive', function (this: ConsumerInternals, reserved) {
    const config = this.config;
    this.config = { ...config, receiveTimeoutMs: undefined };
    try {
      original.call(this, reserved);
    } finally {
      this.config = config;
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
