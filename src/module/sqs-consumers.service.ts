import { Injectable } from '@nestjs/common';
import type { SqsConsumer } from '../consumer/sqs-consumer';
import type { SqsConsumerStatus } from '../consumer/sqs-consumer-config.interface';
import { NoConsumerForQueueError } from '../errors/no-consumer-for-queue.error';

/**
 * Run-time control of the consumers (inject `SqsConsumers`): start and stop them, one queue or
 * all, and see how each is doing. Consumers exist from `onApplicationBootstrap` on.
 *
 * @example
 * await consumers.stop('orders');   // finish in-flight messages, then stop receiving
 * await consumers.start('orders');
 */
@Injectable()
export class SqsConsumers {
  private consumers: Map<string, SqsConsumer> | undefined;

  /** @internal Called by the registrar once handlers are discovered. */
  register(consumers: readonly SqsConsumer[]): void {
    this.consumers = new Map(consumers.map((c) => [c.queue, c]));
  }

  /** Logical names of the consumed queues. */
  get queues(): readonly string[] {
    return [...(this.consumers?.keys() ?? [])];
  }

  /** Starts the consumer of `queue`, or every consumer. */
  async start(queue?: string): Promise<void> {
    await Promise.all(this.select(queue).map((c) => c.start()));
  }

  /**
   * Stops the consumer of `queue`, or every consumer: stops receiving, puts back messages not yet
   * started, waits for running handlers (up to `shutdownTimeoutMs`) and flushes deletes.
   */
  async stop(queue?: string): Promise<void> {
    await Promise.all(this.select(queue).map((c) => c.stop()));
  }

  /** Whether the consumer of `queue` is running. */
  isRunning(queue: string): boolean {
    return this.select(queue)[0].isRunning;
  }

  /** Every consumer's state and counters. */
  status(): SqsConsumerStatus[] {
    return [...(this.consumers?.values() ?? [])].map((c) => c.status());
  }

  private select(queue: string | undefined): SqsConsumer[] {
    if (!this.consumers) throw new NoConsumerForQueueError(undefined, undefined);
    if (queue === undefined) return [...this.consumers.values()];
    const consumer = this.consumers.get(queue);
    if (!consumer) throw new NoConsumerForQueueError(queue, [...this.consumers.keys()]);
    return [consumer];
  }
}
