import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { MoveTask, MoveTaskStatus } from '../move-tasks/message-move-tasks';
import { isFifo } from '../queue/fifo-queue';
import { defineAttribute } from '../queue/message-attribute-copy';
import { type MessageExtras, type MessageRecord, MessageState } from '../queue/message-record';
import type { AttemptEntry, DedupEntry } from '../queue/queue-journal.interface';
import type { SqsQueue } from '../queue/sqs-queue';

/**
 * The records the emulator keeps in its durable log, and how its objects become records.
 *
 * Every record is an absolute upsert or delete of one entity, keyed by stable ids (a queue's id,
 * a message's queue id and sequence, a task's handle), so that replaying a record twice, or an
 * older record after a newer snapshot of the same entity, ends in the same state: compaction
 * snapshots are taken while the emulator runs (fuzzy), and the journal written meanwhile is
 * replayed over them. A record for an entity that does not exist at replay is ignored. What one
 * request changes is written as one batch record, so a torn final write loses all of it or none.
 *
 * Field names are short: a message record is written on every send, and bytes on disk count.
 */

/** Bumped when a record's meaning changes; a newer data directory is refused. */
export const STATE_FORMAT_VERSION = 1;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableStateFields = { -readonly [K in keyof MessageStateFields]: number };

/** Who wrote the data directory, and the queue id high-water mark. First in every snapshot. */
export interface MetaOp {
  readonly k: 'meta';
  readonly v: number;
  readonly region: string;
  readonly account: string;
  /** Every queue id below this one may have been used (receipt handles name queue ids). */
  readonly nq: number;
}

/** A queue's settings and counters. */
export interface QueueOp {
  readonly k: 'q';
  readonly id: number;
  readonly n: string;
  readonly f: boolean;
  /** Every stored attribute (Policy, RedrivePolicy… included), as SetQueueAttributes took them. */
  readonly a: [string, string][];
  readonly g: [string, string][];
  readonly c: number;
  readonly m: number;
  /** Last PurgeQueue (strict mode's once-a-minute rule); absent if never purged. */
  readonly p?: number;
  /** The sequence the next message gets. */
  readonly ns: number;
  /** FIFO: the last sequence number handed out, as a decimal string. */
  readonly sq?: string;
}

/** A queue was deleted (`id`), or a snapshot's note that `n` was deleted at `at`. */
export interface QueueGoneOp {
  readonly k: 'qx';
  readonly id?: number;
  readonly n: string;
  readonly at: number;
}

/** What changes about a message after it is sent; zero fields are left out. */
export interface MessageStateFields {
  readonly st?: MessageState;
  readonly v?: number;
  readonly rc?: number;
  readonly rs?: number;
  readonly fr?: number;
  readonly ra?: number;
  readonly vc?: number;
}

/** A message attribute: name, DataType, StringValue, BinaryValue as base64. */
export type StoredAttribute = [string, string, string | null, string | null];

/** {@link MessageExtras} as stored. */
export interface StoredExtras {
  readonly a?: StoredAttribute[];
  readonly am?: string;
  readonly th?: string;
  readonly sm?: string;
  readonly g?: string;
  readonly d?: string;
  readonly sn?: string;
  readonly dl?: string;
}

/** A whole message: written when it joins a queue (and by snapshots). */
export interface MessageOp extends MessageStateFields {
  readonly k: 'm';
  readonly q: number;
  readonly s: number;
  readonly i: string;
  readonly b: string;
  readonly t: number;
  /** Enqueue time (retention counts from it), when not the send time `t`. */
  readonly e?: number;
  /** SenderId, when not the account id (which the meta record pins). */
  readonly u?: string;
  readonly x?: StoredExtras;
}

/** A message's changing part: written on receive, visibility change, delay. */
export interface MessageStateOp extends MessageStateFields {
  readonly k: 'ms';
  readonly q: number;
  readonly s: number;
}

/** A message left its queue. `sn`: its FIFO sequence number (the counter must stay past it). */
export interface MessageGoneOp {
  readonly k: 'mx';
  readonly q: number;
  readonly s: number;
  readonly sn?: string;
}

/** PurgeQueue: messages and dedup windows of sequences below `below` are gone. */
export interface PurgeOp {
  readonly k: 'p';
  readonly q: number;
  readonly below: number;
  readonly at: number;
}

/** A FIFO deduplication window. */
export interface DedupOp {
  readonly k: 'd';
  readonly q: number;
  readonly key: string;
  readonly exp: number;
  readonly i: string;
  readonly sn: string;
  readonly s: number;
}

/** A FIFO receive attempt: per message, [seq, receipt handle, receiveSeq, visibilityChanges]. */
export interface AttemptOp {
  readonly k: 'a';
  readonly q: number;
  readonly id: string;
  readonly at: number;
  readonly h: [number, string, number, number][];
}

/** A message move task. */
export interface TaskOp {
  readonly k: 't';
  readonly h: string;
  /** The source queue's id. */
  readonly q: number;
  readonly d?: string;
  readonly r?: number;
  readonly at: number;
  readonly n: number;
  readonly mv: number;
  readonly st: MoveTaskStatus;
  readonly f?: string;
}

/** A move task left the list. */
export interface TaskGoneOp {
  readonly k: 'tg';
  readonly h: string;
}

export type StateOp =
  | MetaOp
  | QueueOp
  | QueueGoneOp
  | MessageOp
  | MessageStateOp
  | MessageGoneOp
  | PurgeOp
  | DedupOp
  | AttemptOp
  | TaskOp
  | TaskGoneOp;

/** What one flush wrote, replayed all or nothing. */
export interface BatchOp {
  readonly k: 'b';
  readonly o: StateOp[];
}

export type StateRecord = StateOp | BatchOp;

// ---- objects → records ----------------------------------------------------------------------

export function queueOp(queue: SqsQueue): QueueOp {
  const op: Mutable<QueueOp> = {
    k: 'q',
    id: queue.id,
    n: queue.name,
    f: queue.fifo,
    a: [...queue.attributes],
    g: [...queue.tags],
    c: queue.createdAt,
    m: queue.lastModifiedAt,
    ns: queue.upcomingSeq,
  };
  if (Number.isFinite(queue.lastPurgeAt)) op.p = queue.lastPurgeAt;
  if (isFifo(queue)) op.sq = queue.sequenceCounter.toString();
  return op;
}

function stateFields(m: MessageRecord, out: MutableStateFields): void {
  if (m.state !== MessageState.Visible) out.st = m.state;
  if (m.visibleAt !== 0) out.v = m.visibleAt;
  if (m.receiveCount !== 0) out.rc = m.receiveCount;
  if (m.receiveSeq !== 0) out.rs = m.receiveSeq;
  if (m.firstReceiveAt !== 0) out.fr = m.firstReceiveAt;
  if (m.receivedAt !== 0) out.ra = m.receivedAt;
  if (m.visibilityChanges !== 0) out.vc = m.visibilityChanges;
}

export function messageOp(queueId: number, accountId: string, m: MessageRecord): MessageOp {
  const op = {
    k: 'm',
    q: queueId,
    s: m.seq,
    i: m.messageId,
    b: m.body,
    t: m.sentAt,
  } as Mutable<MessageOp>;
  if (m.enqueuedAt !== m.sentAt) op.e = m.enqueuedAt;
  if (m.senderId !== accountId) op.u = m.senderId;
  stateFields(m, op as MutableStateFields);
  if (m.extras) op.x = storeExtras(m.extras);
  return op;
}

export function messageStateOp(queueId: number, m: MessageRecord): MessageStateOp {
  const op = { k: 'ms', q: queueId, s: m.seq } as MessageStateOp;
  stateFields(m, op as MutableStateFields);
  return op;
}

export function messageGoneOp(queueId: number, m: MessageRecord): MessageGoneOp {
  const sn = m.sequenceNumber;
  return sn === undefined
    ? { k: 'mx', q: queueId, s: m.seq }
    : { k: 'mx', q: queueId, s: m.seq, sn };
}

export function dedupOp(queueId: number, key: string, e: DedupEntry): DedupOp {
  return {
    k: 'd',
    q: queueId,
    key,
    exp: e.expiresAt,
    i: e.messageId,
    sn: e.sequenceNumber,
    s: e.seq,
  };
}

export function attemptOp(queueId: number, id: string, e: AttemptEntry): AttemptOp {
  return {
    k: 'a',
    q: queueId,
    id,
    at: e.at,
    h: e.deliveries.map((d, i) => [
      d.message.seq,
      d.receiptHandle,
      e.receiveSeqs[i],
      e.visibilityChanges[i],
    ]),
  };
}

export function taskOp(t: MoveTask): TaskOp {
  const op = {
    k: 't',
    h: t.handle,
    q: t.source.id,
    at: t.startedAt,
    n: t.toMove,
    mv: t.moved,
    st: t.status,
  } as Mutable<TaskOp>;
  if (t.destinationArn !== undefined) op.d = t.destinationArn;
  if (t.rate !== undefined) op.r = t.rate;
  if (t.failureReason !== undefined) op.f = t.failureReason;
  return op;
}

function storeExtras(x: MessageExtras): StoredExtras {
  const out: Mutable<StoredExtras> = {};
  if (x.messageAttributes) {
    out.a = Object.keys(x.messageAttributes).map((name) => {
      const v = (x.messageAttributes as Record<string, MessageAttributeValue>)[name];
      return [
        name,
        v.DataType ?? 'String',
        v.StringValue ?? null,
        v.BinaryValue === undefined ? null : Buffer.from(v.BinaryValue).toString('base64'),
      ];
    });
  }
  if (x.md5OfMessageAttributes !== undefined) out.am = x.md5OfMessageAttributes;
  if (x.traceHeader !== undefined) out.th = x.traceHeader;
  if (x.md5OfMessageSystemAttributes !== undefined) out.sm = x.md5OfMessageSystemAttributes;
  if (x.groupId !== undefined) out.g = x.groupId;
  if (x.deduplicationId !== undefined) out.d = x.deduplicationId;
  if (x.sequenceNumber !== undefined) out.sn = x.sequenceNumber;
  if (x.deadLetterSourceArn !== undefined) out.dl = x.deadLetterSourceArn;
  return out;
}

// ---- records → objects ----------------------------------------------------------------------

export function loadExtras(x: StoredExtras): MessageExtras {
  const out: MessageExtras = {};
  if (x.a) {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, dataType, text, binary] of x.a) {
      const value: MessageAttributeValue = { DataType: dataType };
      if (text !== null) value.StringValue = text;
      if (binary !== null) value.BinaryValue = new Uint8Array(Buffer.from(binary, 'base64'));
      defineAttribute(attributes, name, value);
    }
    out.messageAttributes = attributes;
  }
  if (x.am !== undefined) out.md5OfMessageAttributes = x.am;
  if (x.th !== undefined) out.traceHeader = x.th;
  if (x.sm !== undefined) out.md5OfMessageSystemAttributes = x.sm;
  if (x.g !== undefined) out.groupId = x.g;
  if (x.d !== undefined) out.deduplicationId = x.d;
  if (x.sn !== undefined) out.sequenceNumber = x.sn;
  if (x.dl !== undefined) out.deadLetterSourceArn = x.dl;
  return out;
}

/** Sets a message's changing part from a record (absent fields are zero). */
export function loadStateFields(m: MessageRecord, f: MessageStateFields): void {
  m.state = f.st ?? MessageState.Visible;
  m.visibleAt = f.v ?? 0;
  m.receiveCount = f.rc ?? 0;
  m.receiveSeq = f.rs ?? 0;
  m.firstReceiveAt = f.fr ?? 0;
  m.receivedAt = f.ra ?? 0;
  m.visibilityChanges = f.vc ?? 0;
}
