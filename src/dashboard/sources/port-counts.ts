import type { SqsPort } from '../../port/sqs-port.interface';
import type { DashboardQueueRef } from '../dashboard-source.interface';
import type { DashboardQueueCounts } from '../dashboard-views.interface';

const COUNT_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/** SQS's approximate counts, one GetQueueAttributes per queue (on its own port), in parallel. */
export async function portCounts(
  port: SqsPort,
  queues: readonly DashboardQueueRef[],
): Promise<Map<string, DashboardQueueCounts | Error>> {
  const results = await Promise.all(
    queues.map(async (ref): Promise<DashboardQueueCounts | Error> => {
      try {
        const { Attributes = {} } = await (ref.port ?? port).getQueueAttributes({
          QueueUrl: ref.url,
          AttributeNames: [...COUNT_ATTRIBUTES],
        });
        return {
          visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
          inflight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
          delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
        };
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    }),
  );
  return new Map(queues.map((ref, i) => [ref.id, results[i]]));
}
