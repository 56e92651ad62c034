/** The first wait before reconnecting, in ms. */
export const RECONNECT_BASE_MS = 500;
/** The longest wait between two attempts, in ms. */
export const RECONNECT_MAX_MS = 15_000;

/**
 * How long to wait before reconnection attempt `attempt` (0 for the first after a drop):
 * exponential (0.5 s, 1 s, 2 s… up to 15 s) with jitter, a random half of it taken off, so the
 * pages of a restarted notifier do not all knock at the same instant. `random` is `Math.random`
 * in the page, a fixed source in tests.
 */
export function reconnectDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() / 2));
}
