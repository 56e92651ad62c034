/**
 * Attribute names of the OpenTelemetry messaging semantic conventions (as strings: the
 * semantic-conventions package is not a dependency), and the few of our own, under `sqs.`.
 */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_SYSTEM_NAME = 'messaging.system.name';
export const ATTR_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGE_ID = 'messaging.message.id';
export const ATTR_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count';
export const ATTR_QUEUE_URL = 'aws.sqs.queue.url';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';
/** The handler, `ClassName.methodName`. */
export const ATTR_HANDLER = 'code.function.name';
/** How many times SQS has delivered the message (its ApproximateReceiveCount). */
export const ATTR_RECEIVE_COUNT = 'sqs.message.receive_count';
/** `processed`, `failed` (to be retried) or `dead_lettered` (its last attempt failed). */
export const ATTR_OUTCOME = 'sqs.outcome';
/** Batch handlers: messages of the batch that failed, and of those, how many were dead-lettered. */
export const ATTR_FAILED_COUNT = 'sqs.batch.failed_count';
export const ATTR_DEAD_LETTERED_COUNT = 'sqs.batch.dead_lettered_count';

/**
 * `messaging.system` is what the SQS conventions (and the AWS SDK instrumentation) emit;
 * `messaging.system.name` replaces it in newer conventions. Both are set, so dashboards built on
 * either find the spans.
 */
export const SYSTEM = 'aws_sqs';
export const SYSTEM_NAME = 'aws.sqs';

export type Outcome = 'processed' | 'failed' | 'dead_lettered';

/** What spans and metrics say about one queue, computed once per queue URL. */
export interface QueueDescription {
  /** The SQS queue name (the last path segment of its URL), `messaging.destination.name`. */
  readonly destination: string;
  /** Attributes every span of this queue carries. */
  readonly spanAttributes: Readonly<Record<string, string | number>>;
  /** Those of a `send` span, and of a `create` span (built once: spans copy them). */
  readonly sendAttributes: Readonly<Record<string, string | number>>;
  readonly createAttributes: Readonly<Record<string, string | number>>;
  /** Attributes every metric point of this queue carries. */
  readonly metricAttributes: Readonly<Record<string, string>>;
}

/** Describes a queue by its URL. */
export function describeQueue(url: string): QueueDescription {
  const spanAttributes: Record<string, string | number> = {
    [ATTR_MESSAGING_SYSTEM]: SYSTEM,
    [ATTR_MESSAGING_SYSTEM_NAME]: SYSTEM_NAME,
    [ATTR_QUEUE_URL]: url,
  };
  let destination = url;
  try {
    const parsed = new URL(url);
    const segments = parsed.pathname.split('/').filter((s) => s.length > 0);
    destination = decodeURIComponent(segments[segments.length - 1] ?? url);
    spanAttributes[ATTR_SERVER_ADDRESS] = parsed.hostname;
    const port = parsed.port
      ? Number(parsed.port)
      : parsed.protocol === 'https:'
        ? 443
        : parsed.protocol === 'http:'
          ? 80
          : undefined;
    if (port !== undefined) spanAttributes[ATTR_SERVER_PORT] = port;
  } catch {
    // Not a URL (a custom port may use anything): the whole string names the queue.
  }
  spanAttributes[ATTR_DESTINATION_NAME] = destination;
  return {
    destination,
    spanAttributes: Object.freeze(spanAttributes),
    sendAttributes: Object.freeze({
      ...spanAttributes,
      [ATTR_OPERATION_TYPE]: 'send',
      [ATTR_OPERATION_NAME]: 'send',
    }),
    createAttributes: Object.freeze({
      ...spanAttributes,
      [ATTR_OPERATION_TYPE]: 'create',
      [ATTR_OPERATION_NAME]: 'create',
    }),
    metricAttributes: Object.freeze({
      [ATTR_MESSAGING_SYSTEM]: SYSTEM,
      [ATTR_MESSAGING_SYSTEM_NAME]: SYSTEM_NAME,
      [ATTR_DESTINATION_NAME]: destination,
    }),
  };
}

/** `error.type`: the error's class (or, for SDK errors, its code); `_OTHER` for non-errors. */
export function errorTypeOf(error: unknown): string {
  if (!(error instanceof Error)) return '_OTHER';
  if (error.name && error.name !== 'Error') return error.name;
  return error.constructor?.name || 'Error';
}

/** A short reason for a span status. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Whether a failed attempt was the message's last: SQS dead-letters it at its next receive. */
export function isLastAttempt(receiveCount: number, maxReceiveCount: number | undefined): boolean {
  return maxReceiveCount !== undefined && receiveCount >= maxReceiveCount;
}
