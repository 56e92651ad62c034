import { SqsErrors } from '../errors/sqs-errors';
import type { MoveTask, MoveTaskJournal } from '../move-tasks/message-move-tasks';
import type { MessageRecord } from '../queue/message-record';
import type { AttemptEntry, DedupEntry, QueueJournal } from '../queue/queue-journal.interface';
import type { SqsQueue } from '../queue/sqs-queue';
import {
  attemptOp,
  dedupOp,
  messageGoneOp,
  messageOp,
  messageStateOp,
  queueOp,
  type StateOp,
  taskOp,
} from './state-records';

/** The part of the durable log the journal writes through. */
export interface JournalLog {
  /** Queues a record; cheap and synchronous. */
  append(record: unknown): void;
  /** Resolves once every record appended so far reached the OS; rejects (and keeps them) if not. */
  commit(): Promise<void>;
  readonly failing: boolean;
  close(): Promise<void>;
}

interface PendingMessage {
  readonly kind: 'message';
  readonly queue: SqsQueue;
  readonly message: MessageRecord;
  /** Joined its queue since the last flush: written whole, not just its changing part. */
  readonly isNew: boolean;
}

type Pending =
  | PendingMessage
  | { readonly kind: 'queue'; readonly queue: SqsQueue }
  | { readonly kind: 'task'; readonly task: MoveTask }
  | { readonly kind: 'op'; readonly op: StateOp };

/**
 * Turns the emulator's changes into log records. The queues, actions and move tasks name what
 * they changed (see {@link QueueJournal}); the journal remembers each entity once, in the order
 * it was first touched, and when it flushes writes each one's state as it is then: a message
 * sent and received before the flush is one record, one sent and deleted is none. A flush writes
 * one record (a batch when it holds several), so that what a request changed is replayed all or
 * nothing after a torn final write.
 *
 * Each SQS action flushes when it is done and answers only after the log's commit resolved
 * ({@link run}); changes made outside any action (a move task's step, a dashboard delete) are
 * flushed and committed on the next turn of the event loop.
 */
export class StateJournal implements QueueJournal<SqsQueue>, MoveTaskJournal {
  private pending: Pending[] = [];
  private readonly messages = new Map<MessageRecord, PendingMessage>();
  private readonly queues = new Set<SqsQueue>();
  private readonly tasks = new Set<MoveTask>();
  private readonly forgotten = new Set<MoveTask>();
  private flushSoon: NodeJS.Immediate | undefined;
  private closed = false;
  /** Changes made after the close, which the journal no longer takes (see `run`). */
  private keptOut = 0;
  /** The last write failure reported, until the log writes again. */
  private reportedFailure: string | undefined;

  constructor(
    private readonly log: JournalLog,
    private readonly dir: string,
    private readonly accountId: string,
    private readonly warn: (message: string) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Runs an SQS action and answers once what it changed is in the log: its result after a
   * successful commit, an SqsError InternalError (500, which SDKs retry) if the disk refused.
   */
  run<T>(action: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(SqsErrors.emulatorClosed());
    const keptOut = this.keptOut;
    return action().then((result) => {
      // A close came while the action ran (a long poll) and it changed state after: what the
      // answer would report is not in the directory, so it is refused (SDKs retry elsewhere).
      if (this.keptOut !== keptOut) throw SqsErrors.emulatorClosed();
      return this.settle().then(() => result);
    });
  }

  /** Writes what changed so far and waits for the log to have it (and everything before it). */
  async settle(): Promise<void> {
    this.flush();
    try {
      await this.log.commit();
    } catch (e) {
      this.failed(e);
      throw SqsErrors.persistenceFailed(codeOf(e));
    }
    this.recovered();
  }

  /** Flushes and stops taking changes, then closes the log (which writes what it holds). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await this.log.close();
  }

  // ---- what changed (QueueJournal, MoveTaskJournal) ---------------------------------------

  messageAdded(queue: SqsQueue, message: MessageRecord): void {
    if (this.refused()) return;
    const entry: PendingMessage = { kind: 'message', queue, message, isNew: true };
    this.messages.set(message, entry);
    this.push(entry);
  }

  messageChanged(queue: SqsQueue, message: MessageRecord): void {
    if (this.refused() || this.messages.has(message)) return;
    const entry: PendingMessage = { kind: 'message', queue, message, isNew: false };
    this.messages.set(message, entry);
    this.push(entry);
  }

  messageRemoved(queue: SqsQueue, message: MessageRecord): void {
    // Written as gone at the flush, since the message is no longer in its queue then.
    this.messageChanged(queue, message);
  }

  queuePurged(queue: SqsQueue, belowSeq: number): void {
    this.op({ k: 'p', q: queue.id, below: belowSeq, at: queue.lastPurgeAt });
  }

  deduplicationRemembered(queue: SqsQueue, key: string, entry: DedupEntry): void {
    this.op(dedupOp(queue.id, key, entry));
  }

  attemptRemembered(queue: SqsQueue, attemptId: string, entry: AttemptEntry): void {
    this.op(attemptOp(queue.id, attemptId, entry));
  }

  /** A queue was created or its attributes, tags or policy changed. */
  queueChanged(queue: SqsQueue): void {
    if (this.refused() || this.queues.has(queue)) return;
    this.queues.add(queue);
    this.push({ kind: 'queue', queue });
  }

  queueDeleted(queue: SqsQueue, at: number): void {
    this.op({ k: 'qx', id: queue.id, n: queue.name, at });
  }

  taskChanged(task: MoveTask): void {
    if (this.refused() || this.tasks.has(task)) return;
    this.tasks.add(task);
    this.push({ kind: 'task', task });
  }

  taskForgotten(task: MoveTask): void {
    this.forgotten.add(task);
    this.op({ k: 'tg', h: task.handle });
  }

  // ---- writing ----------------------------------------------------------------------------

  /** Appends one record for everything changed since the last flush. */
  flush(): void {
    if (this.flushSoon) {
      clearImmediate(this.flushSoon);
      this.flushSoon = undefined;
    }
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    const ops: StateOp[] = [];
    for (const p of pending) {
      const op = this.toOp(p);
      if (op) ops.push(op);
    }
    this.messages.clear();
    this.queues.clear();
    this.tasks.clear();
    this.forgotten.clear();
    if (ops.length === 1) this.log.append(ops[0]);
    else if (ops.length > 1) this.log.append({ k: 'b', o: ops });
  }

  /** Commits in the background what was written outside an action; failures are reported. */
  commitSoon(): void {
    this.log.commit().then(
      () => this.recovered(),
      (e: unknown) => this.failed(e),
    );
  }

  private toOp(p: Pending): StateOp | undefined {
    switch (p.kind) {
      case 'message': {
        const { queue, message } = p;
        // A deleted queue's record says so for all its messages.
        if (queue.deleted) return undefined;
        if (queue.get(message.seq) !== message) return messageGoneOp(queue.id, message);
        return p.isNew
          ? messageOp(queue.id, this.accountId, message)
          : messageStateOp(queue.id, message);
      }
      case 'queue':
        return p.queue.deleted ? undefined : queueOp(p.queue);
      case 'task':
        return this.forgotten.has(p.task) || p.task.source.deleted ? undefined : taskOp(p.task);
      case 'op':
        return p.op;
    }
  }

  private op(op: StateOp): void {
    if (!this.refused()) this.push({ kind: 'op', op });
  }

  /** After the close, a change is not journaled: counted, so no answer reports it. */
  private refused(): boolean {
    if (!this.closed) return false;
    this.keptOut++;
    return true;
  }

  private push(entry: Pending): void {
    this.pending.push(entry);
    this.flushSoon ??= setImmediate(() => {
      this.flushSoon = undefined;
      this.flush();
      this.commitSoon();
    });
  }

  private failed(e: unknown): void {
    const detail = e instanceof Error ? e.message : String(e);
    if (this.reportedFailure === detail) return;
    this.reportedFailure = detail;
    this.warn(
      `cannot write to the data directory ${this.dir}: ${detail}. Requests that change state ` +
        'answer InternalError (HTTP 500, which SDKs retry) until it can; nothing already ' +
        'acknowledged is lost, and what is held back is written as soon as the disk accepts it.',
    );
  }

  private recovered(): void {
    if (this.reportedFailure === undefined || this.log.failing) return;
    this.reportedFailure = undefined;
    this.warn(`writing to the data directory ${this.dir} again: the held-back changes are written`);
  }
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}
