/**
 * Whether a server really deleted what it acknowledged: after a run's receive+delete phase, the
 * queue must be empty by its own counts. A peer that answers DeleteMessageBatch with `Successful`
 * without deleting keeps the messages in flight (NotVisible), and the run fails instead of
 * getting credit for the speed of doing nothing.
 */

/** The counts whose sum is every message still in a queue. */
export const LEFTOVER_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/** Visible + in flight + delayed, from GetQueueAttributes; NaN when the server left one out. */
export function messagesLeft(attributes: Record<string, string> | undefined): number {
  let left = 0;
  for (const name of LEFTOVER_ATTRIBUTES) {
    const value = attributes?.[name];
    if (value === undefined || !/^\d+$/.test(value)) return Number.NaN;
    left += Number(value);
  }
  return left;
}

/**
 * Reads the queue's counts (`read` returns GetQueueAttributes' `Attributes`) until they add up to
 * 0 or `settleMs` has passed — an emulator may update its approximate counts a moment after the
 * delete answered — and returns what is left (0: empty; NaN: the server does not say).
 */
export async function messagesLeftAfterDeletes(
  read: () => Promise<Record<string, string> | undefined>,
  settleMs = 1_000,
): Promise<number> {
  const until = Date.now() + settleMs;
  for (;;) {
    const left = messagesLeft(await read());
    if (left === 0 || Number.isNaN(left) || Date.now() >= until) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
