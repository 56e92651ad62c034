import { MessageRecord } from '../../src/emulator/queue/message-record';

// Times are stored as offsets from the process's start (small integers, unboxed); every time a
// clock can give must come back exactly, whether or not it fits that representation.
describe('MessageRecord times', () => {
  const make = (sentAt: number, enqueuedAt = sentAt) =>
    new MessageRecord(1, 'id', 'body', sentAt, enqueuedAt, 'sender', undefined);

  it.each([
    ['now', Date.now()],
    ['a ManualClock far in the future', Date.UTC(2100, 0, 1)],
    ['the epoch itself', 1],
    ['a fraction of a millisecond', Date.now() + 0.25],
    ['30 days ago (beyond a small integer)', Date.now() - 30 * 86_400_000],
  ])('keeps %s exactly', (_, t) => {
    const m = make(t, t + 7);
    m.visibleAt = t + 1;
    m.firstReceiveAt = t + 2;
    m.receivedAt = t + 3;
    expect([m.sentAt, m.enqueuedAt, m.visibleAt, m.firstReceiveAt, m.receivedAt]).toEqual([
      t,
      t + 7,
      t + 1,
      t + 2,
      t + 3,
    ]);
  });

  it('keeps a retention start apart from the send time only when they differ', () => {
    const t = Date.now();
    expect(make(t).extras).toBeUndefined();
    const moved = make(t, t + 60_000);
    expect(moved.enqueuedAt).toBe(t + 60_000);
    // A copy of that message sent at the same time it enqueues carries no stale start.
    const copy = new MessageRecord(2, 'id', 'body', t, t, 'sender', moved.extras);
    expect(copy.enqueuedAt).toBe(t);
  });

  it('keeps a state and a count of visibility changes in one field, each exact', () => {
    const m = make(Date.now());
    m.visibilityChanges = 2 ** 40;
    m.state = 2;
    expect([m.state, m.visibilityChanges]).toEqual([2, 2 ** 40]);
    m.visibilityChanges++;
    m.state = 1;
    expect([m.state, m.visibilityChanges]).toEqual([1, 2 ** 40 + 1]);
  });

  it('reads 0 for the optional times until they are set, and after they are set to 0', () => {
    const m = make(Date.now());
    expect([m.visibleAt, m.firstReceiveAt, m.receivedAt]).toEqual([0, 0, 0]);
    m.visibleAt = Date.now();
    m.visibleAt = 0;
    expect(m.visibleAt).toBe(0);
  });
});
