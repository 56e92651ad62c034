import type { BatchResultErrorEntry } from '@aws-sdk/client-sqs';
import type { Clock } from '../clock/clock.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import { AckBatcher, type AckEntry, type AckEntryFailure } from './ack-batcher';
import type { ReceivedMessage } from './received-message';

export interface AcknowledgementsOptions {
  readonly port: SqsPort;
  readonly queueUrl: string;
  readonly clock: Clock;
  readonly concurrency: number;
  /** Messages held now: each will owe a delete or a visibility change (see `AckBatcher.fill`). */
  readonly held: () => number;
  readonly retryDelayMs: (failures: number) => number;
  readonly onEntryFailed: (operation: string, failure: AckEntryFailure) => void;
  /** SQS accepted a heartbeat's extension of `message` (its deadline may have moved). */
  readonly onExtensionLanded: (message: ReceivedMessage) => void;
  readonly onRequestFailed: (
    operation: string,
    error: unknown,
    entries: readonly AckEntry[],
    retryMs: number | undefined,
  ) => void;
}

/** Longest a delete waits for others to fill its batch (clock ms). */
export const DELETE_FILL_WAIT_MS = 1_000;

/**
 * What a consumer owes SQS for the messages it holds and lets go, batched: deletes for what
 * succeeded, visibility changes for retries, put-backs and heartbeat extensions.
 */
export class Acknowledgements {
  /** DeleteMessageBatch. */
  readonly deletes: AckBatcher;
  /** ChangeMessageVisibilityBatch. */
  readonly visibility: AckBatcher;

  constructor(o: AcknowledgementsOptions) {
    const common = {
      clock: o.clock,
      // One open request per 10 workers: enough to keep up, few enough to still fill batches.
      maxInFlight: Math.max(1, Math.ceil(o.concurrency / 10)),
      // A delete or visibility change is retried while its receipt handle can still be valid:
      // until the message's visibility deadline, after which SQS delivers it again anyway.
      retryUntil: (e: AckEntry) => e.message.visibleUntil,
      retryDelayMs: o.retryDelayMs,
    };
    const hooks = (operation: string) => ({
      operation,
      onEntryFailed: (f: AckEntryFailure) => o.onEntryFailed(operation, f),
      onRequestFailed: (
        error: unknown,
        entries: readonly AckEntry[],
        retryMs: number | undefined,
      ) => o.onRequestFailed(operation, error, entries, retryMs),
    });
    this.deletes = new AckBatcher({
      ...common,
      ...hooks('DeleteMessageBatch'),
      // Handlers that end one by one would otherwise send a delete request each; waiting a
      // little for the messages still held fills batches of ten (SQS bills per request).
      fill: { expected: o.held, maxWaitMs: DELETE_FILL_WAIT_MS },
      send: async (entries) => {
        const out = await o.port.deleteMessageBatch({
          QueueUrl: o.queueUrl,
          Entries: entries.map((e, i) => ({
            Id: String(i),
            ReceiptHandle: e.message.receiptHandle,
          })),
        });
        return failuresOf(entries, out.Failed);
      },
    });
    this.visibility = new AckBatcher({
      ...common,
      ...hooks('ChangeMessageVisibilityBatch'),
      // A heartbeat moves the message's deadline once SQS has it, not when it is asked for, and
      // one that would shorten it counts from when it goes out: the deadline bounds every retry
      // of the message's deletes and changes.
      onEntrySent: (e, sentAt) => {
        if (e.heartbeat) e.message.visibilitySent(sentAt, e.visibilityTimeout ?? 0);
      },
      onEntryAnswered: (e, sentAt, answeredAt, accepted) => {
        if (!e.heartbeat) return;
        if (!accepted) return e.message.visibilityFailed(answeredAt, e.visibilityTimeout ?? 0);
        e.message.visibilityLanded(sentAt, answeredAt, e.visibilityTimeout ?? 0);
        o.onExtensionLanded(e.message);
      },
      send: async (entries) => {
        const out = await o.port.changeMessageVisibilityBatch({
          QueueUrl: o.queueUrl,
          Entries: entries.map((e, i) => ({
            Id: String(i),
            ReceiptHandle: e.message.receiptHandle,
            VisibilityTimeout: e.visibilityTimeout ?? 0,
          })),
        });
        return failuresOf(entries, out.Failed);
      },
    });
  }

  /** Deletes `m`: it was handled (or is dropped on purpose). */
  delete(m: ReceivedMessage): void {
    this.deletes.add({ message: m, attempts: 0 });
  }

  /** Makes `m` visible again in `seconds` (0: now): a retry's delay, or a put-back. */
  putBack(m: ReceivedMessage, seconds: number): void {
    this.visibility.add({ message: m, visibilityTimeout: seconds, attempts: 0 });
  }

  /** Keeps `m` invisible for `seconds` more while its handler runs. */
  extend(m: ReceivedMessage, seconds: number): void {
    this.visibility.add({ message: m, visibilityTimeout: seconds, heartbeat: true, attempts: 0 });
  }

  /** Entries not yet answered. */
  get pending(): number {
    return this.deletes.pending + this.visibility.pending;
  }

  /**
   * Sends everything owed. A receive a stop gave up on may land while they drain, and put back
   * what it brings: drain until nothing is owed.
   */
  async drain(): Promise<void> {
    do {
      await Promise.all([this.deletes.drain(), this.visibility.drain()]);
    } while (this.pending > 0);
  }
}

function failuresOf(
  entries: readonly AckEntry[],
  failed: BatchResultErrorEntry[] | undefined,
): AckEntryFailure[] {
  if (!failed || failed.length === 0) return [];
  const out: AckEntryFailure[] = [];
  for (const f of failed) {
    const entry = entries[Number(f.Id)];
    if (entry) out.push({ entry, code: f.Code ?? 'Unknown', message: f.Message ?? '' });
  }
  return out;
}
