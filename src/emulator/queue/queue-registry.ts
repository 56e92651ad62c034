import { SqsErrors } from '../errors/sqs-errors';
import type { SqsQueue } from './sqs-queue';

const URL_CACHE_LIMIT = 10_000;

/**
 * The live queues by name and ARN, and the lookup from a QueueUrl to a queue. The URL's host is
 * ignored (clients reach the emulator under many names); its path `/<account>/<name>` decides.
 */
export class QueueRegistry {
  private readonly byName = new Map<string, SqsQueue>();
  private readonly byArn = new Map<string, SqsQueue>();
  private readonly deletedAt = new Map<string, number>();
  /** Parsing a URL costs more than the rest of a send: remember what each URL string named. */
  private readonly nameOfUrl = new Map<string, string>();

  constructor(private readonly accountId: string) {}

  add(queue: SqsQueue): void {
    this.byName.set(queue.name, queue);
    this.byArn.set(queue.arn, queue);
    this.deletedAt.delete(queue.name);
  }

  delete(queue: SqsQueue, now: number): void {
    this.byName.delete(queue.name);
    this.byArn.delete(queue.arn);
    this.deletedAt.set(queue.name, now);
  }

  byQueueName(name: string): SqsQueue | undefined {
    return this.byName.get(name);
  }

  byQueueArn(arn: string): SqsQueue | undefined {
    return this.byArn.get(arn);
  }

  deletedSince(name: string): number | undefined {
    return this.deletedAt.get(name);
  }

  /** When each deleted name was deleted (for the 60-second re-create rule), oldest first. */
  deletedNames(): IterableIterator<[string, number]> {
    return this.deletedAt.entries();
  }

  /** Restore: `name` was deleted at `at` and has not been re-created since. */
  restoreDeleted(name: string, at: number): void {
    if (!this.byName.has(name)) this.deletedAt.set(name, at);
  }

  /** Every live queue, sorted by name. */
  all(): SqsQueue[] {
    return [...this.byName.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  /** The queue a QueueUrl names; throws QueueDoesNotExist (or MissingParameter) like SQS. */
  resolve(queueUrl: unknown): SqsQueue {
    if (queueUrl === undefined || queueUrl === null || queueUrl === '') {
      throw SqsErrors.missingParameter('QueueUrl');
    }
    if (typeof queueUrl !== 'string') throw SqsErrors.queueDoesNotExist();
    let name = this.nameOfUrl.get(queueUrl);
    if (name === undefined) {
      name = this.parseName(queueUrl);
      if (this.nameOfUrl.size >= URL_CACHE_LIMIT) this.nameOfUrl.clear();
      this.nameOfUrl.set(queueUrl, name);
    }
    const queue = this.byName.get(name);
    if (!queue) throw SqsErrors.queueDoesNotExist();
    return queue;
  }

  private parseName(queueUrl: string): string {
    let path: string;
    try {
      path = new URL(queueUrl).pathname;
    } catch {
      // A bare path such as "/000000000000/orders" is accepted too.
      path = queueUrl;
    }
    const parts = path.split('/').filter((p) => p !== '');
    if (parts.length === 0) return '';
    if (parts.length >= 2) {
      const account = parts[parts.length - 2];
      if (account !== this.accountId && account !== 'queue') return '';
    }
    try {
      return decodeURIComponent(parts[parts.length - 1]);
    } catch {
      return '';
    }
  }
}
