import type { SqsPort } from '../port/sqs-port.interface';
import { randomUUID } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { DashboardQueueRef, DashboardSource } from './dashboard-source.interface';
import type {
  DashboardMessage,
  DashboardMessagesView,
  DashboardMoveTask,
  DashboardQueueView,
  DashboardState,
} from './dashboard-views.interface';
import { badRequest, DashboardError, notFound } from './dashboard.error';
import { deleteByReceiving } from './delete-by-receiving';
import { ThroughputMeter } from './throughput-meter';

/** Default and largest number of messages a peek returns. */
export const DEFAULT_PEEK_LIMIT = 50;
export const MAX_PEEK_LIMIT = 500;

/** A test message from the page's "send" form. */
export interface DashboardSendInput {
  readonly queue: string;
  readonly body: string;
  /** Message attributes: a string is a `String` attribute. */
  readonly attributes?: Readonly<Record<string, string | { type: string; value: string }>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly delaySeconds?: number;
}

/**
 * What the dashboard does, free of HTTP: the overview state, peeks, and the actions (send,
 * redrive, cancel, delete one, purge, start/stop consumers). Everything that changes a queue
 * goes through the source's SqsPort, so it has SQS's own semantics and errors.
 */
export class DashboardService {
  private readonly meter: ThroughputMeter;
  private readonly stopActivity: () => void;

  constructor(
    private readonly source: DashboardSource,
    private readonly readOnly: boolean,
    now: () => number = Date.now,
  ) {
    this.meter = new ThroughputMeter(now);
    this.stopActivity = source.onActivity((queue, activity, span) =>
      span
        ? this.meter.recordSpread(queue, activity, span.count, span.since)
        : this.meter.record(queue, activity),
    );
  }

  async state(): Promise<DashboardState> {
    const refs = await this.source.queues();
    const [counts, lookup, moveTasks] = await Promise.all([
      this.source.counts(refs),
      this.source.peeker(),
      this.moveTasks(refs),
    ]);
    const idByArn = new Map(refs.map((r) => [r.arn, r.id]));
    const queues = refs.map((ref): DashboardQueueView => {
      const count = counts.get(ref.id);
      const deadLetterQueue =
        ref.deadLetterTargetArn !== undefined ? idByArn.get(ref.deadLetterTargetArn) : undefined;
      const moveTask = moveTasks.get(ref.id);
      return {
        id: ref.id,
        name: ref.name,
        url: ref.url,
        arn: ref.arn,
        fifo: ref.fifo,
        declared: ref.declared ?? false,
        counts: count === undefined || count instanceof Error ? null : count,
        ...(count instanceof Error ? { error: count.message } : {}),
        ...(deadLetterQueue !== undefined
          ? { deadLetterQueue, maxReceiveCount: ref.maxReceiveCount }
          : {}),
        deadLetterSources: refs.filter((r) => r.deadLetterTargetArn === ref.arn).map((r) => r.id),
        throughput: this.meter.series(ref.name),
        ...(moveTask ? { moveTask: withDestinationId(moveTask, idByArn) } : {}),
      };
    });
    return {
      backend: this.source.backend,
      readOnly: this.readOnly,
      peek: lookup.peeker ? { available: true } : { available: false, reason: lookup.reason },
      queues,
      consumers: this.source.consumers?.status() ?? null,
      arrivals: this.source.arrivals ?? 'counted',
      generatedAt: Date.now(),
    };
  }

  async messages(queueId: string, limit = DEFAULT_PEEK_LIMIT): Promise<DashboardMessagesView> {
    const ref = await this.queue(queueId);
    const lookup = await this.source.peeker();
    if (!lookup.peeker) {
      return { queue: ref.id, peek: { available: false, reason: lookup.reason }, messages: [] };
    }
    const peeked = await lookup.peeker.peek(ref, Math.min(Math.max(1, limit), MAX_PEEK_LIMIT));
    const messages = peeked.map((m): DashboardMessage => {
      const lastFailure = this.source.lastFailure?.(m.messageId);
      return lastFailure ? { ...m, lastFailure } : m;
    });
    return { queue: ref.id, peek: { available: true }, messages };
  }

  async send(input: DashboardSendInput): Promise<{ messageId: string }> {
    this.writable();
    const ref = await this.queue(input.queue);
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(input.attributes ?? {})) {
      const { type, value: text } = typeof value === 'string' ? { type: 'String', value } : value;
      Object.defineProperty(attributes, name, {
        value: type.startsWith('Binary')
          ? { DataType: type, BinaryValue: Buffer.from(text, 'base64') }
          : { DataType: type, StringValue: text },
        enumerable: true,
        writable: true,
      });
    }
    const fifo = ref.fifo;
    const { MessageId } = await this.portOf(ref).sendMessage({
      QueueUrl: ref.url,
      MessageBody: input.body,
      ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
      ...(input.delaySeconds ? { DelaySeconds: input.delaySeconds } : {}),
      ...(input.groupId ? { MessageGroupId: input.groupId } : {}),
      // A test message on a FIFO queue without content-based deduplication needs an id; a
      // random one means "send it", which is what the button says.
      ...(input.deduplicationId
        ? { MessageDeduplicationId: input.deduplicationId }
        : fifo
          ? { MessageDeduplicationId: randomUUID() }
          : {}),
    });
    return { messageId: MessageId ?? '' };
  }

  /** StartMessageMoveTask out of a dead-letter queue, to its sources or to `destination`. */
  async redrive(
    queueId: string,
    destinationId?: string,
    rate?: number,
  ): Promise<{ taskHandle: string }> {
    this.writable();
    const ref = await this.queue(queueId);
    const destination = destinationId ? await this.queue(destinationId) : undefined;
    const { TaskHandle } = await this.portOf(ref).startMessageMoveTask({
      SourceArn: ref.arn,
      ...(destination ? { DestinationArn: destination.arn } : {}),
      ...(rate !== undefined ? { MaxNumberOfMessagesPerSecond: rate } : {}),
    });
    return { taskHandle: TaskHandle ?? '' };
  }

  async cancelRedrive(taskHandle: string): Promise<{ moved: number }> {
    this.writable();
    // A task handle names no queue: cancels go to the source's own port.
    const { ApproximateNumberOfMessagesMoved } = await this.source.port.cancelMessageMoveTask({
      TaskHandle: taskHandle,
    });
    return { moved: ApproximateNumberOfMessagesMoved ?? 0 };
  }

  /**
   * Deletes one message by id: directly where the backend can (the emulator in-process), else by
   * receiving until it comes back (see {@link deleteByReceiving}).
   */
  async deleteMessage(queueId: string, messageId: string): Promise<{ deleted: true }> {
    this.writable();
    const ref = await this.queue(queueId);
    const { peeker } = await this.source.peeker();
    const deleted = peeker?.deleteById
      ? await peeker.deleteById(ref, messageId)
      : await deleteByReceiving(this.portOf(ref), ref, messageId);
    if (!deleted) {
      throw notFound(
        'MessageNotFound',
        `Message ${messageId} is not in queue ${ref.name} (or is in flight with a consumer).`,
      );
    }
    return { deleted: true };
  }

  /** PurgeQueue, only when `confirm` repeats the queue's name (the page asks for it). */
  async purge(queueId: string, confirm: string): Promise<{ purged: true }> {
    this.writable();
    const ref = await this.queue(queueId);
    if (confirm !== ref.name) {
      throw badRequest(`To purge, confirm with the queue's name (${ref.name}).`);
    }
    await this.portOf(ref).purgeQueue({ QueueUrl: ref.url });
    return { purged: true };
  }

  async startConsumer(queue: string): Promise<void> {
    this.writable();
    await this.consumers().start(queue);
  }

  async stopConsumer(queue: string): Promise<void> {
    this.writable();
    await this.consumers().stop(queue);
  }

  dispose(): void {
    this.stopActivity();
    this.source.dispose?.();
  }

  private consumers() {
    const consumers = this.source.consumers;
    if (!consumers) throw notFound('NoConsumers', 'There are no consumers here to control.');
    return consumers;
  }

  /** The port of a queue: its own (another region or account), else the source's. */
  private portOf(ref: DashboardQueueRef): SqsPort {
    return ref.port ?? this.source.port;
  }

  private writable(): void {
    if (this.readOnly) {
      throw new DashboardError(403, 'ReadOnly', 'The dashboard is read-only.');
    }
  }

  private async queue(id: string): Promise<DashboardQueueRef> {
    const ref = (await this.source.queues()).find((q) => q.id === id);
    if (!ref) throw notFound('QueueDoesNotExist', `No queue '${id}' on this dashboard.`);
    return ref;
  }

  /** The latest move task of every queue that is some queue's dead-letter queue. */
  private async moveTasks(
    refs: readonly DashboardQueueRef[],
  ): Promise<Map<string, DashboardMoveTask>> {
    const deadLetterArns = new Set(refs.map((r) => r.deadLetterTargetArn));
    const out = new Map<string, DashboardMoveTask>();
    await Promise.all(
      refs
        .filter((r) => deadLetterArns.has(r.arn))
        .map(async (ref) => {
          try {
            const { Results = [] } = await this.portOf(ref).listMessageMoveTasks({
              SourceArn: ref.arn,
              MaxResults: 1,
            });
            const task = Results[0];
            if (!task) return;
            out.set(ref.id, {
              status: task.Status ?? 'UNKNOWN',
              moved: task.ApproximateNumberOfMessagesMoved ?? 0,
              toMove: task.ApproximateNumberOfMessagesToMove,
              ...(task.TaskHandle ? { taskHandle: task.TaskHandle } : {}),
              ...(task.DestinationArn ? { destination: task.DestinationArn } : {}),
              startedAt: task.StartedTimestamp,
              ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
            });
          } catch {
            // Listing move tasks needs sqs:ListMessageMoveTasks; without it, no progress bar.
          }
        }),
    );
    return out;
  }
}

/** A move task's destination as a queue id where the dashboard knows the queue. */
function withDestinationId(
  task: DashboardMoveTask,
  idByArn: ReadonlyMap<string, string>,
): DashboardMoveTask {
  if (task.destination === undefined) return task;
  return { ...task, destination: idByArn.get(task.destination) ?? task.destination };
}
