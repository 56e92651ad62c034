import type { QueueAttributeName } from '@aws-sdk/client-sqs';
import type { TargetFactory } from '../conformance-target';
import {
  accountOf,
  advance,
  createQueue,
  messageCounts,
  queueAttribute,
  rawAttributes,
  receive,
  s,
  send,
  uniqueQueueName,
} from '../../support/conformance/queue-fixtures';
import {
  ANY_MESSAGE,
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

/** The exact "All" key set of a fresh standard queue [AWS-rec], reference §1.2. */
const STANDARD_ALL_KEYS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'DelaySeconds',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
];

const FIFO_ALL_KEYS = [
  ...STANDARD_ALL_KEYS,
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoQueue',
  'FifoThroughputLimit',
];

/** [attribute, out-of-range value] pairs (reference §1.2 ranges). */
const OUT_OF_RANGE: [string, string][] = [
  ['VisibilityTimeout', '-1'],
  ['VisibilityTimeout', '43201'],
  ['MessageRetentionPeriod', '59'],
  ['MessageRetentionPeriod', '1209601'],
  ['DelaySeconds', '901'],
  ['MaximumMessageSize', '1023'],
  ['MaximumMessageSize', '1048577'],
  ['ReceiveMessageWaitTimeSeconds', '21'],
  ['KmsDataKeyReusePeriodSeconds', '59'],
  ['KmsDataKeyReusePeriodSeconds', '86401'],
  ['DelaySeconds', 'soon'],
];

/** A few of those, checked on CreateQueue as well (the same validation applies). */
const CREATE_OUT_OF_RANGE: [string, string][] = [
  ['VisibilityTimeout', '43201'],
  ['MessageRetentionPeriod', '59'],
  ['MaximumMessageSize', '1048577'],
];

/** [attribute, boundary value] pairs that must be accepted. */
const BOUNDARIES: [string, string][] = [
  ['VisibilityTimeout', '0'],
  ['VisibilityTimeout', '43200'],
  ['MessageRetentionPeriod', '60'],
  ['MessageRetentionPeriod', '1209600'],
  ['DelaySeconds', '900'],
  ['MaximumMessageSize', '1024'],
  ['MaximumMessageSize', '1048576'],
  ['ReceiveMessageWaitTimeSeconds', '20'],
];

/** GetQueueAttributes and SetQueueAttributes (reference §1.1, §1.2). */
export function attributeCases(factory: TargetFactory): void {
  describe('queue attributes', () => {
    const target = useTarget(factory);

    describe('defaults', () => {
      it('returns exactly the documented key set for All on a fresh standard queue', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['All'],
        });
        expect(Object.keys(res.Attributes ?? {}).sort()).toEqual([...STANDARD_ALL_KEYS].sort());
      });

      it('returns the documented default values, with MaximumMessageSize 1 MiB', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['All'],
        });
        expect(res.Attributes).toMatchObject({
          ApproximateNumberOfMessages: '0',
          ApproximateNumberOfMessagesDelayed: '0',
          ApproximateNumberOfMessagesNotVisible: '0',
          DelaySeconds: '0',
          MaximumMessageSize: '1048576',
          MessageRetentionPeriod: '345600',
          ReceiveMessageWaitTimeSeconds: '0',
          SqsManagedSseEnabled: 'true',
          VisibilityTimeout: '30',
        });
      });

      it('returns exactly the standard keys plus the four FIFO keys on a fresh FIFO queue', async () => {
        const q = await createQueue(target(), { fifo: true });
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['All'],
        });
        expect(Object.keys(res.Attributes ?? {}).sort()).toEqual([...FIFO_ALL_KEYS].sort());
        expect(res.Attributes).toMatchObject({
          FifoQueue: 'true',
          ContentBasedDeduplication: 'false',
          DeduplicationScope: 'queue',
          FifoThroughputLimit: 'perQueue',
        });
      });

      it('gives the ARN arn:aws:sqs:<region>:<account>:<name>, with the account of the URL', async () => {
        const q = await createQueue(target());
        expect(q.arn).toMatch(new RegExp(`^arn:aws:sqs:[a-z0-9-]+:${accountOf(q.url)}:${q.name}$`));
      });

      it('stamps CreatedTimestamp and LastModifiedTimestamp in epoch seconds', async () => {
        const before = Math.floor(target().clock.now() / 1000);
        const q = await createQueue(target());
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['CreatedTimestamp', 'LastModifiedTimestamp'],
        });
        expect(res.Attributes?.CreatedTimestamp).toBe(String(before));
        expect(res.Attributes?.LastModifiedTimestamp).toBe(String(before));
      });

      it('does not list RedriveAllowPolicy, Policy or the KMS attributes while unset', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['All'],
        });
        for (const key of ['RedrivePolicy', 'RedriveAllowPolicy', 'Policy', 'KmsMasterKeyId']) {
          expect(res.Attributes).not.toHaveProperty(key);
        }
      });
    });

    describe('encryption and FIFO throughput rules', () => {
      it('refuses KMS and SQS-managed encryption together, with the AWS text', async () => {
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName('sse'),
            Attributes: rawAttributes({ KmsMasterKeyId: 'alias/k', SqsManagedSseEnabled: 'true' }),
          }),
          SqsCode.InvalidAttributeName,
          'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
        );
      });

      it('turns SQS-managed encryption off when a KMS key is set later', async () => {
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: rawAttributes({ KmsMasterKeyId: 'alias/k' }),
        });
        expect(await queueAttribute(target(), q.url, 'SqsManagedSseEnabled')).toBe('false');
        expect(await queueAttribute(target(), q.url, 'KmsMasterKeyId')).toBe('alias/k');
      });

      it('refuses DeduplicationScope queue on a perMessageGroupId queue set earlier', async () => {
        const q = await createQueue(target(), {
          fifo: true,
          attributes: {
            DeduplicationScope: 'messageGroup',
            FifoThroughputLimit: 'perMessageGroupId',
          },
        });
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: rawAttributes({ DeduplicationScope: 'queue' }),
          }),
          SqsCode.InvalidAttributeValue,
          ANY_MESSAGE,
        );
      });
    });

    describe('GetQueueAttributes', () => {
      it('returns no attributes when no names are asked for', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.getQueueAttributes({ QueueUrl: q.url });
        expect(Object.keys(res.Attributes ?? {})).toEqual([]);
      });

      it('returns only the attributes asked for', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['VisibilityTimeout', 'DelaySeconds'],
        });
        expect(res.Attributes).toEqual({ VisibilityTimeout: '30', DelaySeconds: '0' });
      });

      it('rejects an unknown attribute name with InvalidAttributeName', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.getQueueAttributes({
            QueueUrl: q.url,
            AttributeNames: ['Colour' as QueueAttributeName],
          }),
          SqsCode.InvalidAttributeName,
          'Unknown Attribute Colour.',
        );
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.getQueueAttributes({ QueueUrl: q.url, AttributeNames: ['All'] }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });

      it('counts visible, in-flight and delayed messages', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'visible');
        await send(target(), q.url, 'inflight');
        await send(target(), q.url, 'delayed', { DelaySeconds: 60 });
        await receive(target(), q.url, { MaxNumberOfMessages: 1 });
        expect(await messageCounts(target(), q.url)).toEqual({
          visible: 1,
          inflight: 1,
          delayed: 1,
        });
      });
    });

    describe('SetQueueAttributes', () => {
      it('stores the values, returned as strings', async () => {
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: {
            VisibilityTimeout: '69',
            MaximumMessageSize: '2048',
            DelaySeconds: '420',
            ReceiveMessageWaitTimeSeconds: '10',
            MessageRetentionPeriod: '604800',
          },
        });
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['All'],
        });
        expect(res.Attributes).toMatchObject({
          VisibilityTimeout: '69',
          MaximumMessageSize: '2048',
          DelaySeconds: '420',
          ReceiveMessageWaitTimeSeconds: '10',
          MessageRetentionPeriod: '604800',
        });
      });

      it('moves LastModifiedTimestamp but not CreatedTimestamp', async () => {
        const q = await createQueue(target());
        const created = await queueAttribute(target(), q.url, 'CreatedTimestamp');
        await advance(target(), s(10));
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { DelaySeconds: '1' },
        });
        expect(await queueAttribute(target(), q.url, 'CreatedTimestamp')).toBe(created);
        expect(await queueAttribute(target(), q.url, 'LastModifiedTimestamp')).toBe(
          String(Math.floor(target().clock.now() / 1000)),
        );
      });

      it('can turn SqsManagedSseEnabled off', async () => {
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { SqsManagedSseEnabled: 'false' },
        });
        expect(await queueAttribute(target(), q.url, 'SqsManagedSseEnabled')).toBe('false');
      });

      it('lists KmsMasterKeyId under All once it is set', async () => {
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: 'false' },
        });
        const res = await target().sqs.getQueueAttributes({
          QueueUrl: q.url,
          AttributeNames: ['All'],
        });
        expect(res.Attributes?.KmsMasterKeyId).toBe('alias/aws/sqs');
      });

      it('stores a Policy document and returns it unchanged in meaning', async () => {
        const q = await createQueue(target());
        const policy = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: q.arn },
          ],
        };
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { Policy: JSON.stringify(policy) },
        });
        expect(JSON.parse((await queueAttribute(target(), q.url, 'Policy')) ?? '{}')).toEqual(
          policy,
        );
      });

      it.each(OUT_OF_RANGE)('rejects %s=%s with InvalidAttributeValue', async (name, value) => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: rawAttributes({ [name]: value }),
          }),
          SqsCode.InvalidAttributeValue,
          `Invalid value for the parameter ${name}.`,
        );
      });

      it.each(BOUNDARIES)('accepts the boundary %s=%s', async (name, value) => {
        const q = await createQueue(target());
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: rawAttributes({ [name]: value }),
        });
        expect(await queueAttribute(target(), q.url, name as QueueAttributeName)).toBe(value);
      });

      it.each(['QueueArn', 'ApproximateNumberOfMessages', 'CreatedTimestamp'])(
        'rejects the read-only attribute %s with InvalidAttributeName',
        async (name) => {
          const q = await createQueue(target());
          await expectSqsError(
            target().sqs.setQueueAttributes({
              QueueUrl: q.url,
              Attributes: rawAttributes({ [name]: '1' }),
            }),
            SqsCode.InvalidAttributeName,
            `Unknown Attribute ${name}.`,
          );
        },
      );

      // AWS-recorded (LocalStack test_set_unsupported_attribute_standard): a standard queue has
      // no FifoQueue attribute to set, whatever the value.
      it.each(['true', 'false'])(
        'rejects FifoQueue=%s on a standard queue as an unknown attribute',
        async (value) => {
          const q = await createQueue(target());
          await expectSqsError(
            target().sqs.setQueueAttributes({ QueueUrl: q.url, Attributes: { FifoQueue: value } }),
            SqsCode.InvalidAttributeName,
            'Unknown Attribute FifoQueue.',
          );
        },
      );

      // AWS-recorded (LocalStack test_set_unsupported_attribute_fifo): setting the value the
      // queue already has is accepted.
      it('accepts FifoQueue=true on a FIFO queue', async () => {
        const q = await createQueue(target(), { fifo: true });
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { FifoQueue: 'true' },
        });
        expect(await queueAttribute(target(), q.url, 'FifoQueue')).toBe('true');
      });

      it('rejects changing FifoQueue on a FIFO queue', async () => {
        const q = await createQueue(target(), { fifo: true });
        await expectSqsError(
          target().sqs.setQueueAttributes({ QueueUrl: q.url, Attributes: { FifoQueue: 'false' } }),
          SqsCode.InvalidAttributeValue,
          'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
        );
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.setQueueAttributes({ QueueUrl: q.url, Attributes: { DelaySeconds: '1' } }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });

    describe('validation on CreateQueue', () => {
      it.each(CREATE_OUT_OF_RANGE)(
        'rejects %s=%s with InvalidAttributeValue',
        async (name, value) => {
          await expectSqsError(
            target().sqs.createQueue({
              QueueName: uniqueQueueName(),
              Attributes: rawAttributes({ [name]: value }),
            }),
            SqsCode.InvalidAttributeValue,
            `Invalid value for the parameter ${name}.`,
          );
        },
      );

      it('rejects ContentBasedDeduplication on a standard queue', async () => {
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName(),
            Attributes: { ContentBasedDeduplication: 'true' },
          }),
          SqsCode.InvalidAttributeName,
          'Unknown Attribute ContentBasedDeduplication.',
        );
      });

      it.each(['DeduplicationScope', 'FifoThroughputLimit'])(
        'rejects %s on a standard queue',
        async (name) => {
          const value = name === 'DeduplicationScope' ? 'queue' : 'perQueue';
          await expectSqsError(
            target().sqs.createQueue({
              QueueName: uniqueQueueName(),
              Attributes: rawAttributes({ [name]: value }),
            }),
            SqsCode.InvalidAttributeName,
            `You can specify the ${name} only when FifoQueue is set to true.`,
          );
        },
      );

      it('rejects ContentBasedDeduplication set later on a standard queue', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.setQueueAttributes({
            QueueUrl: q.url,
            Attributes: { ContentBasedDeduplication: 'true' },
          }),
          SqsCode.InvalidAttributeName,
          'Unknown Attribute ContentBasedDeduplication.',
        );
      });

      it('rejects an unknown DeduplicationScope value', async () => {
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName('fifo', true),
            Attributes: { FifoQueue: 'true', DeduplicationScope: 'everything' },
          }),
          SqsCode.InvalidAttributeValue,
          ANY_MESSAGE,
        );
      });

      it('rejects FifoThroughputLimit perMessageGroupId with DeduplicationScope queue', async () => {
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName('fifo', true),
            Attributes: {
              FifoQueue: 'true',
              DeduplicationScope: 'queue',
              FifoThroughputLimit: 'perMessageGroupId',
            },
          }),
          SqsCode.InvalidAttributeValue,
          ANY_MESSAGE,
        );
      });

      it('accepts the high-throughput FIFO settings together', async () => {
        const q = await createQueue(target(), {
          fifo: true,
          attributes: {
            DeduplicationScope: 'messageGroup',
            FifoThroughputLimit: 'perMessageGroupId',
          },
        });
        expect(await queueAttribute(target(), q.url, 'FifoThroughputLimit')).toBe(
          'perMessageGroupId',
        );
      });
    });
  });
}
