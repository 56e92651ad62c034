import { randomUUID } from 'node:crypto';
import type { ListMessageMoveTasksResultEntry } from '@aws-sdk/client-sqs';
import type { Clock, ClockTimer } from '../../clock/clock.interface';
import { SqsErrors } from '../errors/sqs-errors';
import { type MessageRecord, MessageState } from '../queue/message-record';
import type { SqsQueue } from '../queue/sqs-queue';

/** SQS's cap on MaxNumberOfMessagesPerSecond, also used when none is given. */
export const MAX_MOVE_RATE = 500;

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

/** One message move task, as ListMessageMoveTasks reports it. */
export interface MoveTask {
  readonly handle: string;
  readonly source: SqsQueue;
  readonly destinationArn: string | undefined;
  readonly rate: number | undefined;
  readonly startedAt: number;
  readonly toMove: number;
  moved: number;
  status: MoveTaskStatus;
  failureReason: string | undefined;
  timer: ClockTimer | undefined;
}

/** How the move tasks reach the queues. */
export interface MoveTaskHost {
  readonly clock: Clock;
  queueByArn(arn: string): SqsQueue | undefined;
}

/** What the move tasks tell a journal that keeps the emulator's state on disk. */
export interface MoveTaskJournal {
  taskChanged(task: MoveTask): void;
  /** The task left the list (the eleventh of a source, or its queue was deleted). */
  taskForgotten(task: MoveTask): void;
}

/** A task as stored on disk, to put back on restart. */
export type StoredMoveTask = Omit<MoveTask, 'timer'>;

/**
 * StartMessageMoveTask and friends: moves the visible messages of a dead-letter queue back to
 * their source queues (or to a destination), at most `rate` a second by the injected clock. The
 * first second's share moves at the start; the rest once per clock second, so a ManualClock test
 * advances time to watch a task progress.
 */
export class MessageMoveTasks {
  private readonly tasks: MoveTask[] = [];
  journal: MoveTaskJournal | undefined;

  constructor(private readonly host: MoveTaskHost) {}

  /** Every task, oldest first (a snapshot reads them). */
  all(): readonly MoveTask[] {
    return this.tasks;
  }

  /**
   * Restore: puts a stored task back at the end of the list. A task that was running goes on
   * where it stopped, one second's share a second, as SQS's own tasks outlive a service blip.
   */
  restore(stored: StoredMoveTask): void {
    const task: MoveTask = { ...stored, timer: undefined };
    this.tasks.push(task);
    if (task.status === 'RUNNING') {
      task.timer = this.host.clock.setTimer(() => this.step(task), 1000);
    }
  }

  /** Stops every running task's clock (the emulator is closing); their status stays RUNNING. */
  suspend(): void {
    for (const t of this.tasks) {
      if (t.timer) this.host.clock.clearTimer(t.timer);
      t.timer = undefined;
    }
  }

  start(source: SqsQueue, destination: SqsQueue | undefined, rate: number | undefined): string {
    if (this.tasks.some((t) => t.source === source && t.status === 'RUNNING')) {
      throw SqsErrors.invalidParameterValue(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    }
    const handle = Buffer.from(
      JSON.stringify({ taskId: randomUUID(), sourceArn: source.arn }),
      'utf8',
    ).toString('base64');
    source.sweep();
    const task: MoveTask = {
      handle,
      source,
      destinationArn: destination?.arn,
      rate,
      startedAt: this.host.clock.now(),
      toMove: source.visibleCount,
      moved: 0,
      status: 'RUNNING',
      failureReason: undefined,
      timer: undefined,
    };
    this.tasks.push(task);
    this.journal?.taskChanged(task);
    // SQS lists at most 10 tasks per source; older finished ones need not be kept.
    const ofSource = this.tasks.filter((t) => t.source === source);
    if (ofSource.length > 10) {
      this.tasks.splice(this.tasks.indexOf(ofSource[0]), 1);
      this.journal?.taskForgotten(ofSource[0]);
    }
    // The first second's share moves now; the rest on the clock, so that a ManualClock advanced
    // by ten seconds moves ten seconds' worth.
    this.step(task);
    return handle;
  }

  /** Whether `handle` has the shape of a task handle (base64 JSON naming a task and source). */
  static isWellFormedHandle(handle: string): boolean {
    try {
      const doc: unknown = JSON.parse(Buffer.from(handle, 'base64').toString('utf8'));
      return (
        typeof doc === 'object' &&
        doc !== null &&
        typeof (doc as { taskId?: unknown }).taskId === 'string' &&
        typeof (doc as { sourceArn?: unknown }).sourceArn === 'string'
      );
    } catch {
      return false;
    }
  }

  cancel(handle: string): number {
    const task = this.tasks.find((t) => t.handle === handle);
    if (!task) throw SqsErrors.resourceNotFound('TaskHandle');
    if (task.status !== 'RUNNING') {
      throw SqsErrors.invalidParameterValue('Only active tasks can be cancelled.');
    }
    this.finish(task, 'CANCELLED');
    return task.moved;
  }

  /** Most recent first, as SQS lists them. */
  list(source: SqsQueue, max: number): ListMessageMoveTasksResultEntry[] {
    return this.tasks
      .filter((t) => t.source === source)
      .reverse()
      .slice(0, max)
      .map((t) => {
        const entry: ListMessageMoveTasksResultEntry = {
          Status: t.status,
          SourceArn: t.source.arn,
          ApproximateNumberOfMessagesMoved: t.moved,
          ApproximateNumberOfMessagesToMove: t.toMove,
          StartedTimestamp: t.startedAt,
        };
        if (t.status === 'RUNNING') entry.TaskHandle = t.handle;
        if (t.destinationArn) entry.DestinationArn = t.destinationArn;
        if (t.rate !== undefined) entry.MaxNumberOfMessagesPerSecond = t.rate;
        if (t.failureReason) entry.FailureReason = t.failureReason;
        return entry;
      });
  }

  /** Ends and forgets every task of a deleted queue (nothing can list them any more). */
  forgetQueue(queue: SqsQueue): void {
    for (const t of this.tasks) {
      if (t.source === queue && t.status === 'RUNNING') {
        this.fail(t, 'AWS.SimpleQueueService.NonExistentQueue');
      }
    }
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      if (this.tasks[i].source === queue) this.journal?.taskForgotten(this.tasks.splice(i, 1)[0]);
    }
  }

  private step(task: MoveTask): void {
    task.timer = undefined;
    if (task.status !== 'RUNNING') return;
    const source = task.source;
    source.sweep();
    const budget = Math.min(task.rate ?? MAX_MOVE_RATE, task.toMove - task.moved);
    // Pick first, then move: moving while iterating would disturb the iteration.
    const batch: MessageRecord[] = [];
    for (const message of source.allMessages()) {
      if (batch.length >= budget) break;
      if (message.state === MessageState.Visible) batch.push(message);
    }
    for (const message of batch) {
      const targetArn = task.destinationArn ?? message.deadLetterSourceArn;
      const target = targetArn ? this.host.queueByArn(targetArn) : undefined;
      if (!target) {
        return this.fail(task, 'AWS.SimpleQueueService.NonExistentQueue');
      }
      source.remove(message);
      target.acceptRedriven(message);
      task.moved++;
    }
    this.journal?.taskChanged(task);
    if (task.moved >= task.toMove || source.visibleCount === 0) {
      this.finish(task, 'COMPLETED');
      return;
    }
    task.timer = this.host.clock.setTimer(() => this.step(task), 1000);
  }

  private fail(task: MoveTask, reason: string): void {
    task.failureReason = reason;
    this.finish(task, 'FAILED');
  }

  private finish(task: MoveTask, status: MoveTaskStatus): void {
    task.status = status;
    if (task.timer) this.host.clock.clearTimer(task.timer);
    task.timer = undefined;
    this.journal?.taskChanged(task);
  }
}
