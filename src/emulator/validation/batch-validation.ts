import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { SqsErrors } from '../errors/sqs-errors';
import { isValidBatchEntryId } from './names';

const MAX_ENTRIES = 10;

/**
 * The whole-request checks every batch action makes before looking at any entry: not empty, at
 * most 10 entries, ids valid and distinct. Problems inside one entry are that entry's `Failed`.
 */
export function checkBatchShape(entries: readonly { Id?: string }[], entryType: string): void {
  if (!Array.isArray(entries) || entries.length === 0) throw SqsErrors.emptyBatch(entryType);
  if (entries.length > MAX_ENTRIES) throw SqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!isValidBatchEntryId(entry?.Id)) throw SqsErrors.invalidBatchEntryId();
    const id = entry.Id as string;
    if (seen.has(id)) throw SqsErrors.batchIdsNotDistinct(id);
    seen.add(id);
  }
}

/** Bytes a SendMessageBatch carries, counted as SQS counts them: bodies plus attributes. */
export function totalBatchBytes(entries: readonly SendMessageBatchRequestEntry[]): number {
  let total = 0;
  for (const entry of entries) {
    total += Buffer.byteLength(String(entry.MessageBody ?? ''), 'utf8');
    for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
      total += Buffer.byteLength(name) + Buffer.byteLength(value?.DataType ?? '');
      if (value?.StringValue !== undefined) total += Buffer.byteLength(value.StringValue);
      if (value?.BinaryValue !== undefined) {
        total +=
          typeof value.BinaryValue === 'string'
            ? Buffer.from(value.BinaryValue, 'base64').length
            : value.BinaryValue.length;
      }
    }
  }
  return total;
}
