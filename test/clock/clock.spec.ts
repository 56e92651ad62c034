import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManualClock, SystemClock } from '../../src/clock';

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

  it('fires one timer at a time with fireNext, moving time to it, ties in the order set', () => {
    const clock = new ManualClock(0);
    const seen: Array<[string, number]> = [];
    clock.setTimer(() => seen.push(['late', clock.now()]), 300);
    clock.setTimer(() => seen.push(['first', clock.now()]), 100);
    clock.setTimer(() => seen.push(['second', clock.now()]), 100);
    expect(clock.fireNext()).toBe(true);
    expect(seen).toEqual([['first', 100]]);
    expect(clock.fireNext()).toBe(true);
    expect(clock.fireNext()).toBe(true);
    expect(seen).toEqual([
      ['first', 100],
      ['second', 100],
      ['late', 300],
    ]);
    expect(clock.fireNext()).toBe(false);
    expect(clock.now()).toBe(300);
  });
});

describe('SystemClock', () => {
  it('fires a timer after real time passes', async () => {
    const clock = new SystemClock();
    await new Promise<void>((resolve) => clock.setTimer(resolve, 5));
    expect(clock.now()).toBeGreaterThan(0);
  });

  it('lets housekeeping timers not hold the process open, but keeps it alive for keepAlive ones', () => {
    const clock = new SystemClock();
    const background = clock.setTimer(() => undefined, 60_000);
    const awaited = clock.setTimer(() => undefined, 60_000, { keepAlive: true });
    const refs = [background, awaited].map((t) =>
      (t as unknown as { handle: NodeJS.Timeout }).handle.hasRef(),
    );
    clock.clearTimer(background);
    clock.clearTimer(awaited);
    expect(refs).toEqual([false, true]);
  });

  it('keeps a standalone script alive while its long poll waits, so the receive returns', async () => {
    const script = `
      const { SqsEmulator } = require('./src/emulator');
      (async () => {
        const sqs = new SqsEmulator();
        const { QueueUrl } = await sqs.createQueue({ QueueName: 'idle' });
        const out = await sqs.receiveMessage({ QueueUrl, WaitTimeSeconds: 1 });
        process.stdout.write('returned ' + (out.Messages ?? []).length);
      })();
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      { cwd: join(__dirname, '..', '..'), timeout: 20_000 },
    );
    expect(stdout).toBe('returned 0');
  }, 30_000);
});
