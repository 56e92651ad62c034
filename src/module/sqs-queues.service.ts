import { QueueNotDeclaredError } from '../errors/queue-not-declared.error';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';

/**
 * The declared queues after boot (inject `SqsQueues`): URL, ARN and attributes by logical name.
 * A queue that could not be resolved keeps its error, which boot reports with the handlers and
 * producers that use it.
 */
export class SqsQueues {
  constructor(
    private readonly resolved: ReadonlyMap<string, SqsResolvedQueue>,
    private readonly failures: ReadonlyMap<string, Error>,
    private readonly declared: readonly string[],
  ) {}

  /** Logical names of every declared queue. */
  get names(): readonly string[] {
    return this.declared;
  }

  has(queue: string): boolean {
    return this.declared.includes(queue);
  }

  /** The resolved queue; throws if it is not declared or could not be resolved. */
  get(queue: string, usedBy = `SqsQueues.get('${queue}')`): SqsResolvedQueue {
    const found = this.resolved.get(queue);
    if (found) return found;
    const failure = this.failures.get(queue);
    if (failure) throw failure;
    throw new QueueNotDeclaredError(queue, usedBy, this.declared);
  }

  /** The resolved queue, or undefined. */
  find(queue: string): SqsResolvedQueue | undefined {
    return this.resolved.get(queue);
  }

  /** The queue URL. */
  url(queue: string): string {
    return this.get(queue).url;
  }

  /** Queues that could not be resolved at boot, with why. */
  failed(): ReadonlyMap<string, Error> {
    return this.failures;
  }
}
