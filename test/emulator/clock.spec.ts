import { ManualClock, SystemClock } from '../../src/emulator';

describe('ManualClock', () => {
  it('does not move unless advanced', () => {
    const clock = new ManualClock(1000);
    expect(clock.now()).toBe(1000);
    clock.advance(250);
    expect(clock.now()).toBe(1250);
  });

  it('fires due timers in due order, each at its own time', () => {
    const clock = new ManualClock(0);
    const seen: Array<[string, number]> = [];
    clock.setTimer(() => seen.push(['b', clock.now()]), 200);
    clock.setTimer(() => seen.push(['a', clock.now()]), 100);
    clock.setTimer(() => seen.push(['c', clock.now()]), 300);
    clock.advance(250);
    expect(seen).toEqual([
      ['a', 100],
      ['b', 200],
    ]);
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires timers set by timers when they fall within the advance', () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    clock.setTimer(() => {
      seen.push(clock.now());
      clock.setTimer(() => seen.push(clock.now()), 50);
    }, 100);
    clock.advance(200);
    expect(seen).toEqual([100, 150]);
  });

  it('never fires a cleared timer', () => {
    const clock = new ManualClock(0);
    const fn = jest.fn();
    const t = clock.setTimer(fn, 10);
    clock.clearTimer(t);
    clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
  });

  it('rejects a negative advance', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(RangeError);
  });
});

describe('SystemClock', () => {
  it('fires a timer after real time passes', async () => {
    const clock = new SystemClock();
    await new Promise<void>((resolve) => clock.setTimer(resolve, 5));
    expect(clock.now()).toBeGreaterThan(0);
  });
});
