import { NUMERIC_ATTRIBUTES } from './queue-attributes';
import { isFifo } from './fifo-queue';
import type { SqsQueue } from './sqs-queue';

/** The current value of one queue attribute as GetQueueAttributes reports it, or undefined. */
export function currentAttributeValue(queue: SqsQueue, name: string): string | undefined {
  switch (name) {
    case 'ApproximateNumberOfMessages':
      return String(queue.visibleCount);
    case 'ApproximateNumberOfMessagesNotVisible':
      return String(queue.inflight);
    case 'ApproximateNumberOfMessagesDelayed':
      return String(queue.delayed);
    case 'CreatedTimestamp':
      return String(Math.floor(queue.createdAt / 1000));
    case 'LastModifiedTimestamp':
      return String(Math.floor(queue.lastModifiedAt / 1000));
    case 'QueueArn':
      return queue.arn;
    case 'SqsManagedSseEnabled':
      return (
        queue.attributes.get(name) ?? (queue.attributes.has('KmsMasterKeyId') ? 'false' : 'true')
      );
    case 'KmsDataKeyReusePeriodSeconds':
      // SQS omits the KMS attributes while they are at their defaults.
      return (
        queue.attributes.get(name) ??
        (queue.attributes.has('KmsMasterKeyId')
          ? String(NUMERIC_ATTRIBUTES[name].default)
          : undefined)
      );
    case 'FifoQueue':
      return queue.fifo ? 'true' : undefined;
    case 'ContentBasedDeduplication':
      return isFifo(queue) ? String(queue.contentBasedDeduplication) : undefined;
    case 'DeduplicationScope':
      return isFifo(queue) ? queue.deduplicationScope : undefined;
    case 'FifoThroughputLimit':
      return queue.fifo ? (queue.attributes.get(name) ?? 'perQueue') : undefined;
  }
  const rule = NUMERIC_ATTRIBUTES[name];
  if (rule) return queue.attributes.get(name) ?? String(rule.default);
  const value = queue.attributes.get(name);
  return value === '' ? undefined : value;
}
