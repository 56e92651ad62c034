import type { BatchResultErrorEntry } from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { isSqsError } from '../errors/sqs-error';
import { SqsErrors } from '../errors/sqs-errors';
import type { SqsQueue } from '../queue/sqs-queue';
import type { EmulatorRequestContext } from '../sqs-emulator-options.interface';
import { requireEntryList } from '../validation/input-guards';
import { isValidBatchEntryId } from '../validation/names';

const MAX_ENTRIES = 10;

/** What every batch entry has: the caller's id, echoed in its Successful or Failed entry. */
export interface BatchRequestEntry {
  Id?: string;
}

/** A batch result as SQS answers it: an empty `Successful` or `Failed` list is left out. */
export interface BatchResult<R> {
  Successful: R[] | undefined;
  Failed: BatchResultErrorEntry[] | undefined;
}

/**
 * One entry's work: returns its Successful entry, or throws an SqsError that becomes its Failed
 * entry. A module-level function, not a closure, so a batch allocates nothing to run it.
 */
export type BatchEntryAction<E, R> = (
  state: EmulatorState,
  queue: SqsQueue,
  entry: E,
  ctx: EmulatorRequestContext | undefined,
) => R;

/**
 * A batch request's `Entries`, after the whole-request checks every batch action makes before
 * looking at any entry: a list, not empty, at most 10 entries, ids valid and distinct. Problems
 * inside one entry are that entry's `Failed`.
 */
export function readBatchEntries<E extends BatchRequestEntry>(
  entries: unknown,
  entryType: string,
): E[] {
  const list = requireEntryList<E>(entries, 'Entries');
  if (list.length === 0) throw SqsErrors.emptyBatch(entryType);
  if (list.length > MAX_ENTRIES) throw SqsErrors.tooManyEntries(list.length);
  const seen = new Set<string>();
  for (const entry of list) {
    if (!isValidBatchEntryId(entry?.Id)) throw SqsErrors.invalidBatchEntryId();
    const id = entry.Id as string;
    if (seen.has(id)) throw SqsErrors.batchIdsNotDistinct(id);
    seen.add(id);
  }
  return list;
}

/**
 * Runs `action` on each entry in order and collects its Successful and Failed entries. Only an
 * SqsError fails an entry; anything else is a bug and fails the whole request. Long polls waiting
 * on the queue are served once, after the last entry.
 */
export function runBatchEntries<E extends BatchRequestEntry, R>(
  state: EmulatorState,
  queue: SqsQueue,
  entries: readonly E[],
  action: BatchEntryAction<E, R>,
  ctx: EmulatorRequestContext | undefined,
): BatchResult<R> {
  const successful: R[] = [];
  const failed: BatchResultErrorEntry[] = [];
  // Waiting receives are served once the whole batch is in: they get its messages together.
  queue.holdWaiters();
  try {
    for (const entry of entries) {
      try {
        successful.push(action(state, queue, entry, ctx));
      } catch (e) {
        if (!isSqsError(e)) throw e;
        failed.push({
          Id: entry.Id as string,
          SenderFault: e.Type === 'Sender',
          Code: e.Code,
          Message: e.message,
        });
      }
    }
  } finally {
    queue.releaseWaiters();
  }
  // SendMessageBatch with no failure has no `Failed` key on AWS, and the same for the others.
  const result: Partial<BatchResult<R>> = {};
  if (successful.length > 0) result.Successful = successful;
  if (failed.length > 0) result.Failed = failed;
  return result as BatchResult<R>;
}
