import { EventRing } from '../../src/demo/feed/event-ring';

const event = (seq: number) => ({ seq });
const filled = (capacity: number, count: number) => {
  const ring = new EventRing<{ seq: number }>(capacity);
  for (let seq = 1; seq <= count; seq++) ring.push(event(seq));
  return ring;
};

describe('EventRing (the feed history a reconnecting page catches up from)', () => {
  it('returns the events after a seq, oldest first', () => {
    expect(filled(10, 5).since(2)).toEqual({ events: [event(3), event(4), event(5)], dropped: 0 });
  });

  it('returns nothing for a client that has seen the newest', () => {
    expect(filled(10, 5).since(5)).toEqual({ events: [], dropped: 0 });
  });

  it('keeps the latest events only, and says how many of the missed ones are gone', () => {
    // Holds 8, 9, 10; a client that saw 3 missed 4…10, of which 4…7 are gone.
    expect(filled(3, 10).since(3)).toEqual({
      events: [event(8), event(9), event(10)],
      dropped: 4,
    });
  });

  it('replays all it has to a client of another feed (a seq it never gave)', () => {
    expect(filled(3, 4).since(99)).toEqual({
      events: [event(2), event(3), event(4)],
      dropped: 1,
    });
  });

  it('refuses an event that does not follow the previous one', () => {
    const ring = filled(3, 2);

    expect(() => ring.push(event(4))).toThrow('Event 4 does not follow event 2.');
    expect(ring.lastSeq).toBe(2);
  });
});
