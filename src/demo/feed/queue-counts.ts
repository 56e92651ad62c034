import type { DemoMessageEventType, QueueCounts } from './demo-event.interface';

/** Which count an event adds to (`received` adds to none). */
const COUNTED: Partial<Record<DemoMessageEventType, keyof QueueCounts>> = {
  sent: 'sent',
  processed: 'processed',
  failed: 'failedAttempts',
  'dead-lettered': 'deadLettered',
};

/** The feed's counts per logical queue name. */
export class QueueCounter {
  private readonly counts = new Map<string, QueueCounts>();

  /** Counts an event; returns its queue's counts with it included. */
  record(queue: string, type: DemoMessageEventType): QueueCounts {
    const counts = this.mutable(queue);
    const field = COUNTED[type];
    if (field) counts[field]++;
    return { ...counts };
  }

  /** A copy of one queue's counts (zeros before its first event). */
  of(queue: string): QueueCounts {
    return { ...this.mutable(queue) };
  }

  private mutable(queue: string): QueueCounts {
    let counts = this.counts.get(queue);
    if (!counts) {
      counts = { sent: 0, processed: 0, failedAttempts: 0, deadLettered: 0 };
      this.counts.set(queue, counts);
    }
    return counts;
  }
}
