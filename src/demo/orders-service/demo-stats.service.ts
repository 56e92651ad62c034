import { Inject, Injectable } from '@nestjs/common';
import { SQS_PORT, type SqsPort, SqsQueues } from '../../index';
import type { DemoStatsSnapshot, QueueDepth } from '../feed/demo-stats.interface';
import { NotifierClient } from './notifier-client';

const DEPTH_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/**
 * `GET /orders/stats`: queue depths read from SQS here, so the page shows orders piling up in the
 * queue while the notifier is down, and the notifier's counts and consumers when it answers.
 */
@Injectable()
export class DemoStats {
  constructor(
    private readonly queues: SqsQueues,
    private readonly notifier: NotifierClient,
    @Inject(SQS_PORT) private readonly sqs: SqsPort,
  ) {}

  async snapshot(): Promise<DemoStatsSnapshot> {
    const [depths, status] = await Promise.all([
      Promise.all(this.queues.names.map((queue) => this.depthOf(queue))),
      this.notifier.status(),
    ]);
    const queues = Object.fromEntries(
      depths.flatMap((depth, i) => (depth ? [[this.queues.names[i], depth]] : [])),
    );
    if (!status) return { notifier: 'down', queues, consumers: [] };
    return {
      notifier: 'up',
      orders: status.orders,
      payments: status.payments,
      queues,
      consumers: status.consumers,
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
