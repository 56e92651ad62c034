import { applyAttributes } from '../actions/queue-actions';
import type { EmulatorState } from '../emulator-state';
import { FifoQueue, isFifo } from '../queue/fifo-queue';
import { MessageRecord, MessageState } from '../queue/message-record';
import type { AttemptEntry, DedupEntry } from '../queue/queue-journal.interface';
import { reserveQueueIds, type SqsQueue } from '../queue/sqs-queue';
import { StandardQueue } from '../queue/standard-queue';
import { SequenceIndex } from '../structures/sequence-index';
import {
  type AttemptOp,
  type DedupOp,
  loadExtras,
  loadStateFields,
  type MessageOp,
  type QueueOp,
  STATE_FORMAT_VERSION,
  type StateOp,
  type TaskOp,
} from './state-records';

/** What a restore brought back. */
export interface RestoreSummary {
  readonly queues: number;
  readonly messages: number;
}

/** A data directory whose content cannot be applied to this emulator (another account...). */
export class PersistedStateMismatchError extends Error {
  override readonly name = 'PersistedStateMismatchError';
}

interface StagedQueue {
  op: QueueOp;
  nextSeq: number;
  sequence: bigint;
  /** By sequence: no hashing, and read back in sequence order without a sort. */
  readonly messages: SequenceIndex<MessageRecord>;
  readonly dedup: Map<string, DedupOp>;
  readonly attempts: Map<string, AttemptOp>;
}

/**
 * Rebuilds the emulator's state from the log's records. Records are first applied to a plain
 * model (queues by id, messages by sequence), where replaying an upsert or a delete is an index
 * operation whatever came before; then the model becomes live queues in one pass, each message
 * placed in sequence order (each FIFO group's order) with its stored state and deadlines. The
 * clock's rules (retention, deadlines that passed while the emulator was down) run afterwards, as
 * on any request, with the journal attached, so that a message expired now stays expired even if
 * its queue's retention grows later.
 */
export class StateRestorer {
  private readonly queues = new Map<number, StagedQueue>();
  private readonly deletedNames = new Map<string, number>();
  private readonly tasks = new Map<string, TaskOp>();
  private nextQueueId = 1;

  constructor(
    private readonly state: EmulatorState,
    private readonly dir: string,
  ) {}

  /** Applies one record of the log (a batch, or one operation). */
  apply(record: unknown): void {
    const op = record as StateOp | { k: 'b'; o: StateOp[] };
    if (op && op.k === 'b') {
      for (const inner of op.o) this.applyOp(inner);
    } else {
      this.applyOp(op as StateOp);
    }
  }

  private applyOp(op: StateOp): void {
    switch (op?.k) {
      case 'meta':
        return this.meta(op.v, op.region, op.account, op.nq);
      case 'q':
        return this.upsertQueue(op);
      case 'qx':
        if (op.id !== undefined) this.dropQueue(op.id);
        this.deletedNames.set(op.n, op.at);
        this.seeQueueId(op.id);
        return;
      case 'm':
        return this.upsertMessage(op);
      case 'ms': {
        const m = this.queues.get(op.q)?.messages.get(op.s);
        if (m) loadStateFields(m, op);
        return;
      }
      case 'mx': {
        const q = this.queues.get(op.q);
        if (!q) return;
        q.messages.delete(op.s);
        q.nextSeq = Math.max(q.nextSeq, op.s + 1);
        if (op.sn !== undefined) q.sequence = max(q.sequence, BigInt(op.sn));
        return;
      }
      case 'p':
        return this.purge(op.q, op.below, op.at);
      case 'd': {
        const q = this.queues.get(op.q);
        if (!q) return;
        q.dedup.delete(op.key); // re-inserted at the end: the map is kept in expiry order
        q.dedup.set(op.key, op);
        if (op.sn) q.sequence = max(q.sequence, BigInt(op.sn));
        q.nextSeq = Math.max(q.nextSeq, op.s + 1);
        return;
      }
      case 'a':
        this.queues.get(op.q)?.attempts.set(op.id, op);
        return;
      case 't':
        if (this.queues.has(op.q)) this.tasks.set(op.h, op);
        return;
      case 'tg':
        this.tasks.delete(op.h);
        return;
      default:
        throw new PersistedStateMismatchError(
          `${this.dir}: a record of an unknown kind (${JSON.stringify((op as { k?: unknown })?.k)}); ` +
            'it was written by a newer nestjs-sqs-kit',
        );
    }
  }

  private meta(version: number, region: string, account: string, nextQueueId: number): void {
    if (version > STATE_FORMAT_VERSION) {
      throw new PersistedStateMismatchError(
        `${this.dir} was written by a newer nestjs-sqs-kit (state format ${version}; this one reads ${STATE_FORMAT_VERSION})`,
      );
    }
    if (region !== this.state.region || account !== this.state.accountId) {
      throw new PersistedStateMismatchError(
        `${this.dir} holds the queues of account ${account} in region ${region}, not of ` +
          `account ${this.state.accountId} in region ${this.state.region}: start with ` +
          `--account-id ${account} --region ${region} (the accountId and region options), or use another directory`,
      );
    }
    this.nextQueueId = Math.max(this.nextQueueId, nextQueueId);
  }

  private seeQueueId(id: number | undefined): void {
    if (id !== undefined) this.nextQueueId = Math.max(this.nextQueueId, id + 1);
  }

  private upsertQueue(op: QueueOp): void {
    this.seeQueueId(op.id);
    this.deletedNames.delete(op.n);
    const sequence = op.sq !== undefined ? BigInt(op.sq) : 0n;
    const q = this.queues.get(op.id);
    if (q) {
      q.op = op;
      q.nextSeq = Math.max(q.nextSeq, op.ns);
      q.sequence = max(q.sequence, sequence);
      return;
    }
    this.queues.set(op.id, {
      op,
      nextSeq: op.ns,
      sequence,
      messages: new SequenceIndex(),
      dedup: new Map(),
      attempts: new Map(),
    });
  }

  private dropQueue(id: number): void {
    this.queues.delete(id);
    for (const [handle, task] of this.tasks) if (task.q === id) this.tasks.delete(handle);
  }

  private upsertMessage(op: MessageOp): void {
    const q = this.queues.get(op.q);
    if (!q) return;
    const m = new MessageRecord(
      op.s,
      op.i,
      op.b,
      op.t,
      op.e ?? op.t,
      op.u ?? this.state.accountId,
      op.x ? loadExtras(op.x) : undefined,
    );
    loadStateFields(m, op);
    q.messages.set(op.s, m);
    q.nextSeq = Math.max(q.nextSeq, op.s + 1);
    if (op.x?.sn !== undefined) q.sequence = max(q.sequence, BigInt(op.x.sn));
  }

  private purge(id: number, below: number, at: number): void {
    const q = this.queues.get(id);
    if (!q) return;
    const purged: number[] = [];
    for (const m of q.messages.values()) {
      if (m.seq >= below) break;
      purged.push(m.seq);
    }
    for (const seq of purged) q.messages.delete(seq);
    for (const [key, d] of q.dedup) if (d.s < below) q.dedup.delete(key);
    q.nextSeq = Math.max(q.nextSeq, below);
    q.op = { ...q.op, p: Math.max(q.op.p ?? -Infinity, at) };
  }

  /** Turns the model into live queues, messages and tasks; returns what came back. */
  finish(): RestoreSummary {
    const state = this.state;
    const live = new Map<number, SqsQueue>();
    for (const staged of this.queues.values()) {
      const queue = this.buildQueue(staged);
      live.set(queue.id, queue);
    }
    for (const [name, at] of this.deletedNames) state.queues.restoreDeleted(name, at);
    for (const task of this.tasks.values()) {
      const source = live.get(task.q);
      if (!source) continue;
      state.moveTasks.restore({
        handle: task.h,
        source,
        destinationArn: task.d,
        rate: task.r,
        startedAt: task.at,
        toMove: task.n,
        moved: task.mv,
        status: task.st,
        failureReason: task.f,
      });
    }
    reserveQueueIds(this.nextQueueId);
    let messages = 0;
    for (const queue of live.values()) messages += queue.size;
    return { queues: live.size, messages };
  }

  private buildQueue(staged: StagedQueue): SqsQueue {
    const state = this.state;
    const op = staged.op;
    const identity = { id: op.id, createdAt: op.c };
    const arn = state.arnOf(op.n);
    const queue: SqsQueue = op.f
      ? new FifoQueue(op.n, arn, new Map(), state.host, identity)
      : new StandardQueue(op.n, arn, new Map(), state.host, identity);
    applyAttributes(queue, new Map(op.a));
    for (const [key, value] of op.g) queue.tags.set(key, value);
    queue.lastModifiedAt = op.m;
    if (op.p !== undefined) queue.lastPurgeAt = op.p;
    for (const m of staged.messages.values()) queue.restoreMessage(m);
    queue.reserveSeqs(staged.nextSeq);
    if (queue instanceof StandardQueue) queue.reorderVisibleByTime();
    if (isFifo(queue)) this.restoreFifo(queue, staged);
    state.queues.add(queue);
    return queue;
  }

  private restoreFifo(queue: FifoQueue, staged: StagedQueue): void {
    queue.reserveSequenceNumbers(staged.sequence);
    const now = this.state.clock.now();
    const windows = [...staged.dedup].sort((a, b) => a[1].exp - b[1].exp);
    for (const [key, d] of windows) {
      if (d.exp <= now) continue;
      const entry: DedupEntry = {
        expiresAt: d.exp,
        messageId: d.i,
        sequenceNumber: d.sn,
        seq: d.s,
      };
      queue.restoreDeduplication(key, entry);
    }
    const attempts = [...staged.attempts].sort((a, b) => a[1].at - b[1].at);
    for (const [id, a] of attempts) {
      const entry = attemptEntry(queue, a);
      if (entry) queue.restoreAttempt(id, entry);
    }
  }
}

/** A stored receive attempt, if every message it returned is still there as it was handed out. */
function attemptEntry(queue: SqsQueue, a: AttemptOp): AttemptEntry | undefined {
  const entry: AttemptEntry = { at: a.at, deliveries: [], receiveSeqs: [], visibilityChanges: [] };
  for (const [seq, receiptHandle, receiveSeq, changes] of a.h) {
    const message = queue.get(seq);
    if (!message || message.state !== MessageState.Inflight) return undefined;
    entry.deliveries.push({ message, receiptHandle });
    entry.receiveSeqs.push(receiveSeq);
    entry.visibilityChanges.push(changes);
  }
  return entry;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
