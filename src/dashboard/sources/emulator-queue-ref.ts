import type { QueueSummary } from '../../emulator/inspection';
import type { DashboardQueueRef } from '../dashboard-source.interface';

/** A queue of the emulator as the dashboard shows it, under `id` (default: its name). */
export function emulatorQueueRef(q: QueueSummary, id: string = q.name): DashboardQueueRef {
  return {
    id,
    name: q.name,
    url: q.url,
    arn: q.arn,
    fifo: q.fifo,
    ...(q.deadLetterTargetArn !== undefined
      ? { deadLetterTargetArn: q.deadLetterTargetArn, maxReceiveCount: q.maxReceiveCount }
      : {}),
  };
}
