import type { QueueCounts } from './demo-event.interface';

/** A queue's approximate depth, from `GetQueueAttributes` (so it is true on any backend). */
export interface QueueDepth {
  /** The queue's SQS name (the snapshot keys it by its logical name). */
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** A consumer of the notifier, as its `SqsConsumers.status()` says. */
export interface ConsumerState {
  readonly queue: string;
  readonly state: string;
  readonly inFlight: number;
}

/** The body of the notifier's `GET /feed/status`: its counts and consumers. */
export interface NotifierStatus {
  readonly instance: string;
  readonly startedAt: string;
  readonly orders: QueueCounts;
  readonly payments: QueueCounts;
  readonly consumers: readonly ConsumerState[];
}

/**
 * The body of the orders service's `GET /orders/stats`: queue depths, which it reads from SQS
 * itself (so they show while the notifier is down), and the notifier's counts and consumers.
 * Apart from the service that builds it: the page's script (page/browser/) reads it too, and
 * imports nothing of Nest.
 */
export interface DemoStatsSnapshot {
  /** Whether the notifier answered; when it did not, the counts are absent and no consumer runs. */
  readonly notifier: 'up' | 'down';
  readonly orders?: QueueCounts;
  readonly payments?: QueueCounts;
  /** By logical queue name; a queue whose attributes could not be read is left out. */
  readonly queues: Record<string, QueueDepth>;
  readonly consumers: readonly ConsumerState[];
}
