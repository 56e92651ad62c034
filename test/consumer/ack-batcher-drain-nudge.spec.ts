import { ManualClock } from '../../src/clock/manual-clock';
import { AckBatcher, type AckEntryFailure } from '../../src/consumer/ack-batcher';
import { ackEntry } from '../support/consumer/ack-entry';
import { turns } from '../support/testing/turn-until';

describe('AckBatcher: a drain ends even when a nudge comes while it waits', () => {
  for (let k = 0; k <= 8; k++) {
    it(`drain resolves when nudge() lands ${k} microtasks after the response`, async () => {
      const clock = new ManualClock(0);
      let answer!: (v: readonly AckEntryFailure[]) => void;
      const batcher = new AckBatcher({
        operation: 'DeleteMessageBatch',
        clock,
        maxInFlight: 1,
        retryDelayMs: () => 1_000,
        retryUntil: (e) => e.message.visibleUntil,
        send: () => new Promise<readonly AckEntryFailure[]>((r) => (answer = r)),
        onEntryFailed: () => undefined,
        onRequestFailed: () => undefined,
        fill: { expected: () => 0, maxWaitMs: 1_000 },
      });
      batcher.add(ackEntry(0));
      await turns(1); // sent, in flight
      let drained = false;
      void batcher.drain().then(() => (drained = true));
      answer([]);
      // a settlement that owes no delete (a failure) calls afterSettle -> deletes.nudge()
      let p: Promise<void> = Promise.resolve();
      for (let i = 0; i < k; i++) p = p.then(() => undefined);
      void p.then(() => batcher.nudge());
      await turns(5);
      expect({ k, drained, pending: batcher.pending }).toEqual({ k, drained: true, pending: 0 });
    });
  }
});
