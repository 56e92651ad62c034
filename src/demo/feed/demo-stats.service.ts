import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { SQS_PORT, SqsConsumers, type SqsPort, SqsQueues } from '../../index';
import type { DemoMessageEvent } from './demo-event.interface';
import { DemoFeed } from './demo-feed.service';

/** What happened to one queue's messages since the app started. */
export interface QueueCounts {
  /** Messages the demo sent. */
  sent: number;
  /** Handled successfully (and deleted). */
  processed: number;
  /** Failed attempts (each one is retried after the backoff, or dead-lettered). */
  failedAttempts: number;
  /** Messages whose last attempt failed: SQS moves them to the dead-letter queue. */
  deadLettered: number;
}

/** A queue's approximate depth, from `GetQueueAttributes` (so it is true on any backend). */
export interface QueueDepth {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** The body of `GET /orders/stats`. */
export interface DemoStatsSnapshot {
  readonly orders: QueueCounts;
  readonly payments: QueueCounts;
  /** By logical queue name; a queue whose attributes could not be read is left out. */
  readonly queues: Record<string, QueueDepth>;
  readonly consumers: readonly { queue: string; state: string; inFlight: number }[];
}

const DEPTH_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/** Counts the feed's events per queue, and reads queue depths from SQS when asked. */
@Injectable()
export class DemoStats implements OnModuleDestroy {
  private readonly counts = new Map<string, QueueCounts>();
  private readonly subscription: Subscription;

  constructor(
    feed: DemoFeed,
    private readonly queues: SqsQueues,
    private readonly consumers: SqsConsumers,
    @Inject(SQS_PORT) private readonly sqs: SqsPort,
  ) {
    this.subscription = feed.events$.subscribe((event) => this.count(event));
  }

  /** The counts of one queue. */
  of(queue: string): QueueCounts {
    let counts = this.counts.get(queue);
    if (!counts) {
      counts = { sent: 0, processed: 0, failedAttempts: 0, deadLettered: 0 };
      this.counts.set(queue, counts);
    }
    return counts;
  }

  async snapshot(): Promise<DemoStatsSnapshot> {
    const depths = await Promise.all(this.queues.names.map((queue) => this.depthOf(queue)));
    return {
      orders: { ...this.of('orders') },
      payments: { ...this.of('payments') },
      queues: Object.fromEntries(
        depths.flatMap((depth, i) => (depth ? [[this.queues.names[i], depth]] : [])),
      ),
      consumers: this.consumers
        .status()
        .map(({ queue, state, inFlight }) => ({ queue, state, inFlight })),
    };
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  private count(event: DemoMessageEvent): void {
    const counts = this.of(event.queue);
    if (event.type === 'sent') counts.sent++;
    else if (event.type === 'processed') counts.processed++;
    else if (event.type === 'failed') counts.failedAttempts++;
    else if (event.type === 'dead-lettered') counts.deadLettered++;
  }

  private async depthOf(queue: string): Promise<QueueDepth | undefined> {
    const resolved = this.queues.find(queue);
    if (!resolved) return undefined;
    try {
      const { Attributes: a = {} } = await this.sqs.getQueueAttributes({
        QueueUrl: resolved.url,
        AttributeNames: [...DEPTH_ATTRIBUTES],
      });
      return {
        name: resolved.physicalName,
        visible: Number(a.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
      };
    } catch {
      // A stats page must not fail because SQS is briefly unreachable; the queue is left out.
      return undefined;
    }
  }
}
