import { SqsTestClock } from '../../src/testing';

describe('SqsTestClock', () => {
  it('is a ManualClock starting at the given time', () => {
    expect(new SqsTestClock(new Date(1_000)).now()).toBe(1_000);
  });

  it('has no next due time without timers', () => {
    expect(new SqsTestClock(0).nextDueAt()).toBeUndefined();
  });

  it('tells when its earliest timer is due', () => {
    const clock = new SqsTestClock(0);
    clock.setTimer(() => undefined, 500);
    clock.setTimer(() => undefined, 200);
    expect(clock.nextDueAt()).toBe(200);
  });

  it('forgets a timer once it has fired', () => {
    const clock = new SqsTestClock(0);
    clock.setTimer(() => undefined, 200);
    clock.setTimer(() => undefined, 500);
    clock.advance(200);
    expect(clock.nextDueAt()).toBe(500);
  });

  it('forgets a cleared timer', () => {
    const clock = new SqsTestClock(0);
    const timer = clock.setTimer(() => undefined, 200);
    clock.clearTimer(timer);
    expect(clock.nextDueAt()).toBeUndefined();
  });

  it('still fires timers in order, including those they set', () => {
    const clock = new SqsTestClock(0);
    const fired: number[] = [];
    clock.setTimer(() => {
      fired.push(clock.now());
      clock.setTimer(() => fired.push(clock.now()), 50);
    }, 100);
    clock.advance(1_000);
    expect(fired).toEqual([100, 150]);
  });
});
