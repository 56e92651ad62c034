import { isSqsError } from '../emulator/errors/sqs-error';
import type { SqsEmulator } from '../emulator/sqs-emulator';
import type { EmulatorRequestContext } from '../emulator/sqs-emulator-options.interface';
import { creationOrder, type EmulatorConfig, QueueConfigError } from './queue-config';

/** What applying the config did to one queue. */
export interface AppliedQueue {
  readonly url: string;
  /**
   * `created`; `kept`: it was already there (restored from the data directory), messages and all;
   * `updated`: kept, with the attributes or tags the config declares set on it.
   */
  readonly outcome: 'created' | 'kept' | 'updated';
}

/**
 * Creates the configured queues in the emulator, dead-letter queues first, each with its
 * attributes, tags and redrive policy. A queue that already exists (restored from a data
 * directory) is never re-created: it keeps its messages, and gets the declared attributes and
 * tags that differ (SetQueueAttributes, TagQueue), so the file stays the source of its settings.
 * An SQS error (a bad attribute, a bad name) becomes a {@link QueueConfigError} naming the queue.
 * Returns each queue's URL (under `ctx.baseUrl` if given) and outcome, in creation order.
 */
export async function applyQueueConfig(
  emulator: SqsEmulator,
  config: EmulatorConfig,
  ctx?: EmulatorRequestContext,
): Promise<AppliedQueue[]> {
  const arns = new Map<string, string>();
  const applied: AppliedQueue[] = [];
  for (const queue of creationOrder(config.queues)) {
    const attributes: Record<string, string> = { ...queue.attributes };
    if (queue.deadLetter) {
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: arns.get(queue.deadLetter.queue),
        maxReceiveCount: queue.deadLetter.maxReceiveCount,
      });
    }
    const tags = Object.keys(queue.tags).length > 0 ? { ...queue.tags } : undefined;
    try {
      const existing = emulator.queueUrlOf(queue.name);
      let outcome: AppliedQueue['outcome'] = 'created';
      let url: string;
      if (existing === undefined) {
        url = (
          await emulator.createQueue({ QueueName: queue.name, Attributes: attributes, tags }, ctx)
        ).QueueUrl as string;
      } else {
        const { QueueUrl } = await emulator.getQueueUrl({ QueueName: queue.name }, ctx);
        url = QueueUrl as string;
        outcome = (await updateExisting(emulator, url, attributes, tags)) ? 'updated' : 'kept';
      }
      const { Attributes } = await emulator.getQueueAttributes({
        QueueUrl: url,
        AttributeNames: ['QueueArn'],
      });
      arns.set(queue.name, Attributes?.QueueArn as string);
      applied.push({ url, outcome });
    } catch (e) {
      if (isSqsError(e)) {
        throw new QueueConfigError(`queue "${queue.name}": ${e.Code}: ${e.message}`);
      }
      throw e;
    }
  }
  return applied;
}

/** Sets the declared attributes and tags that differ on an existing queue; whether any did. */
async function updateExisting(
  emulator: SqsEmulator,
  url: string,
  attributes: Record<string, string>,
  tags: Record<string, string> | undefined,
): Promise<boolean> {
  const { Attributes } = await emulator.getQueueAttributes({
    QueueUrl: url,
    AttributeNames: ['All'],
  });
  const current: Record<string, string | undefined> = Attributes ?? {};
  const changed: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!sameAttribute(name, current[name], value)) changed[name] = value;
  }
  let updated = false;
  if (Object.keys(changed).length > 0) {
    await emulator.setQueueAttributes({ QueueUrl: url, Attributes: changed });
    updated = true;
  }
  if (tags) {
    const { Tags: currentTags = {} } = await emulator.listQueueTags({ QueueUrl: url });
    if (Object.entries(tags).some(([k, v]) => currentTags[k] !== v)) {
      await emulator.tagQueue({ QueueUrl: url, Tags: tags });
      updated = true;
    }
  }
  return updated;
}

/** Whether a stored attribute already has the declared value (numbers and booleans as SQS spells them). */
function sameAttribute(name: string, current: string | undefined, declared: string): boolean {
  if (current === undefined) return false;
  if (name === 'RedrivePolicy' || name === 'RedriveAllowPolicy' || name === 'Policy') {
    try {
      return JSON.stringify(JSON.parse(current)) === JSON.stringify(JSON.parse(declared));
    } catch {
      return current === declared;
    }
  }
  const trimmed = declared.trim();
  if (/^\d+$/.test(trimmed)) return current === String(Number(trimmed));
  return current.toLowerCase() === declared.toLowerCase();
}
