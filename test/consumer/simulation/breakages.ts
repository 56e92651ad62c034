import { Dispatcher } from '../../../src/consumer/dispatcher';
import { ReceivedMessage } from '../../../src/consumer/received-message';
import { FifoGroups } from '../../../src/consumer/fifo-groups';
import { ReceiveLoop } from '../../../src/consumer/receive-loop';
import { Semaphore } from '../../../src/consumer/semaphore';
import { Settlement } from '../../../src/consumer/settlement';
import { VisibilityHeartbeat } from '../../../src/consumer/visibility-heartbeat';
import { WorkerGate } from '../../../src/consumer/worker-gate';

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
  /** Messages received ahead start whether or not a worker is free. */
  'gate-unbounded': breakGateUnbounded,
  /** A stop keeps the messages received ahead instead of putting them back. */
  'stop-keeps-prefetched': breakStopKeepsPrefetched,
  /** Receives go on while received messages wait, past the prefetch bound. */
  'prefetch-unbounded': breakPrefetchUnbounded,
  /**
   * Batch calls as large as what is ready: a receive takes up to `batchSize` of the free slots
   * (prefetch included), and what waited behind a FIFO batch runs as one call.
   */
  'batch-calls-oversized': breakBatchCallsOversized,
  /** A batch too large for the free workers waits whole, behind whatever runs long. */
  'batch-never-split': breakBatchNeverSplit,
  /** A visibility change SQS answered after the known deadline still moves it. */
  'late-extension-trusted': () => breakVisibilityLanded('late-answer'),
  /**
   * A visibility change SQS accepted sets the deadline, though another change overlapped it (sent
   * before this one was answered, or answered after this one was sent) and may have come last.
   */
  'overlap-trusts-latest': () => breakVisibilityLanded('overlap'),
} as const;

export type Breakage = keyof typeof BREAKAGES;

/** Puts `breakage` in until the returned function is called. */
export function breakConsumer(breakage: Breakage): () => void {
  return BREAKAGES[breakage]();
}

interface Held {
  overdue?: { retryDelaySeconds: number };
  stage: number;
}
interface Acks {
  delete(m: Held): void;
  putBack(m: Held, seconds: number): void;
}
interface Slots {
  forceAcquire(n: number): void;
  release(n: number): void;
}
interface SettlementInsides {
  acks: Acks;
  held: { slots: Slots };
  succeeded(m: Held): void;
  failed(m: Held, route: unknown, error: unknown): void;
  overdue(m: Held): void;
  releaseFollowersOf(m: Held): void;
}

const settlement = Settlement.prototype as unknown as SettlementInsides;
const dispatcher = Dispatcher.prototype as unknown as {
  p: { held: { slots: Slots } };
  adopt(raw: unknown, now: number): boolean;
};
const heartbeat = VisibilityHeartbeat.prototype as unknown as {
  extend(due: Held[], now: number): void;
};

function patch<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): () => void {
  const original = target[key];
  target[key] = value;
  return () => {
    target[key] = original;
  };
}

/** Runs `body` with the settlement's acknowledgements swapped for `acks`. */
function withAcks(self: SettlementInsides, acks: (real: Acks) => Acks, body: () => void): void {
  const real = self.acks;
  self.acks = acks(real);
  try {
    body();
  } finally {
    self.acks = real;
  }
}

function breakSuccessNotDeleted(): () => void {
  const original = settlement.succeeded;
  return patch(settlement, 'succeeded', function (this: SettlementInsides, m) {
    withAcks(
      this,
      (real) => ({
        delete: (held) => real.putBack(held, 0),
        putBack: (h, s) => real.putBack(h, s),
      }),
      () => original.call(this, m),
    );
  });
}

function breakHeartbeatSkipsOverdue(): () => void {
  const original = heartbeat.extend;
  return patch(heartbeat, 'extend', function (this: unknown, due, now) {
    original.call(
      this,
      due.filter((m) => m.overdue === undefined),
      now,
    );
  });
}

function breakFollowersKept(): () => void {
  return patch(settlement, 'releaseFollowersOf', () => undefined);
}

function breakAnnouncedDelayIgnored(): () => void {
  const original = settlement.overdue;
  return patch(settlement, 'overdue', function (this: SettlementInsides, m) {
    if (m.overdue) m.overdue = { retryDelaySeconds: 0 };
    original.call(this, m);
  });
}

function breakAdoptionLeaksSlot(): () => void {
  const original = dispatcher.adopt;
  return patch(dispatcher, 'adopt', function (this: typeof dispatcher, raw, now) {
    const adopted = original.call(this, raw, now);
    if (adopted) this.p.held.slots.forceAcquire(1);
    return adopted;
  });
}

function breakOverdueReleasesTwice(): () => void {
  const original = settlement.overdue;
  return patch(settlement, 'overdue', function (this: SettlementInsides, m) {
    const wasRunning = m.stage !== 2;
    original.call(this, m);
    if (wasRunning) this.held.slots.release(1);
  });
}

function breakStopKeepsWaiting(): () => void {
  return patch(FifoGroups.prototype, 'takeAllWaiting', () => []);
}

function breakFailureDeleted(): () => void {
  const original = settlement.failed;
  return patch(settlement, 'failed', function (this: SettlementInsides, m, route, error) {
    withAcks(
      this,
      (real) => ({ delete: (held) => real.delete(held), putBack: (held) => real.delete(held) }),
      () => original.call(this, m, route, error),
    );
  });
}

function breakGateUnbounded(): () => void {
  const gate = WorkerGate.prototype as unknown as { fits(n: number): boolean };
  return patch(gate, 'fits', () => true);
}

function breakStopKeepsPrefetched(): () => void {
  const d = Dispatcher.prototype as unknown as { releaseWaiting(): void };
  return patch(d, 'releaseWaiting', () => undefined);
}

function breakPrefetchUnbounded(): () => void {
  // Ten slots more than there are: every count stays consistent, only the bound is gone.
  const proto = Semaphore.prototype as unknown as { free: number; tryAcquire(max: number): number };
  const available = Object.getOwnPropertyDescriptor(Semaphore.prototype, 'available');
  Object.defineProperty(Semaphore.prototype, 'available', {
    configurable: true,
    get(this: { free: number }) {
      return this.free + 10;
    },
  });
  const undo = patch(proto, 'tryAcquire', function (this: typeof proto, max: number) {
    const n = Math.max(0, Math.min(max, this.free + 10));
    this.free -= n;
    return n;
  });
  return () => {
    undo();
    Object.defineProperty(Semaphore.prototype, 'available', available as PropertyDescriptor);
  };
}

function breakBatchCallsOversized(): () => void {
  const d = Dispatcher.prototype as unknown as { callsOf(list: unknown[]): unknown[][] };
  const undoCalls = patch(d, 'callsOf', (list: unknown[]) => [list]);
  const loop = ReceiveLoop.prototype as unknown as {
    receive(reserved: number): void;
    o: { batchSize: number };
    p: { slots: { tryAcquire(n: number): number } };
  };
  const original = loop.receive;
  // Receives take `min(batchSize, free slots)`, the prefetch slots included.
  const undoReceive = patch(loop, 'receive', function (this: typeof loop, reserved: number) {
    original.call(this, reserved + this.p.slots.tryAcquire(this.o.batchSize - reserved));
  });
  return () => {
    undoReceive();
    undoCalls();
  };
}

function breakBatchNeverSplit(): () => void {
  const d = Dispatcher.prototype as unknown as { splitPoint(list: unknown[], max: number): number };
  return patch(d, 'splitPoint', () => 0);
}

interface HeldMessageInsides {
  visibleUntil: number;
  lastAnsweredAt: number;
  visibilityLanded(sentAt: number, answeredAt: number, seconds: number): void;
  /** Takes a change off those in flight; true if others are still on their way. */
  answered(seconds: number): boolean;
}

/** `visibilityLanded` as it is, with one of its two guards taken out. */
function breakVisibilityLanded(without: 'late-answer' | 'overlap'): () => void {
  const message = ReceivedMessage.prototype as unknown as HeldMessageInsides;
  return patch(
    message,
    'visibilityLanded',
    function (this: HeldMessageInsides, sentAt, answeredAt, seconds) {
      const othersInFlight = this.answered(seconds);
      if (without === 'late-answer' || answeredAt < this.visibleUntil) {
        const deadline = sentAt + seconds * 1000;
        const alone = without === 'overlap' || (sentAt >= this.lastAnsweredAt && !othersInFlight);
        this.visibleUntil = alone ? deadline : Math.min(this.visibleUntil, deadline);
      }
      this.lastAnsweredAt = Math.max(this.lastAnsweredAt, answeredAt);
    },
  );
}
