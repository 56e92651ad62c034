import type { QueueAttributeName } from '@aws-sdk/client-sqs';
import type { TargetFactory } from '../conformance-target';
import {
  advance,
  createFifoQueue,
  createQueue,
  receive,
  receiveOne,
  s,
  send,
  sendFifo,
  str,
} from '../../support/conformance/queue-fixtures';
import {
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

/** The attributes of the AWS-recorded filter test (`test_receive_message_message_attribute_names_filters`). */
const FILTER_ATTRS = { General: str('Kenobi'), Hello: str('There'), 'Help.Me': str('Me') };

/** ReceiveMessage: parameters, attribute filters, system attributes (reference §1.6). */
export function receiveCases(factory: TargetFactory): void {
  describe('ReceiveMessage', () => {
    const target = useTarget(factory);

    describe('parameters', () => {
      it('returns no Messages key from an empty queue', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.receiveMessage({ QueueUrl: q.url });
        expect(res).not.toHaveProperty('Messages');
      });

      it('returns one message by default', async () => {
        const q = await createQueue(target());
        for (const b of ['1', '2', '3']) await send(target(), q.url, b);
        const res = await target().sqs.receiveMessage({ QueueUrl: q.url });
        expect(res.Messages).toHaveLength(1);
      });

      it('returns at most MaxNumberOfMessages messages', async () => {
        const q = await createQueue(target());
        for (let i = 0; i < 12; i++) await send(target(), q.url, `m${i}`);
        const messages = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.length).toBeLessThanOrEqual(10);
      });

      it('eventually delivers every message of a standard queue', async () => {
        const q = await createQueue(target());
        const sent = ['a', 'b', 'c', 'd', 'e'];
        for (const b of sent) await send(target(), q.url, b);
        const got: string[] = [];
        for (let i = 0; i < 20 && got.length < sent.length; i++) {
          got.push(
            ...(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).map(
              (m) => m.Body ?? '',
            ),
          );
        }
        expect(got.sort()).toEqual(sent);
      });

      it.each([[0], [11]])('rejects MaxNumberOfMessages %d with the AWS text', async (n) => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.receiveMessage({ QueueUrl: q.url, MaxNumberOfMessages: n }),
          SqsCode.InvalidParameterValue,
          `Value ${n} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
        );
      });

      it.each([[-1], [21]])('rejects WaitTimeSeconds %d with the AWS text', async (n) => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.receiveMessage({ QueueUrl: q.url, WaitTimeSeconds: n }),
          SqsCode.InvalidParameterValue,
          `Value ${n} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`,
        );
      });

      it('rejects a VisibilityTimeout above 12 hours', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.receiveMessage({ QueueUrl: q.url, VisibilityTimeout: 43201 }),
          SqsCode.InvalidParameterValue,
          /VisibilityTimeout/,
        );
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.receiveMessage({ QueueUrl: q.url }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });

    describe('receipt handles', () => {
      it('returns a receipt handle of at most 1024 characters', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const m = await receiveOne(target(), q.url);
        expect((m.ReceiptHandle ?? '').length).toBeGreaterThan(0);
        expect((m.ReceiptHandle ?? '').length).toBeLessThanOrEqual(1024);
      });

      it('returns a new receipt handle on every receive of the same message', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const first = await receiveOne(target(), q.url, { VisibilityTimeout: 0 });
        const second = await receiveOne(target(), q.url);
        expect(second.MessageId).toBe(first.MessageId);
        expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
      });
    });

    describe('message attribute filters', () => {
      async function received(names?: string[]) {
        const q = await createQueue(target());
        const sent = await send(target(), q.url, 'msg', { MessageAttributes: FILTER_ATTRS });
        expect(sent.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
        return receiveOne(target(), q.url, names ? { MessageAttributeNames: names } : {});
      }

      it('returns no message attributes unless asked for', async () => {
        const m = await received();
        expect(m.MessageAttributes).toBeUndefined();
        expect(m.MD5OfMessageAttributes).toBeUndefined();
        expect(m.MD5OfBody).toBe('6e2baaf3b97dbeef01c0043275f9a0e7');
      });

      it.each([['All'], ['.*'], ['*']])('returns every attribute for %j', async (name) => {
        const m = await received([name]);
        expect(m.MessageAttributes).toEqual(FILTER_ATTRS);
        expect(m.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
      });

      it('returns only the named attributes, with the MD5 over those', async () => {
        const m = await received(['General', 'Hello']);
        expect(m.MessageAttributes).toEqual({
          General: FILTER_ATTRS.General,
          Hello: FILTER_ATTRS.Hello,
        });
        expect(m.MD5OfMessageAttributes).toBe('fca026605781cb4126a1e9044df24232');
      });

      it('ignores names that the message does not carry', async () => {
        const m = await received(['Hello', 'NotThere']);
        expect(m.MessageAttributes).toEqual({ Hello: FILTER_ATTRS.Hello });
        expect(m.MD5OfMessageAttributes).toBe('a311262e065454b75da111d535b8dacd');
      });

      it('selects by a prefix such as Hel.*', async () => {
        const m = await received(['Hel.*']);
        expect(m.MessageAttributes).toEqual({
          Hello: FILTER_ATTRS.Hello,
          'Help.Me': FILTER_ATTRS['Help.Me'],
        });
        expect(m.MD5OfMessageAttributes).toBe('83fee93c1bcd8b9a5a923ffacdc636c7');
      });

      it.each([['AWS.'], ['..foo']])(
        'returns no attributes, and no error, for the name %j',
        async (name) => {
          const m = await received([name]);
          expect(Object.keys(m.MessageAttributes ?? {})).toEqual([]);
          expect(m.MD5OfMessageAttributes).toBeUndefined();
        },
      );

      it('omits the attribute MD5 when no asked-for attribute exists', async () => {
        const m = await received(['Nope', 'Other.*']);
        expect(Object.keys(m.MessageAttributes ?? {})).toEqual([]);
        expect(m.MD5OfMessageAttributes).toBeUndefined();
      });
    });

    describe('system attributes', () => {
      it('returns no Attributes unless asked for', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const m = await receiveOne(target(), q.url);
        expect(m.Attributes).toBeUndefined();
      });

      it('returns exactly the four standard-queue attributes for All', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const m = await receiveOne(target(), q.url, { MessageSystemAttributeNames: ['All'] });
        expect(Object.keys(m.Attributes ?? {}).sort()).toEqual([
          'ApproximateFirstReceiveTimestamp',
          'ApproximateReceiveCount',
          'SenderId',
          'SentTimestamp',
        ]);
      });

      it('returns exactly the seven FIFO attributes for All on a FIFO queue', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'x', 'g1', 'dedup-1');
        const m = await receiveOne(target(), q.url, { MessageSystemAttributeNames: ['All'] });
        expect(Object.keys(m.Attributes ?? {}).sort()).toEqual([
          'ApproximateFirstReceiveTimestamp',
          'ApproximateReceiveCount',
          'MessageDeduplicationId',
          'MessageGroupId',
          'SenderId',
          'SentTimestamp',
          'SequenceNumber',
        ]);
        expect(m.Attributes).toMatchObject({
          MessageDeduplicationId: 'dedup-1',
          MessageGroupId: 'g1',
        });
      });

      it('returns only the attributes named', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const m = await receiveOne(target(), q.url, { MessageSystemAttributeNames: ['SenderId'] });
        expect(Object.keys(m.Attributes ?? {})).toEqual(['SenderId']);
      });

      it('accepts the deprecated AttributeNames parameter', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const m = await receiveOne(target(), q.url, { AttributeNames: ['All'] });
        expect(m.Attributes?.ApproximateReceiveCount).toBe('1');
      });

      it('honours MessageSystemAttributeNames when AttributeNames is given too', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const m = await receiveOne(target(), q.url, {
          MessageSystemAttributeNames: ['SenderId'],
          AttributeNames: ['SentTimestamp' as QueueAttributeName],
        });
        expect(m.Attributes?.SenderId).toEqual(expect.any(String));
      });

      it('stamps SentTimestamp with the send time in epoch milliseconds', async () => {
        const q = await createQueue(target());
        const sentAt = target().clock.now();
        await send(target(), q.url, 'x');
        await advance(target(), s(3));
        const m = await receiveOne(target(), q.url, { MessageSystemAttributeNames: ['All'] });
        expect(m.Attributes?.SentTimestamp).toBe(String(sentAt));
      });

      it('keeps ApproximateFirstReceiveTimestamp at the first receive', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        await advance(target(), s(2));
        const firstAt = target().clock.now();
        await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
        await advance(target(), s(5));
        const m = await receiveOne(target(), q.url, { MessageSystemAttributeNames: ['All'] });
        expect(m.Attributes?.ApproximateFirstReceiveTimestamp).toBe(String(firstAt));
      });

      it('counts receives in ApproximateReceiveCount', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x');
        const counts: string[] = [];
        for (let i = 0; i < 3; i++) {
          const m = await receiveOne(target(), q.url, {
            VisibilityTimeout: 0,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          });
          counts.push(m.Attributes?.ApproximateReceiveCount ?? '');
        }
        expect(counts).toEqual(['1', '2', '3']);
      });
    });
  });
}
