import type { SqsEvents } from '../consumer/sqs-events';
import type { DashboardMessageFailure } from '../dashboard/dashboard-views.interface';
import { describeError } from '../dashboard/sources/describe-error';

/** How many messages {@link FailureLog} remembers by default. */
export const DEFAULT_FAILURE_LOG_CAPACITY = 5_000;

/**
 * The last failed attempt of recently failed messages, by message id: what the dead-letter view
 * shows as the reason a message is there (SQS keeps the id when it dead-letters a message).
 *
 * Bounded: at most `capacity` messages, the one whose last failure is oldest forgotten first, and
 * a message is forgotten once a handler processes it. Only the error text, handler, time and
 * receive count are kept, never the body.
 */
export class FailureLog {
  // A Map iterates in insertion order; re-inserting on every failure makes it an LRU.
  private readonly failures = new Map<string, DashboardMessageFailure>();

  constructor(
    private readonly capacity = DEFAULT_FAILURE_LOG_CAPACITY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records failures (and forgets processed messages) from `events`; returns the unsubscribe. */
  listen(events: SqsEvents): () => void {
    const offFailed = events.on('messageFailed', ({ handler, message, error }) =>
      this.record(message.id, {
        error: describeError(error),
        ...(handler !== undefined ? { handler } : {}),
        at: this.now(),
        receiveCount: message.receiveCount,
      }),
    );
    const offProcessed = events.on('messageProcessed', ({ message }) =>
      this.failures.delete(message.id),
    );
    return () => {
      offFailed();
      offProcessed();
    };
  }

  /** The last failed attempt of a message, if it is remembered. */
  of(messageId: string): DashboardMessageFailure | undefined {
    return this.failures.get(messageId);
  }

  /** How many messages are remembered. */
  get size(): number {
    return this.failures.size;
  }

  private record(messageId: string, failure: DashboardMessageFailure): void {
    this.failures.delete(messageId);
    this.failures.set(messageId, failure);
    if (this.failures.size > this.capacity) {
      this.failures.delete(this.failures.keys().next().value as string);
    }
  }
}
