import type { SqsEmulator } from '../../emulator/sqs-emulator';
import type { DashboardActivity } from '../dashboard-source.interface';

/**
 * Sends and deletes from the emulator's events, by physical queue name. A dead-lettered message
 * counts as sent to the dead-letter queue, which is how it arrives there.
 */
export function emulatorActivity(
  emulator: SqsEmulator,
  listener: (queueName: string, activity: DashboardActivity) => void,
): () => void {
  return emulator.events.on((event) => {
    if (event.type === 'sent') listener(event.queueName, 'sent');
    else if (event.type === 'deleted') listener(event.queueName, 'deleted');
    else if (event.type === 'deadLettered') listener(event.deadLetterQueueName, 'sent');
  });
}
