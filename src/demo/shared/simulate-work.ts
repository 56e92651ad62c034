import { setTimeout as delay } from 'node:timers/promises';

/**
 * Stands in for a handler's real work (a database write, an HTTP call): waits between half and
 * all of `maxMs`, and stops early when `signal` aborts (handler timeout, shutdown).
 */
export async function simulateWork(maxMs: number, signal: AbortSignal): Promise<void> {
  if (maxMs <= 0) return;
  await delay(Math.round(maxMs * (0.5 + Math.random() / 2)), undefined, { signal });
}
