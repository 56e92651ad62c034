import { SqsErrors } from '../errors/sqs-errors';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Alphanumerics and ASCII punctuation, 1–128: MessageGroupId and MessageDeduplicationId. */
const GROUP_OR_DEDUP_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

/** Checks a queue name for its type (FIFO names end in `.fifo`, which counts toward 80). */
export function validateQueueName(name: string, fifo: boolean): void {
  if (!(fifo ? FIFO_QUEUE_NAME : QUEUE_NAME).test(name)) {
    throw SqsErrors.invalidParameterValue(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
}

export function isValidBatchEntryId(id: unknown): boolean {
  return typeof id === 'string' && BATCH_ENTRY_ID.test(id);
}

export function validateGroupId(value: string): void {
  if (!GROUP_OR_DEDUP_ID.test(value)) {
    throw SqsErrors.invalidParameter(
      value,
      'MessageGroupId',
      'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
}

export function validateDeduplicationId(value: string): void {
  if (!GROUP_OR_DEDUP_ID.test(value)) {
    throw SqsErrors.invalidParameter(
      value,
      'MessageDeduplicationId',
      'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
}

export function validateAttemptId(value: string): void {
  if (!GROUP_OR_DEDUP_ID.test(value)) {
    throw SqsErrors.invalidParameter(
      value,
      'ReceiveRequestAttemptId',
      'ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
}
