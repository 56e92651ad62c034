import { exponentialBackoff } from '../consumer/backoff';
import { AmbiguousHandlersError } from '../errors/ambiguous-handlers.error';
import { ConflictingHandlerOptionsError } from '../errors/conflicting-handler-options.error';
import { InvalidSqsOptionsError } from '../errors/invalid-sqs-options.error';
import { QueueNotDeclaredError } from '../errors/queue-not-declared.error';
import { QueueNotFoundError } from '../errors/queue-not-found.error';
import { QueueSetupError } from '../errors/queue-setup.error';
import {
  FIFO_BATCH_ROUTES,
  INVALID_HANDLER_OPTIONS,
  MIXED_BATCH_HANDLERS,
} from '../errors/sqs.messages';
import type {
  SqsBackoffFunction,
  SqsConsumerOptions,
  SqsHandlerOptions,
  SqsUnhandledMessagePolicy,
} from '../interfaces/sqs-consumer-options.interface';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsConsumerSettings } from '../consumer/sqs-consumer-config.interface';
import type { DiscoveredHandler } from './sqs.explorer';
import type { SqsModuleSetup } from './sqs-module.setup';

/** Built-in consumer defaults. */
export const CONSUMER_DEFAULTS = {
  concurrency: 10,
  batchSize: 10,
  waitTimeSeconds: 20,
  heartbeatFraction: 0.5,
  pollIntervalMs: 1000,
  unhandledMessages: 'fail' as SqsUnhandledMessagePolicy,
};

const DEFAULT_BACKOFF = exponentialBackoff();

/** The options that configure a queue's whole consumer, so its handlers must agree on them. */
const QUEUE_WIDE: readonly (keyof SqsConsumerOptions)[] = [
  'concurrency',
  'prefetch',
  'batchSize',
  'waitTimeSeconds',
  'visibilityTimeout',
  'heartbeat',
  'pollIntervalMs',
  'unhandledMessages',
  'autoStartup',
];

/** One handler as its consumer will route to it. */
export interface PlannedRoute {
  readonly handler: DiscoveredHandler;
  readonly messageTypes: readonly string[] | undefined;
  readonly batch: boolean;
  readonly timeoutMs: number | undefined;
  readonly backoff: SqsBackoffFunction;
}

/** One queue's consumer, with every option resolved. */
export interface ConsumerPlan {
  readonly queue: SqsResolvedQueue;
  readonly routes: readonly PlannedRoute[];
  readonly settings: SqsConsumerSettings;
  readonly autoStartup: boolean;
}

/**
 * Groups discovered handlers by queue and checks them: the queue is declared and resolved, the
 * options are valid, handlers of one queue can be told apart and agree on queue-wide options.
 * Every problem is an error naming the class, method and queue.
 */
export function planConsumers(
  handlers: readonly DiscoveredHandler[],
  setup: SqsModuleSetup,
): ConsumerPlan[] {
  const byQueue = new Map<string, DiscoveredHandler[]>();
  for (const handler of handlers) {
    validateHandlerOptions(handler);
    if (!setup.queues.has(handler.queue)) {
      throw new QueueNotDeclaredError(
        handler.queue,
        `@SqsHandler on ${handler.name}`,
        setup.queues.names,
      );
    }
    const list = byQueue.get(handler.queue);
    if (list) list.push(handler);
    else byQueue.set(handler.queue, [handler]);
  }
  const plans: ConsumerPlan[] = [];
  for (const [queueName, list] of byQueue) {
    const queue = resolvedOrThrow(setup, queueName, list);
    plans.push(planQueue(queue, list, setup));
  }
  return plans;
}

function resolvedOrThrow(
  setup: SqsModuleSetup,
  queue: string,
  users: readonly DiscoveredHandler[],
): SqsResolvedQueue {
  const found = setup.queues.find(queue);
  if (found) return found;
  const failure = setup.queues.failed().get(queue);
  const usedBy = users.map((u) => `@SqsHandler on ${u.name}`).join(', ');
  if (failure instanceof QueueNotFoundError) {
    throw new QueueNotFoundError(failure.queue, failure.physicalName, usedBy);
  }
  throw new QueueSetupError(
    queue,
    `${failure?.message ?? `Queue '${queue}' is not resolved.`} (used by ${usedBy})`,
    failure,
  );
}

function planQueue(
  queue: SqsResolvedQueue,
  handlers: readonly DiscoveredHandler[],
  setup: SqsModuleSetup,
): ConsumerPlan {
  const batch = handlers.filter((h) => h.options.batch);
  const single = handlers.filter((h) => !h.options.batch);
  if (batch.length > 0 && single.length > 0) {
    throw new InvalidSqsOptionsError(
      MIXED_BATCH_HANDLERS(queue.name, batch[0].name, single[0].name),
    );
  }
  if (queue.fifo && batch.length > 1) {
    throw new InvalidSqsOptionsError(
      FIFO_BATCH_ROUTES(
        queue.name,
        batch.map((h) => h.name),
      ),
    );
  }
  checkDistinct(queue.name, handlers);
  const agreed = agreeOnQueueOptions(queue.name, handlers);
  const moduleDefaults = setup.consumerDefaults;
  const queueDefaults = queue.options.consumer ?? {};
  const pick = <K extends keyof SqsConsumerOptions>(key: K): SqsConsumerOptions[K] =>
    agreed[key] !== undefined
      ? agreed[key]
      : queueDefaults[key] !== undefined
        ? queueDefaults[key]
        : moduleDefaults[key];
  const heartbeat = pick('heartbeat');
  const routes = handlers.map((handler): PlannedRoute => {
    const o = handler.options;
    const types =
      o.messageType === undefined
        ? undefined
        : typeof o.messageType === 'string'
          ? [o.messageType]
          : [...o.messageType];
    return {
      handler,
      messageTypes: types,
      batch: Boolean(o.batch),
      timeoutMs: o.timeoutMs ?? queueDefaults.timeoutMs ?? moduleDefaults.timeoutMs,
      backoff: o.backoff ?? queueDefaults.backoff ?? moduleDefaults.backoff ?? DEFAULT_BACKOFF,
    };
  });
  const concurrency = pick('concurrency') ?? CONSUMER_DEFAULTS.concurrency;
  const batchSize = pick('batchSize') ?? CONSUMER_DEFAULTS.batchSize;
  const settings: SqsConsumerSettings = {
    concurrency,
    // One receive's worth by default: the next receive is on its way while workers finish.
    // Without the heartbeat, a message waiting for a worker would use up its visibility timeout
    // and be delivered to another consumer while it runs here: no prefetch then, unless asked.
    prefetch: pick('prefetch') ?? (heartbeat === false ? 0 : Math.min(batchSize, concurrency)),
    batchSize,
    waitTimeSeconds: pick('waitTimeSeconds') ?? CONSUMER_DEFAULTS.waitTimeSeconds,
    visibilityTimeout: pick('visibilityTimeout'),
    heartbeatFraction:
      heartbeat === false
        ? undefined
        : (heartbeat?.fraction ?? CONSUMER_DEFAULTS.heartbeatFraction),
    pollIntervalMs: pick('pollIntervalMs') ?? CONSUMER_DEFAULTS.pollIntervalMs,
    unhandledMessages: pick('unhandledMessages') ?? CONSUMER_DEFAULTS.unhandledMessages,
  };
  // Queue- and module-level consumer options are checked here, with the first handler named.
  validateConsumerOptions(handlers[0].name, queue.name, { ...settings, heartbeat });
  return { queue, routes, settings, autoStartup: pick('autoStartup') ?? setup.autoStartup };
}

function checkDistinct(queue: string, handlers: readonly DiscoveredHandler[]): void {
  let catchAll: DiscoveredHandler | undefined;
  const byType = new Map<string, DiscoveredHandler>();
  for (const handler of handlers) {
    const types = handler.options.messageType;
    if (types === undefined) {
      if (catchAll) {
        throw new AmbiguousHandlersError(
          queue,
          [catchAll.name, handler.name],
          'neither declares a messageType',
        );
      }
      catchAll = handler;
      continue;
    }
    for (const type of typeof types === 'string' ? [types] : types) {
      const other = byType.get(type);
      if (other && other !== handler) {
        throw new AmbiguousHandlersError(
          queue,
          [other.name, handler.name],
          `both accept message type '${type}'`,
        );
      }
      byType.set(type, handler);
    }
  }
}

function agreeOnQueueOptions(
  queue: string,
  handlers: readonly DiscoveredHandler[],
): SqsConsumerOptions {
  const agreed: Record<string, unknown> = {};
  const setBy: Record<string, string> = {};
  for (const handler of handlers) {
    for (const key of QUEUE_WIDE) {
      const value = handler.options[key];
      if (value === undefined) continue;
      if (key in agreed && !sameValue(agreed[key], value)) {
        throw new ConflictingHandlerOptionsError(queue, key, [setBy[key], handler.name]);
      }
      agreed[key] = value;
      setBy[key] = handler.name;
    }
  }
  return agreed as SqsConsumerOptions;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function validateHandlerOptions(handler: DiscoveredHandler): void {
  const o: SqsHandlerOptions = handler.options ?? {};
  const invalid = (reason: string) =>
    new InvalidSqsOptionsError(INVALID_HANDLER_OPTIONS(handler.name, handler.queue, reason));
  if (o.messageType !== undefined) {
    const types = typeof o.messageType === 'string' ? [o.messageType] : o.messageType;
    if (
      !Array.isArray(types) ||
      types.length === 0 ||
      types.some((t) => typeof t !== 'string' || t === '')
    ) {
      throw invalid("'messageType' must be a non-empty string or a non-empty array of them");
    }
  }
  validateConsumerOptions(handler.name, handler.queue, o);
}

function validateConsumerOptions(handler: string, queue: string, o: SqsConsumerOptions): void {
  const invalid = (reason: string) =>
    new InvalidSqsOptionsError(INVALID_HANDLER_OPTIONS(handler, queue, reason));
  const int = (key: keyof SqsConsumerOptions, min: number, max: number) => {
    const v = o[key];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max)) {
      throw invalid(`'${key}' must be an integer from ${min} to ${max}, got ${String(v)}`);
    }
  };
  int('concurrency', 1, 100_000);
  int('batchSize', 1, 10);
  int('prefetch', 0, 100_000);
  int('waitTimeSeconds', 0, 20);
  int('visibilityTimeout', 0, 43_200);
  const positive = (key: 'timeoutMs' | 'pollIntervalMs') => {
    const v = o[key];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      throw invalid(`'${key}' must be a positive number of milliseconds, got ${String(v)}`);
    }
  };
  positive('timeoutMs');
  positive('pollIntervalMs');
  if (o.heartbeat !== undefined && o.heartbeat !== false) {
    const f = o.heartbeat.fraction;
    if (f !== undefined && !(typeof f === 'number' && f > 0 && f < 1)) {
      throw invalid(`'heartbeat.fraction' must be between 0 and 1 (exclusive), got ${String(f)}`);
    }
  }
  if (
    o.unhandledMessages !== undefined &&
    !['fail', 'release', 'delete'].includes(o.unhandledMessages)
  ) {
    throw invalid(
      `'unhandledMessages' must be 'fail', 'release' or 'delete', got '${String(o.unhandledMessages)}'`,
    );
  }
  if (o.backoff !== undefined && typeof o.backoff !== 'function') {
    throw invalid("'backoff' must be a function (receiveCount, error) => seconds");
  }
}
