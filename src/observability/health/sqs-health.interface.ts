/** Options of {@link SqsHealthIndicator.isHealthy}. */
export interface SqsHealthCheckOptions {
  /** Logical names of the queues to reach with GetQueueAttributes. Default: every declared queue. */
  readonly queues?: readonly string[];
  /**
   * Logical names of the queues whose consumers must be running. Default: every consumer whose
   * `autoStartup` is on in the module or queue options (list them here if you set `autoStartup`
   * on handlers, or start consumers by hand).
   */
  readonly consumers?: readonly string[];
  /** How long each GetQueueAttributes call may take. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** One queue: reachable (`up`) or not, with SQS's error. */
export type SqsQueueHealth = {
  readonly status: 'up' | 'down';
  readonly error?: string;
};

/** One consumer that should run: `up` while running. */
export type SqsConsumerHealth = {
  readonly status: 'up' | 'down';
  readonly state?: 'running' | 'stopping' | 'stopped';
  readonly error?: string;
};

/** What the indicator reports under its key. */
export type SqsHealthDetails = {
  readonly status: 'up' | 'down';
  readonly queues: Readonly<Record<string, SqsQueueHealth>>;
  readonly consumers: Readonly<Record<string, SqsConsumerHealth>>;
};

/**
 * The indicator's result, `{ [key]: details }`: the shape of `@nestjs/terminus`'s
 * `HealthIndicatorResult`, so `HealthCheckService.check([() => sqs.isHealthy()])` takes it
 * (and reports `down` as an error, with HTTP 503).
 */
export type SqsHealthIndicatorResult<Key extends string = string> = Record<Key, SqsHealthDetails>;
