import type { ConformanceTarget, TargetFactory } from '../conformance-target';
import {
  advance,
  bodies,
  createQueue,
  messageCounts,
  queueAttribute,
  receive,
  receiveOne,
  s,
  send,
  sendFifo,
  str,
  uniqueQueueName,
  type QueueRef,
} from '../../support/conformance/queue-fixtures';
import {
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

const REDRIVE_INVALID = /^Value .+ for parameter RedrivePolicy is invalid\. Reason: .+/s;
const REDRIVE_COUNT_INVALID =
  /^Value .+ for parameter RedrivePolicy is invalid\. Reason: .*maxReceiveCount/s;
const ALLOW_POLICY_INVALID = /^Invalid value for the parameter RedriveAllowPolicy\./;

function redrivePolicy(dlq: QueueRef, maxReceiveCount: number | string): string {
  return JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount });
}

/** A source queue whose RedrivePolicy points at a fresh DLQ of the same type. */
async function sourceWithDlq(
  t: ConformanceTarget,
  opts: {
    fifo?: boolean;
    maxReceiveCount?: number;
    source?: Record<string, string>;
    dlq?: Record<string, string>;
  } = {},
): Promise<{ source: QueueRef; dlq: QueueRef }> {
  const dlq = await createQueue(t, { fifo: opts.fifo, prefix: 'dlq', attributes: opts.dlq });
  const source = await createQueue(t, {
    fifo: opts.fifo,
    prefix: 'src',
    attributes: { ...opts.source, RedrivePolicy: redrivePolicy(dlq, opts.maxReceiveCount ?? 1) },
  });
  return { source, dlq };
}

/** Dead-letter queues: the move at receive time, redrive policies, ListDeadLetterSourceQueues (§1.9). */
export function deadLetterCases(factory: TargetFactory): void {
  describe('dead-letter queues', () => {
    const target = useTarget(factory);

    describe('moving messages', () => {
      it('moves a message on the receive after maxReceiveCount=1 (AWS-recorded sequence)', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          source: { VisibilityTimeout: '0' },
        });
        await send(target(), source.url, 'poison');
        expect(bodies(await receive(target(), source.url))).toEqual(['poison']);
        expect(await receive(target(), source.url)).toEqual([]);
        expect(bodies(await receive(target(), dlq.url))).toEqual(['poison']);
      });

      it('delivers the message maxReceiveCount times before moving it', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          maxReceiveCount: 3,
          source: { VisibilityTimeout: '0' },
        });
        await send(target(), source.url, 'poison');
        for (let i = 0; i < 3; i++) expect(await receive(target(), source.url)).toHaveLength(1);
        expect(await receive(target(), source.url)).toEqual([]);
        expect((await messageCounts(target(), dlq.url)).visible).toBe(1);
      });

      it('does not move a message when its visibility merely expires', async () => {
        const { source, dlq } = await sourceWithDlq(target());
        await send(target(), source.url, 'poison');
        await receiveOne(target(), source.url);
        await advance(target(), s(31));
        expect((await messageCounts(target(), dlq.url)).visible).toBe(0);
        expect((await messageCounts(target(), source.url)).visible).toBe(1);
        expect(await receive(target(), source.url)).toEqual([]);
        expect((await messageCounts(target(), dlq.url)).visible).toBe(1);
      });

      it('keeps MessageId, body and message attributes in the DLQ', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          source: { VisibilityTimeout: '0' },
        });
        const sent = await send(target(), source.url, 'poison', {
          MessageAttributes: { k: str('x') },
        });
        await receive(target(), source.url);
        await receive(target(), source.url);
        const m = await receiveOne(target(), dlq.url, { MessageAttributeNames: ['All'] });
        expect(m.MessageId).toBe(sent.MessageId);
        expect(m.Body).toBe('poison');
        expect(m.MessageAttributes).toEqual({ k: str('x') });
        expect(m.MD5OfMessageAttributes).toBe('a45daa70926828a2f0a1db3418e6feb4');
      });

      it('carries DeadLetterQueueSourceArn and the receive count from the source', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          source: { VisibilityTimeout: '0' },
        });
        await send(target(), source.url, 'poison');
        await receive(target(), source.url);
        await receive(target(), source.url);
        const m = await receiveOne(target(), dlq.url, { MessageSystemAttributeNames: ['All'] });
        expect(m.Attributes?.DeadLetterQueueSourceArn).toBe(source.arn);
        expect(Number(m.Attributes?.ApproximateReceiveCount)).toBeGreaterThan(1);
      });

      // "When a message is moved from a FIFO queue to a FIFO DLQ, the original message's
      // deduplication ID will be replaced with the original message's ID." (SQS DLQ guide)
      it('moves FIFO messages to a FIFO DLQ with their group, deduplicated by message id', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          fifo: true,
          source: { VisibilityTimeout: '0' },
        });
        await sendFifo(target(), source.url, 'poison', 'g1', 'd1');
        const [first] = await receive(target(), source.url);
        expect(await receive(target(), source.url)).toEqual([]);
        const m = await receiveOne(target(), dlq.url, { MessageSystemAttributeNames: ['All'] });
        expect(m.Body).toBe('poison');
        expect(m.Attributes).toMatchObject({
          MessageGroupId: 'g1',
          MessageDeduplicationId: first.MessageId,
        });
      });

      it('keeps the original send time for retention in a standard DLQ', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          source: { VisibilityTimeout: '0' },
          dlq: { MessageRetentionPeriod: '120' },
        });
        await send(target(), source.url, 'old');
        await advance(target(), s(100));
        await receive(target(), source.url);
        await receive(target(), source.url);
        await advance(target(), s(21));
        expect(await receive(target(), dlq.url)).toEqual([]);
      });

      it('restarts retention at the move in a FIFO DLQ', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          fifo: true,
          source: { VisibilityTimeout: '0' },
          dlq: { MessageRetentionPeriod: '120' },
        });
        await sendFifo(target(), source.url, 'old', 'g');
        await advance(target(), s(100));
        await receive(target(), source.url);
        await receive(target(), source.url);
        await advance(target(), s(21));
        expect(bodies(await receive(target(), dlq.url, { VisibilityTimeout: 0 }))).toEqual(['old']);
        await advance(target(), s(100));
        expect(await receive(target(), dlq.url)).toEqual([]);
      });
    });

    describe('RedrivePolicy', () => {
      it('is returned as JSON naming the target and the count', async () => {
        const { source, dlq } = await sourceWithDlq(target(), { maxReceiveCount: 5 });
        const policy = JSON.parse(
          (await queueAttribute(target(), source.url, 'RedrivePolicy')) ?? '{}',
        );
        expect(policy.deadLetterTargetArn).toBe(dlq.arn);
        expect(Number(policy.maxReceiveCount)).toBe(5);
      });

      it('is removed by setting it to the empty string', async () => {
        const { source, dlq } = await sourceWithDlq(target(), {
          source: { VisibilityTimeout: '0' },
        });
        await target().sqs.setQueueAttributes({
          QueueUrl: source.url,
          Attributes: { RedrivePolicy: '' },
        });
        expect(await queueAttribute(target(), source.url, 'RedrivePolicy')).toBeUndefined();
        await send(target(), source.url, 'stays');
        await receive(target(), source.url);
        expect(bodies(await receive(target(), source.url))).toEqual(['stays']);
        expect((await messageCounts(target(), dlq.url)).visible).toBe(0);
      });

      it('rejects a malformed target ARN with the AWS text', async () => {
        const q = await createQueue(target());
        const value = '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}';
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: { RedrivePolicy: value },
          }),
          SqsCode.InvalidParameterValue,
          `Value ${value} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`,
        );
      });

      it('rejects a target queue that does not exist', async () => {
        const q = await createQueue(target());
        const arn = q.arn.replace(/[^:]+$/, uniqueQueueName('ghost'));
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: {
              RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 3 }),
            },
          }),
          SqsCode.InvalidParameterValue,
          REDRIVE_INVALID,
        );
      });

      it.each([[0], [1001]])('rejects maxReceiveCount %d', async (count) => {
        const dlq = await createQueue(target());
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: { RedrivePolicy: redrivePolicy(dlq, count) },
          }),
          SqsCode.InvalidParameterValue,
          REDRIVE_COUNT_INVALID,
        );
      });

      it('accepts maxReceiveCount 1000', async () => {
        const { source } = await sourceWithDlq(target(), { maxReceiveCount: 1000 });
        expect(await queueAttribute(target(), source.url, 'RedrivePolicy')).toBeDefined();
      });

      it('rejects a FIFO DLQ for a standard queue', async () => {
        const dlq = await createQueue(target(), { fifo: true });
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: { RedrivePolicy: redrivePolicy(dlq, 3) },
          }),
          SqsCode.InvalidParameterValue,
          REDRIVE_INVALID,
        );
      });

      it('rejects a standard DLQ for a FIFO queue', async () => {
        const dlq = await createQueue(target());
        const q = await createQueue(target(), { fifo: true });
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: { RedrivePolicy: redrivePolicy(dlq, 3) },
          }),
          SqsCode.InvalidParameterValue,
          REDRIVE_INVALID,
        );
      });

      it('is validated on CreateQueue too', async () => {
        const value = '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}';
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName(),
            Attributes: { RedrivePolicy: value },
          }),
          SqsCode.InvalidParameterValue,
          `Value ${value} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`,
        );
      });
    });

    describe('RedriveAllowPolicy', () => {
      async function useAsDlq(dlq: QueueRef): Promise<void> {
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { RedrivePolicy: redrivePolicy(dlq, 3) },
        });
      }

      it('is stored and returned', async () => {
        const dlq = await createQueue(target());
        const policy = { redrivePermission: 'denyAll' };
        await target().sqs.setQueueAttributes({
          QueueUrl: dlq.url,
          Attributes: { RedriveAllowPolicy: JSON.stringify(policy) },
        });
        expect(
          JSON.parse((await queueAttribute(target(), dlq.url, 'RedriveAllowPolicy')) ?? '{}'),
        ).toEqual(policy);
      });

      it('with denyAll refuses every source', async () => {
        const dlq = await createQueue(target(), {
          attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'denyAll' }) },
        });
        await expectSqsError(useAsDlq(dlq), SqsCode.InvalidParameterValue, REDRIVE_INVALID);
      });

      it('with byQueue admits a listed source', async () => {
        const dlq = await createQueue(target());
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: dlq.url,
          Attributes: {
            RedriveAllowPolicy: JSON.stringify({
              redrivePermission: 'byQueue',
              sourceQueueArns: [q.arn],
            }),
          },
        });
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { RedrivePolicy: redrivePolicy(dlq, 3) },
        });
        expect(await queueAttribute(target(), q.url, 'RedrivePolicy')).toBeDefined();
      });

      it('with byQueue refuses a source that is not listed', async () => {
        const other = await createQueue(target());
        const dlq = await createQueue(target(), {
          attributes: {
            RedriveAllowPolicy: JSON.stringify({
              redrivePermission: 'byQueue',
              sourceQueueArns: [other.arn],
            }),
          },
        });
        await expectSqsError(useAsDlq(dlq), SqsCode.InvalidParameterValue, REDRIVE_INVALID);
      });

      it.each([
        ['an unknown redrivePermission', { redrivePermission: 'sometimes' }],
        ['byQueue without sourceQueueArns', { redrivePermission: 'byQueue' }],
        [
          'denyAll with sourceQueueArns',
          {
            redrivePermission: 'denyAll',
            sourceQueueArns: ['arn:aws:sqs:us-east-1:000000000000:x'],
          },
        ],
        [
          'byQueue with 11 source queues',
          {
            redrivePermission: 'byQueue',
            sourceQueueArns: Array.from(
              { length: 11 },
              (_, i) => `arn:aws:sqs:us-east-1:000000000000:s${i}`,
            ),
          },
        ],
      ])('rejects %s', async (_label, policy) => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: { RedriveAllowPolicy: JSON.stringify(policy) },
          }),
          SqsCode.InvalidAttributeValue,
          ALLOW_POLICY_INVALID,
        );
      });
    });

    describe('ListDeadLetterSourceQueues', () => {
      it('lists the queues that use the queue as their DLQ', async () => {
        const dlq = await createQueue(target());
        const a = await createQueue(target(), {
          attributes: { RedrivePolicy: redrivePolicy(dlq, 2) },
        });
        const b = await createQueue(target(), {
          attributes: { RedrivePolicy: redrivePolicy(dlq, 2) },
        });
        await createQueue(target());
        const res = await target().sqs.listDeadLetterSourceQueues({ QueueUrl: dlq.url });
        expect([...(res.queueUrls ?? [])].sort()).toEqual([a.url, b.url].sort());
      });

      it("returns an empty list for a queue that is nobody's DLQ", async () => {
        const q = await createQueue(target());
        const res = await target().sqs.listDeadLetterSourceQueues({ QueueUrl: q.url });
        expect(res.queueUrls ?? []).toEqual([]);
      });

      it('pages with MaxResults and NextToken', async () => {
        const dlq = await createQueue(target());
        const sources: string[] = [];
        for (let i = 0; i < 3; i++) {
          sources.push(
            (await createQueue(target(), { attributes: { RedrivePolicy: redrivePolicy(dlq, 2) } }))
              .url,
          );
        }
        const first = await target().sqs.listDeadLetterSourceQueues({
          QueueUrl: dlq.url,
          MaxResults: 2,
        });
        expect(first.queueUrls).toHaveLength(2);
        expect(typeof first.NextToken).toBe('string');
        const second = await target().sqs.listDeadLetterSourceQueues({
          QueueUrl: dlq.url,
          MaxResults: 2,
          NextToken: first.NextToken,
        });
        expect(second.NextToken).toBeUndefined();
        expect([...(first.queueUrls ?? []), ...(second.queueUrls ?? [])].sort()).toEqual(
          sources.sort(),
        );
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.listDeadLetterSourceQueues({ QueueUrl: q.url }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });
  });
}
