import { ManualClock } from '../../src/clock';
import type { Delivery } from '../../src/emulator/queue/message-record';
import { type ReceiveSource, WaitingReceives } from '../../src/emulator/queue/waiting-receives';

/** A queue stand-in: visible "messages" are strings, handed out in order. */
class FakeSource implements ReceiveSource {
  visible: string[] = [];
  dueAt: number | undefined;
  takes = 0;
  sweeps = 0;
  hasReceivable(): boolean {
    return this.visible.length > 0;
  }
  take(max: number, _visibilitySeconds: number, out: Delivery[]): void {
    this.takes++;
    for (const body of this.visible.splice(0, max)) {
      out.push({ message: body, receiptHandle: body } as unknown as Delivery);
    }
  }
  nextDueAt(): number | undefined {
    return this.dueAt;
  }
  sweep(): void {
    this.sweeps++;
  }
}

const handles = (ds: Delivery[]): string[] => ds.map((d) => d.receiptHandle);
const REQUEST = { max: 10, visibilitySeconds: 30 };

describe('WaitingReceives (one queue’s long polls)', () => {
  let clock: ManualClock;
  let source: FakeSource;
  let polls: WaitingReceives;

  beforeEach(() => {
    clock = new ManualClock(0);
    source = new FakeSource();
    polls = new WaitingReceives(clock, source);
  });

  it('serves the oldest poll first and ends the others empty at their wait time', async () => {
    const a = polls.park(REQUEST, 1_000);
    const b = polls.park(REQUEST, 2_000);
    expect(polls.size).toBe(2);
    source.visible.push('m1');
    polls.serve();
    expect(handles(await a)).toEqual(['m1']);
    clock.advance(2_000);
    expect(await b).toEqual([]);
    expect(polls.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('drops an aborted poll from the middle and keeps the others in order', async () => {
    const controller = new AbortController();
    const a = polls.park({ max: 1, visibilitySeconds: 30 }, 20_000);
    const b = polls.park(REQUEST, 20_000, controller.signal);
    const c = polls.park(REQUEST, 20_000);
    controller.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    source.visible.push('m1', 'm2', 'm3');
    polls.serve();
    expect(handles(await a)).toEqual(['m1']);
    expect(handles(await c)).toEqual(['m2', 'm3']);
  });

  it('rejects at once when the signal is already aborted, parking nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(polls.park(REQUEST, 20_000, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(polls.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('serves once, at the last release, what a held batch made receivable', async () => {
    const a = polls.park(REQUEST, 20_000);
    const b = polls.park(REQUEST, 20_000);
    polls.hold();
    polls.hold();
    for (const m of ['m1', 'm2', 'm3']) {
      source.visible.push(m);
      polls.serve();
    }
    polls.release();
    expect(source.takes).toBe(0);
    polls.release();
    expect(handles(await a)).toEqual(['m1', 'm2', 'm3']);
    expect(polls.size).toBe(1);
    polls.endAll();
    expect(await b).toEqual([]);
  });

  it('does not serve on release when nothing was owed', () => {
    void polls.park(REQUEST, 20_000);
    polls.hold();
    polls.release();
    expect(source.takes).toBe(0);
    polls.endAll();
  });

  it('keeps one wake-up timer, at the earliest due time, only while somebody waits', () => {
    source.dueAt = 5_000;
    void polls.park(REQUEST, 20_000);
    expect(clock.pendingTimers).toBe(2); // the poll's end and the queue's wake-up
    source.dueAt = 3_000;
    polls.armWake();
    source.dueAt = 4_000;
    polls.armWake();
    expect(clock.pendingTimers).toBe(2);
    clock.advance(2_999);
    expect(source.sweeps).toBe(0);
    clock.advance(1);
    expect(source.sweeps).toBe(1);
    polls.endAll();
    expect(clock.pendingTimers).toBe(0);
  });
});
