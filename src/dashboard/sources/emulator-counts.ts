import type { SqsEmulator } from '../../emulator/sqs-emulator';
import type { DashboardQueueRef } from '../dashboard-source.interface';
import type { DashboardQueueCounts } from '../dashboard-views.interface';
import { notFound } from '../dashboard.error';

/** Exact counts from the in-process emulator, all queues in one pass. */
export function emulatorCounts(
  emulator: SqsEmulator,
  queues: readonly DashboardQueueRef[],
): Map<string, DashboardQueueCounts | Error> {
  const byName = new Map(emulator.inspectQueues().map((q) => [q.name, q]));
  const out = new Map<string, DashboardQueueCounts | Error>();
  for (const ref of queues) {
    const summary = byName.get(ref.name);
    out.set(
      ref.id,
      summary
        ? { visible: summary.visible, inflight: summary.inflight, delayed: summary.delayed }
        : notFound('QueueDoesNotExist', `Queue ${ref.name} does not exist.`),
    );
  }
  return out;
}
