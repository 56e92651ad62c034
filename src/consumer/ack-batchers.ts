import type { BatchResultErrorEntry } from '@aws-sdk/client-sqs';
import type { Clock } from '../clock/clock.interface';
import type { SqsPort } from '../port/sqs-port.interface';
import { AckBatcher, type AckEntry, type AckEntryFailure } from './ack-batcher';

/** Attempts per delete/visibility change before giving up (the message then reappears). */
const MAX_ACK_ATTEMPTS = 5;

export interface AckBatchersOptions {
  readonly port: SqsPort;
  readonly queueUrl: string;
  readonly clock: Clock;
  readonly concurrency: number;
  readonly retryDelayMs: (failures: number) => number;
  readonly onEntryFailed: (operation: string, failure: AckEntryFailure) => void;
  readonly onRequestFailed: (
    operation: string,
    error: unknown,
    entries: readonly AckEntry[],
    retryMs: number | undefined,
  ) => void;
}

/** The consumer's two batchers: DeleteMessageBatch and ChangeMessageVisibilityBatch. */
export function createAckBatchers(o: AckBatchersOptions): {
  deletes: AckBatcher;
  visibility: AckBatcher;
} {
  const common = {
    clock: o.clock,
    // One open request per 10 workers: enough to keep up, few enough to still fill batches.
    maxInFlight: Math.max(1, Math.ceil(o.concurrency / 10)),
    maxAttempts: MAX_ACK_ATTEMPTS,
    retryDelayMs: o.retryDelayMs,
  };
  const hooks = (operation: string) => ({
    operation,
    onEntryFailed: (f: AckEntryFailure) => o.onEntryFailed(operation, f),
    onRequestFailed: (error: unknown, entries: readonly AckEntry[], retryMs: number | undefined) =>
      o.onRequestFailed(operation, error, entries, retryMs),
  });
  const deletes = new AckBatcher({
    ...common,
    ...hooks('DeleteMessageBatch'),
    send: async (entries) => {
      const out = await o.port.deleteMessageBatch({
        QueueUrl: o.queueUrl,
        Entries: entries.map((e, i) => ({ Id: String(i), ReceiptHandle: e.message.receiptHandle })),
      });
      return failuresOf(entries, out.Failed);
    },
  });
  const visibility = new AckBatcher({
    ...common,
    ...hooks('ChangeMessageVisibilityBatch'),
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
  return { deletes, visibility };
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
