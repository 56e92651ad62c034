import type { QueueCounts } from './demo-event.interface';

/** A queue's approximate depth, from `GetQueueAttributes` (so it is true on any backend). */
export interface QueueDepth {
  /** The queue's SQS name (the snapshot keys it by its logical name). */
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/**
 * The body of `GET /orders/stats`. Apart from the service that builds it (demo-stats.service.ts):
 * the page's script (page/browser/) reads it too, and imports nothing of Nest.
 */
export interface DemoStatsSnapshot {
  readonly orders: QueueCounts;
  readonly payments: QueueCounts;
  /** By logical queue name; a queue whose attributes could not be read is left out. */
  readonly queues: Record<string, QueueDepth>;
  readonly consumers: readonly { queue: string; state: string; inFlight: number }[];
}
