import { QueueNotDeclaredError } from '../errors/queue-not-declared.error';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsQueues } from '../module/sqs-queues.service';

/**
 * The harness's view of the declared queues: finds a queue by logical name (or by its SQS
 * name), and maps the emulator's physical names back to logical ones.
 */
export class QueueDirectory {
  private byPhysical: Map<string, SqsResolvedQueue> | undefined;

  constructor(private readonly queues: SqsQueues) {}

  /** Every resolved queue, in declaration order. */
  all(): SqsResolvedQueue[] {
    const out: SqsResolvedQueue[] = [];
    for (const name of this.queues.names) {
      const queue = this.queues.find(name);
      if (queue) out.push(queue);
    }
    return out;
  }

  /** A queue by logical name, or by SQS queue name; throws naming the declared queues. */
  get(name: string, usedBy: string): SqsResolvedQueue {
    const found = this.queues.find(name) ?? this.byPhysicalName(name);
    if (found) return found;
    if (this.queues.has(name)) return this.queues.get(name, usedBy);
    throw new QueueNotDeclaredError(name, usedBy, this.queues.names);
  }

  /** The declared queue with this SQS queue name, if any. */
  byPhysicalName(physicalName: string): SqsResolvedQueue | undefined {
    if (!this.byPhysical) {
      this.byPhysical = new Map();
      for (const queue of this.all()) {
        if (!this.byPhysical.has(queue.physicalName))
          this.byPhysical.set(queue.physicalName, queue);
      }
    }
    return this.byPhysical.get(physicalName);
  }

  /** The declared queue with this ARN, if any. */
  byArn(arn: string | undefined): SqsResolvedQueue | undefined {
    return arn === undefined ? undefined : this.all().find((q) => q.arn === arn);
  }
}

/** The SQS queue name in a queue ARN. */
export function queueNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}
