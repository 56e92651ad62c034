import type { ListMessageMoveTasksResultEntry } from '@aws-sdk/client-sqs';
import type { ConformanceTarget, TargetFactory } from '../conformance-target';
import {
  advance,
  bodies,
  createQueue,
  messageCounts,
  receive,
  s,
  send,
  str,
  uniqueQueueName,
  type QueueRef,
} from '../../support/conformance/queue-fixtures';
import {
  ANY_MESSAGE,
  expectSqsError,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

/** Sends `n` messages (bodies m0…) to `source` and receives them until all moved to `dlq`. */
async function fillDlq(
  t: ConformanceTarget,
  source: QueueRef,
  dlq: QueueRef,
  n: number,
): Promise<void> {
  const before = (await messageCounts(t, dlq.url)).visible;
  for (let i = 0; i < n; i++) {
    await send(t, source.url, `m${i}`, { MessageAttributes: { i: str(String(i), 'Number') } });
  }
  for (let round = 0; round < 4 * n + 4; round++) {
    if ((await messageCounts(t, dlq.url)).visible >= before + n) break;
    await receive(t, source.url, { MaxNumberOfMessages: 10 });
  }
  expect((await messageCounts(t, dlq.url)).visible).toBe(before + n);
}

/** A source queue (VisibilityTimeout 0, maxReceiveCount 1) and its DLQ holding `n` messages. */
async function filledDlq(
  t: ConformanceTarget,
  n: number,
): Promise<{ source: QueueRef; dlq: QueueRef }> {
  const dlq = await createQueue(t, { prefix: 'dlq' });
  const source = await createQueue(t, {
    prefix: 'src',
    attributes: {
      VisibilityTimeout: '0',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
    },
  });
  await fillDlq(t, source, dlq, n);
  return { source, dlq };
}

async function tasks(
  t: ConformanceTarget,
  sourceArn: string,
  maxResults?: number,
): Promise<ListMessageMoveTasksResultEntry[]> {
  const res = await t.sqs.listMessageMoveTasks({ SourceArn: sourceArn, MaxResults: maxResults });
  return res.Results ?? [];
}

async function drain(t: ConformanceTarget, url: string): Promise<string[]> {
  const got: string[] = [];
  for (let i = 0; i < 10; i++) {
    const batch = await receive(t, url, { MaxNumberOfMessages: 10, VisibilityTimeout: 60 });
    if (batch.length === 0) break;
    got.push(...bodies(batch).map((b) => b ?? ''));
  }
  return got.sort();
}

/** StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask (reference §1.9). */
export function moveTaskCases(factory: TargetFactory): void {
  describe('message move tasks', () => {
    const target = useTarget(factory);

    it('reports a running task with its handle, source, rate and messages to move', async () => {
      const { dlq } = await filledDlq(target(), 3);
      const startedAt = target().clock.now();
      const { TaskHandle } = await target().sqs.startMessageMoveTask({
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 1,
      });
      expect(TaskHandle).toEqual(expect.any(String));
      const [entry] = await tasks(target(), dlq.arn);
      expect(entry).toMatchObject({
        Status: 'RUNNING',
        TaskHandle,
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 1,
        ApproximateNumberOfMessagesToMove: 3,
        StartedTimestamp: startedAt,
      });
      expect(entry.DestinationArn).toBeUndefined();
    });

    it('moves the messages back to their source queue when no destination is given', async () => {
      const { source, dlq } = await filledDlq(target(), 3);
      await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn });
      await advance(target(), s(10));
      // Without the redrive policy the moved messages can be read back whatever their count.
      await target().sqs.setQueueAttributes({
        QueueUrl: source.url,
        Attributes: { RedrivePolicy: '' },
      });
      expect(await drain(target(), source.url)).toEqual(['m0', 'm1', 'm2']);
      expect((await messageCounts(target(), dlq.url)).visible).toBe(0);
    });

    // "A new messageID and enqueueTime are assigned to redriven messages" (SQS DLQ redrive guide).
    it('redrives messages as new messages: new id, receive count 0, retention restarted', async () => {
      const { source, dlq } = await filledDlq(target(), 1);
      const [before] = await target().emulator.peekMessages(dlq.url);
      await target().sqs.setQueueAttributes({
        QueueUrl: source.url,
        Attributes: { MessageRetentionPeriod: '120' },
      });
      await advance(target(), s(100));
      await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn });
      await advance(target(), s(1));
      const [moved] = await receive(target(), source.url, {
        MessageSystemAttributeNames: ['All'],
        VisibilityTimeout: 0,
      });
      expect(moved.Body).toBe('m0');
      expect(moved.MessageId).not.toBe(before.messageId);
      expect(moved.Attributes?.ApproximateReceiveCount).toBe('1');
      expect(moved.Attributes?.DeadLetterQueueSourceArn).toBeUndefined();
      // 100 s after the original send the redriven copy still has most of its 120 s to live.
      await advance(target(), s(60));
      expect((await messageCounts(target(), source.url)).visible).toBe(1);
    });

    it('counts messages whose visibility ran out when the task starts', async () => {
      const { dlq } = await filledDlq(target(), 3);
      await receive(target(), dlq.url, { MaxNumberOfMessages: 2, VisibilityTimeout: 5 });
      await advance(target(), s(6));
      await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn });
      const [entry] = await tasks(target(), dlq.arn);
      expect(entry.ApproximateNumberOfMessagesToMove).toBe(3);
    });

    it('moves every message of a large DLQ at the rate, across many steps', async () => {
      const { source, dlq } = await filledDlq(target(), 30);
      await target().sqs.startMessageMoveTask({
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 7,
      });
      await advance(target(), s(10));
      expect((await messageCounts(target(), dlq.url)).visible).toBe(0);
      expect((await messageCounts(target(), source.url)).visible).toBe(30);
      const [entry] = await tasks(target(), dlq.arn);
      expect(entry).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 30 });
    });

    it('refuses a destination of the other queue type', async () => {
      const { dlq } = await filledDlq(target(), 1);
      const fifo = await createQueue(target(), { fifo: true });
      await expectSqsError(
        target().sqs.startMessageMoveTask({ SourceArn: dlq.arn, DestinationArn: fifo.arn }),
        SqsCode.InvalidParameterValue,
        ANY_MESSAGE,
      );
    });

    it('reports a finished task as COMPLETED, without a TaskHandle', async () => {
      const { dlq } = await filledDlq(target(), 2);
      await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn });
      await advance(target(), s(10));
      const [entry] = await tasks(target(), dlq.arn);
      expect(entry).toMatchObject({
        Status: 'COMPLETED',
        SourceArn: dlq.arn,
        ApproximateNumberOfMessagesMoved: 2,
        ApproximateNumberOfMessagesToMove: 2,
      });
      expect(entry.TaskHandle).toBeUndefined();
    });

    it('moves no faster than MaxNumberOfMessagesPerSecond', async () => {
      const { source, dlq } = await filledDlq(target(), 5);
      await target().sqs.startMessageMoveTask({
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 1,
      });
      await advance(target(), s(1));
      const early = (await tasks(target(), dlq.arn))[0].ApproximateNumberOfMessagesMoved ?? 0;
      expect(early).toBeGreaterThanOrEqual(1);
      expect(early).toBeLessThanOrEqual(2);
      await advance(target(), s(10));
      expect((await tasks(target(), dlq.arn))[0]).toMatchObject({
        Status: 'COMPLETED',
        ApproximateNumberOfMessagesMoved: 5,
      });
      expect((await messageCounts(target(), source.url)).visible).toBe(5);
    });

    it('moves the messages to DestinationArn when given, keeping body and attributes', async () => {
      const { source, dlq } = await filledDlq(target(), 2);
      const dest = await createQueue(target(), { prefix: 'dest' });
      await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn, DestinationArn: dest.arn });
      await advance(target(), s(10));
      const got = await receive(target(), dest.url, {
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      });
      expect(bodies(got).sort()).toEqual(['m0', 'm1']);
      expect(got.every((m) => m.MessageAttributes?.i?.DataType === 'Number')).toBe(true);
      expect((await messageCounts(target(), source.url)).visible).toBe(0);
      expect((await tasks(target(), dlq.arn))[0].DestinationArn).toBe(dest.arn);
    });

    it('stops a cancelled task and leaves the rest in the DLQ', async () => {
      const { source, dlq } = await filledDlq(target(), 10);
      const { TaskHandle } = await target().sqs.startMessageMoveTask({
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 1,
      });
      await advance(target(), s(2));
      const res = await target().sqs.cancelMessageMoveTask({ TaskHandle });
      expect(res.ApproximateNumberOfMessagesMoved).toEqual(expect.any(Number));
      await advance(target(), s(30));
      const [entry] = await tasks(target(), dlq.arn);
      expect(entry.Status).toBe('CANCELLED');
      const moved = (await messageCounts(target(), source.url)).visible;
      const left = (await messageCounts(target(), dlq.url)).visible;
      expect(moved).toBeLessThan(10);
      expect(moved + left).toBe(10);
    });

    it('lists the most recent task first, one by default', async () => {
      const { source, dlq } = await filledDlq(target(), 1);
      await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn });
      await advance(target(), s(10));
      await target().sqs.purgeQueue({ QueueUrl: source.url });
      await fillDlq(target(), source, dlq, 3);
      const second = await target().sqs.startMessageMoveTask({
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 1,
      });
      const one = await tasks(target(), dlq.arn);
      expect(one).toHaveLength(1);
      expect(one[0].TaskHandle).toBe(second.TaskHandle);
      const all = await tasks(target(), dlq.arn, 10);
      expect(all.map((e) => e.Status)).toEqual(['RUNNING', 'COMPLETED']);
    });

    it('allows only one active task per source, with the AWS text', async () => {
      const { dlq } = await filledDlq(target(), 3);
      await target().sqs.startMessageMoveTask({
        SourceArn: dlq.arn,
        MaxNumberOfMessagesPerSecond: 1,
      });
      await expectSqsError(
        target().sqs.startMessageMoveTask({ SourceArn: dlq.arn }),
        SqsCode.InvalidParameterValue,
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    });

    it("requires the source to be some queue's DLQ", async () => {
      const q = await createQueue(target());
      await expectSqsError(
        target().sqs.startMessageMoveTask({ SourceArn: q.arn }),
        SqsCode.InvalidParameterValue,
        'Source queue must be configured as a Dead Letter Queue.',
      );
    });

    it('fails with ResourceNotFoundException for an unknown source', async () => {
      const q = await createQueue(target());
      await expectSqsError(
        target().sqs.startMessageMoveTask({
          SourceArn: q.arn.replace(/[^:]+$/, uniqueQueueName('ghost')),
        }),
        SqsCode.ResourceNotFoundException,
        "The resource that you specified for the SourceArn parameter doesn't exist.",
      );
    });

    it('fails with ResourceNotFoundException for an unknown destination', async () => {
      const { dlq } = await filledDlq(target(), 1);
      await expectSqsError(
        target().sqs.startMessageMoveTask({
          SourceArn: dlq.arn,
          DestinationArn: dlq.arn.replace(/[^:]+$/, uniqueQueueName('ghost')),
        }),
        SqsCode.ResourceNotFoundException,
        "The resource that you specified for the DestinationArn parameter doesn't exist.",
      );
    });

    it('rejects MaxNumberOfMessagesPerSecond above 500', async () => {
      const { dlq } = await filledDlq(target(), 1);
      await expectSqsError(
        target().sqs.startMessageMoveTask({
          SourceArn: dlq.arn,
          MaxNumberOfMessagesPerSecond: 501,
        }),
        SqsCode.InvalidParameterValue,
        ANY_MESSAGE,
      );
    });

    it('rejects a malformed TaskHandle on cancel, with the AWS text', async () => {
      await expectSqsError(
        target().sqs.cancelMessageMoveTask({ TaskHandle: 'not-a-handle' }),
        SqsCode.InvalidParameterValue,
        'Value for parameter TaskHandle is invalid.',
      );
    });

    it('refuses to cancel a task that has completed', async () => {
      const { dlq } = await filledDlq(target(), 1);
      const { TaskHandle } = await target().sqs.startMessageMoveTask({ SourceArn: dlq.arn });
      await advance(target(), s(10));
      await expect(target().sqs.cancelMessageMoveTask({ TaskHandle })).rejects.toBeDefined();
    });

    it('fails ListMessageMoveTasks for an unknown source with ResourceNotFoundException', async () => {
      const q = await createQueue(target());
      await expectSqsError(
        target().sqs.listMessageMoveTasks({
          SourceArn: q.arn.replace(/[^:]+$/, uniqueQueueName('ghost')),
        }),
        SqsCode.ResourceNotFoundException,
        "The resource that you specified for the SourceArn parameter doesn't exist.",
      );
    });
  });
}
