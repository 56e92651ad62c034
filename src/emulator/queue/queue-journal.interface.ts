import type { Delivery, MessageRecord } from './message-record';

/** A FIFO deduplication window entry: the message a deduplication id stands for, until when. */
export interface DedupEntry {
  readonly expiresAt: number;
  readonly messageId: string;
  readonly sequenceNumber: string;
  /** The queue sequence (`MessageRecord.seq`) of that message, so a purge can tell old from new. */
  readonly seq: number;
}

/** A FIFO receive with a ReceiveRequestAttemptId: what a retry within five minutes gets again. */
export interface AttemptEntry {
  readonly at: number;
  readonly deliveries: Delivery[];
  readonly receiveSeqs: number[];
  readonly visibilityChanges: number[];
}

/**
 * What a queue (`Q`: the queue class, a parameter so that this file need not import it) tells the journal that keeps the emulator's state on disk (`persistence`). Each
 * call names an entity that changed; the journal writes its state as it is when it flushes.
 * Changes the clock alone makes (a delay or visibility timeout running out) are not reported:
 * a restore recomputes them from the stored times.
 */
export interface QueueJournal<Q> {
  /** A message joined the queue: a send, a dead-letter move or a redrive. */
  messageAdded(queue: Q, message: MessageRecord): void;
  /** A message's state changed: received, visibility changed, delayed, made visible. */
  messageChanged(queue: Q, message: MessageRecord): void;
  /** A message left the queue: deleted, expired, moved elsewhere. */
  messageRemoved(queue: Q, message: MessageRecord): void;
  /** PurgeQueue: every message with a sequence below `belowSeq`, and the dedup window, went. */
  queuePurged(queue: Q, belowSeq: number): void;
  /** A FIFO send opened a deduplication window under `key` (already scoped). */
  deduplicationRemembered(queue: Q, key: string, entry: DedupEntry): void;
  /** A FIFO receive with a ReceiveRequestAttemptId was remembered. */
  attemptRemembered(queue: Q, attemptId: string, entry: AttemptEntry): void;
}
