// Helpers shared by the tests (kept outside test/, which node --test runs as test files).
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Applies method decorators to `cls.prototype[key]` as TypeScript would (last one first),
 * keeping the descriptor a decorator returns.
 */
export function decorateMethod(cls, key, ...decorators) {
  let descriptor = Object.getOwnPropertyDescriptor(cls.prototype, key);
  for (const decorator of [...decorators].reverse()) {
    descriptor = decorator(cls.prototype, key, descriptor) ?? descriptor;
  }
  Object.defineProperty(cls.prototype, key, descriptor);
}

/** Waits for real I/O or event-loop work until `predicate()` holds. Not a timing assumption. */
export async function eventually(predicate, what, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
}
