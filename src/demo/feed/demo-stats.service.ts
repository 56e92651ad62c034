import { Inject, Injectable } from '@nestjs/common';
import { SQS_PORT, SqsConsumers, type SqsPort, SqsQueues } from '../../index';
import { DemoFeed } from './demo-feed.service';
import type { DemoStatsSnapshot, QueueDepth } from './demo-stats.interface';

const DEPTH_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/** The feed's counts per queue, and queue depths read from SQS when asked. */
@Injectable()
export class DemoStats {
  constructor(
    private readonly feed: DemoFeed,
    private readonly queues: SqsQueues,
    private readonly consumers: SqsConsumers,
    @Inject(SQS_PORT) private readonly sqs: SqsPort,
  ) {}

  async snapshot(): Promise<DemoStatsSnapshot> {
    const depths = await Promise.all(this.queues.names.map((queue) => this.depthOf(queue)));
    return {
      orders: this.feed.countsOf('orders'),
      payments: this.feed.countsOf('payments'),
      queues: Object.fromEntries(
        depths.flatMap((depth, i) => (depth ? [[this.queues.names[i], depth]] : [])),
      ),
      consumers: this.consumers
        .status()
        .map(({ queue, state, inFlight }) => ({ queue, state, inFlight })),
    };
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
