import { ManualClock } from '../../src/clock/manual-clock';
import { AckBatcher, type AckEntryFailure } from '../../src/consumer/ack-batcher';
import { ackEntry } from '../support/consumer/ack-entry';
import { turns } from '../support/testing/turn-until';

/** Deletes wait to fill batches of ten while more are on their way (`AckBatcher.fill`). */
describe('AckBatcher filling batches', () => {
  let clock: ManualClock;
  let sent: string[][];
  let held: number;
  let batcher: AckBatcher;

  const entry = ackEntry;

  beforeEach(() => {
    clock = new ManualClock(0);
    sent = [];
    held = 0;
    batcher = new AckBatcher({
      operation: 'DeleteMessageBatch',
      clock,
      maxInFlight: 4,
      retryDelayMs: () => 1_000,
      retryUntil: (e) => e.message.visibleUntil,
      send: (entries) => {
        sent.push(entries.map((e) => e.message.id));
        return Promise.resolve<readonly AckEntryFailure[]>([]);
      },
      onEntryFailed: () => undefined,
      onRequestFailed: () => undefined,
      fill: { expected: () => held, maxWaitMs: 1_000 },
    });
  });

  it('holds a partial batch while enough messages are still held to fill it, then sends ten', async () => {
    held = 9;
    for (let n = 0; n < 10; n++) {
      batcher.add(entry(n));
      await turns(1);
      if (n < 9) expect(sent).toEqual([]);
      held--;
    }
    await turns(1);
    expect(sent).toEqual([['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']]);
  });

  it('sends at once when too few messages are held to fill the batch', async () => {
    held = 2;
    batcher.add(entry(0));
    await turns(1);
    expect(sent).toEqual([['m0']]);
  });

  it('sends what waited once it has waited its longest, and not before', async () => {
    held = 50;
    batcher.add(entry(0));
    batcher.add(entry(1));
    await turns(1);
    clock.advance(999);
    await turns(1);
    expect(sent).toEqual([]);
    clock.advance(1);
    await turns(1);
    expect(sent).toEqual([['m0', 'm1']]);
  });

  it('sends when fewer messages are held than the batch needs, once nudged', async () => {
    held = 20;
    batcher.add(entry(0));
    await turns(1);
    expect(sent).toEqual([]);
    held = 3; // the others were let go another way: they owe no delete
    batcher.nudge();
    await turns(1);
    expect(sent).toEqual([['m0']]);
  });

  it('never holds an entry close to its visibility deadline', async () => {
    held = 50;
    // The wait would end at 1 s; the last safe moment for this delete is 1.5 s - 1 s.
    batcher.add(entry(0, 1_500));
    await turns(1);
    expect(sent).toEqual([['m0']]);
  });

  it('holds nothing while it drains', async () => {
    held = 50;
    batcher.add(entry(0));
    await turns(1);
    expect(sent).toEqual([]);
    await batcher.drain();
    expect(sent).toEqual([['m0']]);
  });
});
