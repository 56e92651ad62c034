import { Inject, Injectable } from '@nestjs/common';
import { SqsConsumers } from './sqs-consumers.service';
import { SqsModuleSetup } from './sqs-module.setup';
import {
  HEALTH_CHECK_TIMED_OUT,
  HEALTH_NO_CONSUMER,
  HEALTH_QUEUE_NOT_RESOLVED,
  HEALTH_UNKNOWN_QUEUE,
} from '../observability/observability.messages';
import type {
  SqsConsumerHealth,
  SqsHealthCheckOptions,
  SqsHealthDetails,
  SqsHealthIndicatorResult,
  SqsQueueHealth,
} from '../observability/health/sqs-health.interface';

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Health of the module for `@nestjs/terminus` (or any `/health` endpoint): each declared queue
 * answers GetQueueAttributes, and each consumer that should run is running. Provided by
 * `SqsModule`; terminus itself is not needed to use it, since the result is a plain object in
 * terminus's shape.
 *
 * @example
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.sqs.isHealthy('sqs')]); }
 */
@Injectable()
export class SqsHealthIndicator {
  constructor(
    @Inject(SqsModuleSetup) private readonly setup: SqsModuleSetup,
    private readonly consumers: SqsConsumers,
  ) {}

  /** Checks the queues and consumers; `status` is `down` if any check fails. */
  async isHealthy<const Key extends string = 'sqs'>(
    key: Key = 'sqs' as Key,
    options: SqsHealthCheckOptions = {},
  ): Promise<SqsHealthIndicatorResult<Key>> {
    const queueNames = options.queues ?? this.setup.queues.names;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const checked = await Promise.all(queueNames.map((queue) => this.checkQueue(queue, timeoutMs)));
    const queues: Record<string, SqsQueueHealth> = {};
    queueNames.forEach((queue, i) => (queues[queue] = checked[i]));
    const consumers = this.checkConsumers(options.consumers ?? this.autoStarted());
    const up =
      Object.values(queues).every((q) => q.status === 'up') &&
      Object.values(consumers).every((c) => c.status === 'up');
    const details: SqsHealthDetails = { status: up ? 'up' : 'down', queues, consumers };
    return { [key]: details } as SqsHealthIndicatorResult<Key>;
  }

  private async checkQueue(queue: string, timeoutMs: number): Promise<SqsQueueHealth> {
    const { queues } = this.setup;
    if (!queues.has(queue)) return { status: 'down', error: HEALTH_UNKNOWN_QUEUE(queue) };
    const resolved = queues.find(queue);
    if (!resolved) return { status: 'down', error: HEALTH_QUEUE_NOT_RESOLVED() };
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(HEALTH_CHECK_TIMED_OUT(timeoutMs));
        controller.abort(error);
        reject(error);
      }, timeoutMs);
      timer.unref?.();
    });
    try {
      await Promise.race([
        resolved.port.getQueueAttributes(
          { QueueUrl: resolved.url, AttributeNames: ['QueueArn'] },
          { abortSignal: controller.signal },
        ),
        timeout,
      ]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: reasonOf(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private checkConsumers(expected: readonly string[]): Record<string, SqsConsumerHealth> {
    const states = new Map(this.consumers.status().map((s) => [s.queue, s.state]));
    const out: Record<string, SqsConsumerHealth> = {};
    for (const queue of expected) {
      const state = states.get(queue);
      out[queue] =
        state === undefined
          ? { status: 'down', error: HEALTH_NO_CONSUMER() }
          : { status: state === 'running' ? 'up' : 'down', state };
    }
    return out;
  }

  /** Consumers whose `autoStartup` is on in the module and queue options. */
  private autoStarted(): string[] {
    const { options } = this.setup;
    return this.consumers.queues.filter(
      (queue) =>
        options.queues[queue]?.consumer?.autoStartup ??
        options.consumer?.autoStartup ??
        options.autoStartup ??
        true,
    );
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
