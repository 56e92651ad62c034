import { ManualClock } from '../../src/clock/manual-clock';
import { AckBatcher, type AckEntry, type AckEntryFailure } from '../../src/consumer/ack-batcher';
import type { ReceivedMessage } from '../../src/consumer/received-message';
import { ackEntry } from '../support/consumer/ack-entry';
import { deferred, type Deferred } from '../support/deferred';
import { turns } from '../support/testing/turn-until';

describe('AckBatcher', () => {
  let clock: ManualClock;
  let requests: { entries: readonly AckEntry[]; done: Deferred<readonly AckEntryFailure[]> }[];
  let requestErrors: { retryMs: number | undefined; count: number }[];
  let batcher: AckBatcher;

  const entry = ackEntry;

  beforeEach(() => {
    clock = new ManualClock(0);
    requests = [];
    requestErrors = [];
    batcher = new AckBatcher({
      operation: 'DeleteMessageBatch',
      clock,
      maxInFlight: 1,
      retryDelayMs: () => 1_000,
      retryUntil: (e) => e.message.visibleUntil,
      send: (entries) => {
        const done = deferred<readonly AckEntryFailure[]>();
        requests.push({ entries: [...entries], done });
        return done.promise;
      },
      onEntryFailed: () => undefined,
      onRequestFailed: (_e, entries, retryMs) =>
        requestErrors.push({ retryMs, count: entries.length }),
    });
  });

  it('sends entries added together in one request', async () => {
    for (let n = 0; n < 3; n++) batcher.add(entry(n));
    await turns(1);
    expect(requests.map((r) => r.entries.length)).toEqual([3]);
  });

  it('sends at most 10 entries per request', async () => {
    for (let n = 0; n < 12; n++) batcher.add(entry(n));
    await turns(1);
    requests[0].done.resolve([]);
    await turns(1);
    expect(requests.map((r) => r.entries.length)).toEqual([10, 2]);
  });

  it('collects entries while its one request is open, then sends them together', async () => {
    batcher.add(entry(0));
    await turns(1);
    for (let n = 1; n < 6; n++) {
      batcher.add(entry(n));
      await turns(1);
    }
    expect(requests).toHaveLength(1);
    requests[0].done.resolve([]);
    await turns(1);
    expect(requests[1].entries.map((e) => e.message.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('retries a failed request after the delay, for as long as the message is invisible', async () => {
    batcher.add(entry(0, 4_000));
    await turns(1);
    requests[0].done.reject(new Error('throttled'));
    await turns(1);
    expect(requestErrors).toEqual([{ retryMs: 1_000, count: 1 }]);
    clock.advance(999);
    await turns(1);
    expect(requests).toHaveLength(1);
    clock.advance(1);
    await turns(1);
    expect(requests).toHaveLength(2);
    // Tries at 1 s, 2 s and 3 s: the last one a margin (1 s) before the deadline (4 s).
    for (const n of [1, 2]) {
      requests[n].done.reject(new Error('throttled'));
      await turns(1);
      expect(requestErrors[n]).toEqual({ retryMs: 1_000, count: 1 });
      clock.advance(1_000);
      await turns(1);
    }
    requests[3].done.reject(new Error('throttled'));
    await turns(1);
    expect(requestErrors[3]).toEqual({ retryMs: undefined, count: 1 });
    clock.advance(10_000);
    await turns(1);
    expect(requests).toHaveLength(4);
  });

  it('shortens the pause so that the last try still lands before the deadline', async () => {
    batcher.add(entry(0, 1_600));
    await turns(1);
    requests[0].done.reject(new Error('connect ECONNREFUSED'));
    await turns(1);
    expect(requestErrors).toEqual([{ retryMs: 600, count: 1 }]);
  });

  it('lets an entry go at once when its deadline is too close for another try', async () => {
    batcher.add(entry(0, 1_050));
    await turns(1);
    requests[0].done.reject(new Error('connect ECONNREFUSED'));
    await turns(1);
    expect(requestErrors).toEqual([{ retryMs: undefined, count: 1 }]);
  });

  it('drains without waiting out the retry delay', async () => {
    batcher.add(entry(0));
    await turns(1);
    requests[0].done.reject(new Error('throttled'));
    await turns(1);
    let drained = false;
    void batcher.drain().then(() => (drained = true));
    await turns(1);
    expect(requests).toHaveLength(2);
    requests[1].done.resolve([]);
    await turns(1);
    expect(drained).toBe(true);
  });

  it('backs off while draining too, rather than retrying a dead endpoint at once', async () => {
    batcher.add(entry(0));
    await turns(1);
    let drained = false;
    void batcher.drain().then(() => (drained = true));
    requests[0].done.reject(new Error('connect ECONNREFUSED'));
    await turns(2);
    expect(requestErrors).toEqual([{ retryMs: 1_000, count: 1 }]);
    expect(requests).toHaveLength(1);
    clock.advance(1_000);
    await turns(1);
    requests[1].done.resolve([]);
    await turns(2);
    expect(drained).toBe(true);
  });

  describe('one message’s changes reach SQS in the order they were made', () => {
    const message = { id: 'm', visibleUntil: 30_000 } as ReceivedMessage;
    const beat = (): AckEntry => ({ message, visibilityTimeout: 30, heartbeat: true, attempts: 0 });
    const retry = (): AckEntry => ({ message, visibilityTimeout: 5, attempts: 0 });

    it('drops a heartbeat still waiting when the message settles', async () => {
      batcher.add(entry(0));
      await turns(1);
      // The one request is open: these wait.
      batcher.add(beat());
      batcher.add(retry());
      await turns(1);
      requests[0].done.resolve([]);
      await turns(1);
      expect(requests[1].entries.map((e) => e.visibilityTimeout)).toEqual([5]);
    });

    it('does not retry a failed heartbeat once the message has settled', async () => {
      batcher.add(beat());
      await turns(1);
      batcher.add(retry());
      requests[0].done.reject(new Error('connection reset'));
      await turns(2);
      clock.advance(1_000);
      await turns(2);
      expect(requests.map((r) => r.entries.map((e) => e.visibilityTimeout))).toEqual([[30], [5]]);
    });

    it('holds a change back while the previous one for the message is on its way', async () => {
      const parallel = new AckBatcher({
        operation: 'ChangeMessageVisibilityBatch',
        clock,
        maxInFlight: 4,
        retryDelayMs: () => 1_000,
        retryUntil: (e) => e.message.visibleUntil,
        send: (entries) => {
          const done = deferred<readonly AckEntryFailure[]>();
          requests.push({ entries: [...entries], done });
          return done.promise;
        },
        onEntryFailed: () => undefined,
        onRequestFailed: () => undefined,
      });
      parallel.add(beat());
      await turns(1);
      parallel.add(retry());
      parallel.add(entry(1));
      await turns(1);
      // A free request went out with the other message only.
      expect(requests.map((r) => r.entries.map((e) => e.message.id))).toEqual([['m'], ['m1']]);
      requests[0].done.resolve([]);
      await turns(1);
      expect(requests[2].entries.map((e) => e.visibilityTimeout)).toEqual([5]);
    });
  });
});
