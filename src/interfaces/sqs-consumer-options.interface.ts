/**
 * How long a failed message stays invisible before its next attempt, in seconds (0–43200).
 * `receiveCount` is 1 on the first failure.
 */
export type SqsBackoffFunction = (receiveCount: number, error: unknown) => number;

/**
 * What happens to a message no handler on its queue accepts (its message type matches no
 * handler and the queue has no catch-all handler):
 * - `fail` (default): it counts as a failed attempt (backoff, then the DLQ after maxReceiveCount);
 * - `release`: it is made visible again at once (still counts toward maxReceiveCount);
 * - `delete`: it is deleted, with a warning and a `messageFailed` event — never silently.
 */
export type SqsUnhandledMessagePolicy = 'fail' | 'release' | 'delete';

/** Heartbeat settings: extend visibility once a message has been held this fraction of it. */
export interface SqsHeartbeatOptions {
  /** Fraction of the visibility timeout after which it is extended (0 < f < 1). Default 0.5. */
  readonly fraction?: number;
}

/**
 * Consumer settings. Given module-wide (`consumer`), per queue (`queues.x.consumer`) or per
 * handler (`@SqsHandler(queue, options)`); the most specific wins. The queue-wide ones (all but
 * `backoff` and `timeoutMs`) must agree between handlers of one queue.
 */
export interface SqsConsumerOptions {
  /** Most messages in handlers at once (workers). May exceed 10. Default 10. */
  readonly concurrency?: number;
  /** Most messages per ReceiveMessage (1–10). Default 10. */
  readonly batchSize?: number;
  /**
   * Messages received ahead of free workers, beyond `concurrency`: the next receive goes out
   * while workers are still busy, so that a worker that frees finds its next message here rather
   * than waiting a round trip to SQS. The consumer never holds more than
   * `concurrency + prefetch` messages; those waiting are kept invisible by the heartbeat and put
   * back at once on stop. 0 receives only for free workers. Default: one receive's worth,
   * `min(batchSize, concurrency)`.
   */
  readonly prefetch?: number;
  /** Long-poll wait (0–20 s). Default 20. */
  readonly waitTimeSeconds?: number;
  /** Visibility timeout requested on receive, in seconds. Default: the queue's own. */
  readonly visibilityTimeout?: number;
  /** Extends visibility while a message is held; `false` turns it off. Default `{ fraction: 0.5 }`. */
  readonly heartbeat?: false | SqsHeartbeatOptions;
  /** Delay before a failed message is retried. Default: exponential with jitter, 1 s to 5 min. */
  readonly backoff?: SqsBackoffFunction;
  /** Aborts `message.signal` and fails the attempt when a handler runs longer. Default: none. */
  readonly timeoutMs?: number;
  /** Pause after an empty short poll (`waitTimeSeconds: 0`). Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** See {@link SqsUnhandledMessagePolicy}. Default `fail`. */
  readonly unhandledMessages?: SqsUnhandledMessagePolicy;
  /** Start this queue's consumer at boot. Default: the module's `autoStartup`. */
  readonly autoStartup?: boolean;
}

/** Options of `@SqsHandler(queue, options)`. */
export interface SqsHandlerOptions extends SqsConsumerOptions {
  /**
   * The message type(s) this handler accepts, matched against the queue's message-type attribute
   * (`messageTypeAttribute`). A handler without one takes every message no other handler claims.
   */
  readonly messageType?: string | readonly string[];
  /** Receive an array of messages (one receive's worth) instead of one message. */
  readonly batch?: boolean;
}
