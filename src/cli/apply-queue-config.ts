import { isSqsError } from '../emulator/errors/sqs-error';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import { creationOrder, type EmulatorConfig, QueueConfigError } from './queue-config';

/**
 * Creates the configured queues in the emulator, dead-letter queues first, each with its
 * attributes, tags and redrive policy. An SQS error (a bad attribute, a bad name) becomes a
 * {@link QueueConfigError} naming the queue. Returns the created queues' URLs, in creation order.
 */
export async function applyQueueConfig(
  emulator: SqsEmulator,
  config: EmulatorConfig,
): Promise<string[]> {
  const arns = new Map<string, string>();
  const urls: string[] = [];
  for (const queue of creationOrder(config.queues)) {
    const attributes: Record<string, string> = { ...queue.attributes };
    if (queue.deadLetter) {
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: arns.get(queue.deadLetter.queue),
        maxReceiveCount: queue.deadLetter.maxReceiveCount,
      });
    }
    try {
      const { QueueUrl } = await emulator.createQueue({
        QueueName: queue.name,
        Attributes: attributes,
        tags: Object.keys(queue.tags).length > 0 ? { ...queue.tags } : undefined,
      });
      const url = QueueUrl as string;
      const { Attributes } = await emulator.getQueueAttributes({
        QueueUrl: url,
        AttributeNames: ['QueueArn'],
      });
      arns.set(queue.name, Attributes?.QueueArn as string);
      urls.push(url);
    } catch (e) {
      if (isSqsError(e)) {
        throw new QueueConfigError(`queue "${queue.name}": ${e.Code}: ${e.message}`);
      }
      throw e;
    }
  }
  return urls;
}
