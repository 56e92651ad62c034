import { setImmediate as realSetImmediate } from 'node:timers';

/**
 * What moves time for {@link turnUntil}: an `SqsTestHarness` (its `advance(0)` fires the timers
 * due now and lets their work settle), or the `ManualClock` of a spec that builds its module
 * directly.
 */
export interface TimeSource {
  advance(ms: number): void | Promise<void>;
}

/** One turn of the real event loop (from `node:timers`, which Jest's fake timers leave alone). */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** `count` turns of the real event loop: pending promise callbacks run, time does not move. */
export async function turns(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await nextTurn();
}

/**
 * Turns the event loop, firing the timers due now but never moving virtual time, until
 * `predicate` holds: for states the kit's waits do not name (a handler started and still running,
 * a consumer's status, a log line). The harness's `waitFor` waits for outcomes and may move time;
 * `waitForIdle` needs every handler finished; this needs neither.
 *
 * Throws `Timed out waiting for <what>` after `rounds` rounds. That is a diagnosis, not an
 * assertion: follow a wait with the `expect` that states what it waited for.
 */
export async function turnUntil(
  time: TimeSource,
  predicate: () => boolean,
  what: string,
  rounds = 100,
): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (predicate()) return;
    await time.advance(0);
    await nextTurn();
  }
  if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
}
