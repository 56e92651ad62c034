import type { AckEntry } from '../../../src/consumer/ack-batcher';
import type { ReceivedMessage } from '../../../src/consumer/received-message';

/** An entry for message `m<n>`, whose visibility deadline is `visibleUntil` on the clock. */
export function ackEntry(n: number, visibleUntil = 30_000): AckEntry {
  return { message: { id: `m${n}`, visibleUntil } as ReceivedMessage, attempts: 0 };
}
