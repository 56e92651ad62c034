import { FifoGroups } from '../../../src/consumer/fifo-groups';
import { SqsConsumer } from '../../../src/consumer/sqs-consumer';

/**
 * Bugs put in on purpose, to prove each invariant can fail: the simulation must catch every one
 * within its default seeds (`npm run sim -- --break NAME` shows which seeds do). Unlike the
 * reverted fixes, these never existed; they are the mistakes the checks are there for.
 */
export const BREAKAGES = {
  /** A success puts the message back instead of deleting it. */
  'success-not-deleted': breakSuccessNotDeleted,
  /** The heartbeat skips messages whose handler ran past its timeout. */
  'heartbeat-skips-overdue': breakHeartbeatSkipsOverdue,
  /** A timeout leaves the FIFO messages waiting behind it held. */
  'followers-kept-at-timeout': breakFollowersKept,
  /** A timed-out handler's message is retried at once, not after the delay its failure announced. */
  'announced-delay-ignored': breakAnnouncedDelayIgnored,
  /** A redelivery adopted by the attempt under way keeps its slot. */
  'adoption-leaks-slot': breakAdoptionLeaksSlot,
  /** A timed-out handler's settlement gives a slot back twice. */
  'overdue-releases-twice': breakOverdueReleasesTwice,
  /** A stop keeps the FIFO messages waiting in groups instead of putting them back. */
  'stop-keeps-waiting': breakStopKeepsWaiting,
  /** A delete goes out for a failed message. */
  'failure-deleted': breakFailureDeleted,
} as const;

export type Breakage = keyof typeof BREAKAGES;

/** Puts `breakage` in until the returned function is called. */
export function breakConsumer(breakage: Breakage): () => void {
  return BREAKAGES[breakage]();
}

type Entry = { message: Held; visibilityTimeout?: number; attempts: number };
interface Held {
  overdue?: { retryDelaySeconds: number };
  stage: number;
}
interface Batcher {
  add(entry: Entry): void;
}
interface Insides {
  deletes: Batcher;
  visibility: Batcher;
  slots: { forceAcquire(n: number): void; release(n: number): void };
  settleSucceeded(m: Held): void;
  settleFailed(m: Held, handler: unknown, backoff: unknown, error: unknown): void;
  settleOverdue(m: Held): void;
  extend(due: Held[], now: number): void;
  releaseFollowersOf(m: Held): void;
  adopt(raw: unknown, now: number): boolean;
}

const consumer = SqsConsumer.prototype as unknown as Insides;

function patch<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): () => void {
  const original = target[key];
  target[key] = value;
  return () => {
    target[key] = original;
  };
}

/** Runs `body` with one of the consumer's batchers swapped for another's `add`. */
function withBatcher(
  self: Insides,
  which: 'deletes' | 'visibility',
  add: Batcher['add'],
  body: () => void,
): void {
  const real = self[which];
  self[which] = { add };
  try {
    body();
  } finally {
    self[which] = real;
  }
}

function breakSuccessNotDeleted(): () => void {
  const original = consumer.settleSucceeded;
  return patch(consumer, 'settleSucceeded', function (this: Insides, m) {
    const visibility = this.visibility;
    withBatcher(
      this,
      'deletes',
      (e) => visibility.add({ ...e, visibilityTimeout: 0 }),
      () => original.call(this, m),
    );
  });
}

function breakHeartbeatSkipsOverdue(): () => void {
  const original = consumer.extend;
  return patch(consumer, 'extend', function (this: Insides, due, now) {
    original.call(
      this,
      due.filter((m) => m.overdue === undefined),
      now,
    );
  });
}

function breakFollowersKept(): () => void {
  return patch(consumer, 'releaseFollowersOf', () => undefined);
}

function breakAnnouncedDelayIgnored(): () => void {
  const original = consumer.settleOverdue;
  return patch(consumer, 'settleOverdue', function (this: Insides, m) {
    if (m.overdue) m.overdue = { retryDelaySeconds: 0 };
    original.call(this, m);
  });
}

function breakAdoptionLeaksSlot(): () => void {
  const original = consumer.adopt;
  return patch(consumer, 'adopt', function (this: Insides, raw, now) {
    const adopted = original.call(this, raw, now);
    if (adopted) this.slots.forceAcquire(1);
    return adopted;
  });
}

function breakOverdueReleasesTwice(): () => void {
  const original = consumer.settleOverdue;
  return patch(consumer, 'settleOverdue', function (this: Insides, m) {
    const wasRunning = m.stage !== 2;
    original.call(this, m);
    if (wasRunning) this.slots.release(1);
  });
}

function breakStopKeepsWaiting(): () => void {
  return patch(FifoGroups.prototype, 'takeAllWaiting', () => []);
}

function breakFailureDeleted(): () => void {
  const original = consumer.settleFailed;
  return patch(consumer, 'settleFailed', function (this: Insides, m, handler, backoff, error) {
    const deletes = this.deletes;
    withBatcher(
      this,
      'visibility',
      (e) => deletes.add(e),
      () => original.call(this, m, handler, backoff, error),
    );
  });
}
