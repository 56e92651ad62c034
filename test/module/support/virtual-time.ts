import type { ManualClock } from '../../../src/clock/manual-clock';

/** Lets every pending promise callback run (microtasks and one macrotask turn). */
export async function flush(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Moves the clock forward by `ms`, firing due timers, then lets the consequences settle. */
export async function advance(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await flush();
  // Timers set (due now) by what just ran, e.g. a zero backoff.
  clock.advance(0);
  await flush();
}

/**
 * Flushes and fires due timers until `predicate` holds, without moving time; fails after
 * `attempts` rounds with `what` in the message.
 */
export async function until(
  clock: ManualClock,
  predicate: () => boolean,
  what = 'condition',
  attempts = 50,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (predicate()) return;
    clock.advance(0);
    await flush(1);
  }
  if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
}
