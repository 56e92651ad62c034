/** User-facing texts of tracing, metrics and health checks. Never includes a message body. */

const q = (name: string) => `'${name}'`;

export const TRACE_CONTEXT_SKIPPED = (queue: string, attribute: string, reason: string) =>
  `Tracing: message to queue ${q(queue)} sent without its '${attribute}' attribute: ${reason}.`;

export const ATTRIBUTES_FULL = (count: number) =>
  `it already has ${count} message attributes (SQS allows 10)`;

export const SIZE_LIMIT = (size: number, max: number) =>
  `it would be ${size} bytes, over the queue's limit of ${max}`;

export const BATCH_FAILURES = (failed: number, total: number) =>
  `${failed} of ${total} messages failed`;

export const HEALTH_CHECK_TIMED_OUT = (ms: number) => `no answer within ${ms} ms`;

export const HEALTH_QUEUE_NOT_RESOLVED = () => 'not resolved at boot';

export const HEALTH_UNKNOWN_QUEUE = (queue: string) =>
  `queue ${q(queue)} is not declared in SqsModule`;

export const HEALTH_NO_CONSUMER = () => 'no @SqsHandler consumes this queue';

export const INVALID_TRACING_OPTION = (value: unknown) =>
  `'tracing' must be true, false or an object of tracing options, got ${String(value)}.`;

export const INVALID_METRICS_OPTION = (value: unknown) =>
  `'metrics' must be true or false, got ${String(value)}.`;
