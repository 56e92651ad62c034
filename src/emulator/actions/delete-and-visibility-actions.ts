import type {
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchRequestEntry,
  ChangeMessageVisibilityBatchResult,
  ChangeMessageVisibilityBatchResultEntry,
  ChangeMessageVisibilityRequest,
  DeleteMessageBatchRequest,
  DeleteMessageBatchRequestEntry,
  DeleteMessageBatchResult,
  DeleteMessageBatchResultEntry,
  DeleteMessageRequest,
} from '@aws-sdk/client-sqs';
import type { EmulatorState } from '../emulator-state';
import { SqsErrors } from '../errors/sqs-errors';
import { type MessageRecord, MessageState } from '../queue/message-record';
import { MAX_VISIBILITY_TIMEOUT } from '../queue/queue-attributes';
import { decodeReceiptHandle, type ReceiptHandleParts } from '../queue/receipt-handle';
import type { SqsQueue } from '../queue/sqs-queue';
import type { EmulatorRequestContext } from '../sqs-emulator-options.interface';
import { checkInteger, integerParameter } from '../validation/integer-parameters';
import { requireString } from '../validation/input-guards';
import { readBatchEntries, runBatchEntries } from './batch-entries';

// SQS API reference: DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility,
// ChangeMessageVisibilityBatch. Each acts on one receive, named by its receipt handle.

const VISIBILITY_TIMEOUT = integerParameter(
  'VisibilityTimeout',
  0,
  MAX_VISIBILITY_TIMEOUT,
  'betweenIfProvided',
);

export async function deleteMessage(
  state: EmulatorState,
  input: DeleteMessageRequest,
): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  queue.sweep();
  deleteOne(state, queue, input.ReceiptHandle);
  return {};
}

export async function deleteMessageBatch(
  state: EmulatorState,
  input: DeleteMessageBatchRequest,
): Promise<DeleteMessageBatchResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  const entries = readBatchEntries<DeleteMessageBatchRequestEntry>(
    input.Entries,
    'DeleteMessageBatchRequestEntry',
  );
  queue.sweep();
  return runBatchEntries(state, queue, entries, deleteEntry, undefined);
}

export async function changeMessageVisibility(
  state: EmulatorState,
  input: ChangeMessageVisibilityRequest,
): Promise<object> {
  const queue = state.queues.resolve(input.QueueUrl);
  queue.sweep();
  changeOne(state, queue, input.ReceiptHandle, input.VisibilityTimeout);
  return {};
}

export async function changeMessageVisibilityBatch(
  state: EmulatorState,
  input: ChangeMessageVisibilityBatchRequest,
): Promise<ChangeMessageVisibilityBatchResult> {
  const queue = state.queues.resolve(input.QueueUrl);
  const entries = readBatchEntries<ChangeMessageVisibilityBatchRequestEntry>(
    input.Entries,
    'ChangeMessageVisibilityBatchRequestEntry',
  );
  queue.sweep();
  return runBatchEntries(state, queue, entries, changeEntry, undefined);
}

function deleteEntry(
  state: EmulatorState,
  queue: SqsQueue,
  entry: DeleteMessageBatchRequestEntry,
  _ctx: EmulatorRequestContext | undefined,
): DeleteMessageBatchResultEntry {
  deleteOne(state, queue, entry.ReceiptHandle);
  return { Id: entry.Id as string };
}

function changeEntry(
  state: EmulatorState,
  queue: SqsQueue,
  entry: ChangeMessageVisibilityBatchRequestEntry,
  _ctx: EmulatorRequestContext | undefined,
): ChangeMessageVisibilityBatchResultEntry {
  changeOne(state, queue, entry.ReceiptHandle, entry.VisibilityTimeout);
  return { Id: entry.Id as string };
}

/**
 * Whether the handle names the message's current receive. A handle from an earlier receive, or
 * of a message visible again, has expired; only a FIFO queue says so.
 */
function isCurrentReceive(message: MessageRecord, parts: ReceiptHandleParts): boolean {
  return message.state === MessageState.Inflight && message.receiveSeq === parts.receiveSeq;
}

function deleteOne(state: EmulatorState, queue: SqsQueue, receiptHandle: string | undefined): void {
  const handle = requireString(receiptHandle, 'ReceiptHandle');
  const parts = decodeReceiptHandle(handle);
  if (!parts || parts.queueId !== queue.id) throw SqsErrors.receiptHandleIsInvalid(handle);
  const message = queue.get(parts.seq);
  if (!message) return; // Deleting a deleted message succeeds, as on SQS.
  // A standard queue deletes by an expired handle too.
  if (queue.fifo && !isCurrentReceive(message, parts)) {
    throw SqsErrors.invalidParameter(handle, 'ReceiptHandle', 'The receipt handle has expired.');
  }
  queue.delete(message);
  if (state.events.active) {
    state.events.emit({ type: 'deleted', queueName: queue.name, messageId: message.messageId });
  }
}

function changeOne(
  state: EmulatorState,
  queue: SqsQueue,
  handle: string | undefined,
  timeout: number | undefined,
): void {
  if (!handle) throw SqsErrors.missingParameter('ReceiptHandle');
  if (timeout === undefined || timeout === null)
    throw SqsErrors.missingParameter('VisibilityTimeout');
  checkInteger(timeout, VISIBILITY_TIMEOUT);
  const parts = decodeReceiptHandle(handle);
  if (!parts || parts.queueId !== queue.id) throw SqsErrors.receiptHandleIsInvalid(handle);
  const message = queue.get(parts.seq);
  if (!message) {
    throw SqsErrors.invalidParameter(
      handle,
      'ReceiptHandle',
      'Message does not exist or is not available for visibility timeout change.',
    );
  }
  if (!isCurrentReceive(message, parts)) {
    if (queue.fifo) {
      throw SqsErrors.invalidParameter(handle, 'ReceiptHandle', 'The receipt handle has expired.');
    }
    // A standard queue answers 200 for a handle whose visibility already ran out.
    return;
  }
  const now = state.clock.now();
  if (now - message.receivedAt + timeout * 1000 > MAX_VISIBILITY_TIMEOUT * 1000) {
    throw SqsErrors.invalidParameter(
      timeout,
      'VisibilityTimeout',
      `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT} seconds].`,
    );
  }
  queue.changeVisibility(message, timeout);
}
