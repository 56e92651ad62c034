import { MessageRecord } from '../../src/emulator/queue/message-record';
import { RetentionOrder } from '../../src/emulator/queue/retention-order';
import { SequenceIndex } from '../../src/emulator/structures/sequence-index';
import { prng } from '../support/persistence/workload';

/** A queue's index and its retention order, kept together as the queue keeps them. */
function queue() {
  const index = new SequenceIndex<MessageRecord>();
  const order = new RetentionOrder(index);
  let nextSeq = 1;
  return {
    order,
    add(enqueuedAt: number, seq = nextSeq++): MessageRecord {
      const m = new MessageRecord(seq, undefined, 'b', enqueuedAt, enqueuedAt, 's', undefined);
      index.set(seq, m);
      order.add(m);
      return m;
    },
    remove(m: MessageRecord): void {
      index.delete(m.seq);
      order.remove(m);
    },
    clear(): void {
      index.clear();
      order.clear();
    },
  };
}

describe('RetentionOrder', () => {
  const T = Date.UTC(2026, 0, 1);

  it('gives the oldest message, then the next once it is gone', () => {
    const q = queue();
    const [a, b, c] = [q.add(T), q.add(T + 1), q.add(T + 2)];
    expect(q.order.oldest()).toBe(a);
    q.remove(b);
    expect(q.order.oldest()).toBe(a);
    q.remove(a);
    expect(q.order.oldest()).toBe(c);
    q.remove(c);
    expect(q.order.oldest()).toBeUndefined();
  });

  it('finds a message that arrived with an older enqueue time (a dead letter keeps its own)', () => {
    const q = queue();
    const fresh = q.add(T + 100);
    const old = q.add(T);
    expect(q.order.oldest()).toBe(old);
    q.remove(old);
    expect(q.order.oldest()).toBe(fresh);
  });

  it('finds a message restored with a sequence number below ones already taken', () => {
    const q = queue();
    q.add(T + 10, 5);
    const early = q.add(T + 20, 3);
    q.remove(q.order.oldest() as MessageRecord);
    expect(q.order.oldest()).toBe(early);
  });

  it('starts where the first message is, not at sequence 0 (a restored queue)', () => {
    const index = new SequenceIndex<MessageRecord>();
    let reads = 0;
    const get = index.get.bind(index);
    index.get = (key: number) => {
      reads++;
      return get(key);
    };
    const order = new RetentionOrder(index);
    const m = new MessageRecord(5_000_000, undefined, 'b', T, T, 's', undefined);
    index.set(m.seq, m);
    order.add(m);
    expect(order.oldest()).toBe(m);
    expect(reads).toBeLessThan(10);
  });

  it('starts over after a purge', () => {
    const q = queue();
    q.add(T);
    q.add(T + 1);
    q.clear();
    expect(q.order.oldest()).toBeUndefined();
    const m = q.add(T + 2);
    expect(q.order.oldest()).toBe(m);
  });

  it('agrees with a scan of every message under random adds and removes', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = prng(seed);
      const q = queue();
      const live = new Set<MessageRecord>();
      let now = T;
      for (let step = 0; step < 400; step++) {
        const r = random();
        if (r < 0.5) {
          now += Math.floor(random() * 3);
          // One in five arrives with an older time (dead letters, restores).
          live.add(q.add(random() < 0.2 ? now - Math.floor(random() * 50) : now));
        } else if (r < 0.95 && live.size > 0) {
          // Mostly the oldest goes (retention, FIFO-like consumption), sometimes any.
          const all = [...live];
          const m =
            random() < 0.5
              ? (q.order.oldest() as MessageRecord)
              : all[Math.floor(random() * all.length)];
          live.delete(m);
          q.remove(m);
        } else if (r >= 0.995) {
          live.clear();
          q.clear();
        }
        const expected = Math.min(...[...live].map((m) => m.enqueuedAt));
        const got = q.order.oldest();
        expect({ seed, step, at: got?.enqueuedAt ?? Infinity }).toEqual({
          seed,
          step,
          at: expected,
        });
        if (got) expect(live.has(got)).toBe(true);
      }
    }
  });
});
