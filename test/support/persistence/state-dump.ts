import type { SqsEmulator } from '../../../src/emulator';

/**
 * Everything a client or operator can observe of an emulator, without changing it: every queue
 * with all its attributes, tags, move tasks (as ListMessageMoveTasks shows them) and every message
 * with its state, counts, deadlines and attributes (the inspection API's peek). Two emulators
 * with equal dumps answer every read alike.
 */
export async function dumpState(emulator: SqsEmulator): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const queue of emulator.inspectQueues()) {
    const QueueUrl = queue.url;
    const { Attributes } = await emulator.getQueueAttributes({
      QueueUrl,
      AttributeNames: ['All'],
    });
    const { Tags } = await emulator.listQueueTags({ QueueUrl });
    const { Results } = await emulator.listMessageMoveTasks({
      SourceArn: queue.arn,
      MaxResults: 10,
    });
    out.push({
      queue,
      Attributes,
      Tags,
      tasks: Results,
      messages: emulator.peekMessages(queue.name, { limit: Number.MAX_SAFE_INTEGER }),
    });
  }
  return out;
}
