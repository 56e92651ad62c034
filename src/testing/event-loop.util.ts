import {
  clearTimeout as clearRealTimeout,
  setImmediate as realSetImmediate,
  setTimeout as realSetTimeout,
} from 'node:timers';

/**
 * The event-loop primitives of the testing kit. They come from `node:timers`, not from the
 * globals: Jest's fake timers replace `globalThis.setImmediate`/`setTimeout`, never the
 * `node:timers` module, so the kit keeps turning the real event loop and measuring real timeouts
 * whether or not a test fakes timers.
 */

/** What `@sinonjs/fake-timers` (Jest's modern fake timers) attaches to the functions it fakes. */
interface FakeTimersClock {
  runMicrotasks(): void;
}

function fakeClockOf(fn: unknown): FakeTimersClock | undefined {
  const clock = (fn as { clock?: Partial<FakeTimersClock> } | undefined)?.clock;
  return clock && typeof clock.runMicrotasks === 'function'
    ? (clock as FakeTimersClock)
    : undefined;
}

/**
 * Runs the callbacks queued on a faked `queueMicrotask`/`process.nextTick`. Under Jest's default
 * `jest.useFakeTimers()` those run only when the test moves the fake clock; the consumers
 * schedule their polls and acknowledgements with `queueMicrotask`, so the kit runs them on each
 * turn it takes. Without fake timers this does nothing.
 */
export function runFakedMicrotasks(): void {
  const clock = fakeClockOf(globalThis.queueMicrotask) ?? fakeClockOf(process.nextTick);
  clock?.runMicrotasks();
}

/** One turn of the real event loop: every pending microtask, then ready I/O, then this. */
export function nextTurn(): Promise<void> {
  runFakedMicrotasks();
  return new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** Waits `ms` of real time (used only to stop spinning while a handler awaits real I/O). */
export function realPause(ms: number): Promise<void> {
  return new Promise<void>((resolve) => realSetTimeout(resolve, ms).unref());
}

/** A real-time limit that a polling loop checks between turns. */
export class RealDeadline {
  private reached = false;
  private readonly timer: ReturnType<typeof realSetTimeout>;

  constructor(readonly ms: number) {
    this.timer = realSetTimeout(() => (this.reached = true), ms);
    this.timer.unref();
  }

  get expired(): boolean {
    return this.reached;
  }

  dispose(): void {
    clearRealTimeout(this.timer);
  }
}
