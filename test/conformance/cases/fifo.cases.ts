import type { TargetFactory } from '../conformance-target';
import {
  returnedResult,
  startReceive,
  waitForPendingReceives,
} from '../../support/conformance/long-poll';
import {
  advance,
  bodies,
  createFifoQueue,
  deleteAll,
  receive,
  receiveOne,
  s,
  send,
  sendFifo,
  str,
} from '../../support/conformance/queue-fixtures';
import {
  ANY_MESSAGE,
  expectSqsError,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

const CBD = { ContentBasedDeduplication: 'true' };

/** FIFO ordering, group blocking, deduplication, sequence numbers, attempt ids (reference §1.7). */
export function fifoCases(factory: TargetFactory): void {
  describe('FIFO queues', () => {
    const target = useTarget(factory);

    describe('ordering and group blocking', () => {
      it('returns the messages of one group in send order', async () => {
        const q = await createFifoQueue(target());
        for (const b of ['1', '2', '3', '4', '5']) await sendFifo(target(), q.url, b, 'g');
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(bodies(got)).toEqual(['1', '2', '3', '4', '5']);
      });

      it('keeps the order across receives of one message each', async () => {
        const q = await createFifoQueue(target());
        for (const b of ['1', '2', '3']) await sendFifo(target(), q.url, b, 'g');
        const got: (string | undefined)[] = [];
        for (let i = 0; i < 3; i++) {
          const m = await receiveOne(target(), q.url);
          got.push(m.Body);
          await deleteAll(target(), q.url, [m]);
        }
        expect(got).toEqual(['1', '2', '3']);
      });

      it('returns nothing more of a group while one of its messages is in flight', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, '1', 'g');
        await sendFifo(target(), q.url, '2', 'g');
        await receiveOne(target(), q.url);
        expect(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).toEqual([]);
      });

      it('does not block other groups', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'a1', 'a');
        await sendFifo(target(), q.url, 'a2', 'a');
        await sendFifo(target(), q.url, 'b1', 'b');
        await receiveOne(target(), q.url);
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual(['b1']);
      });

      it('releases the group when the in-flight message is deleted', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, '1', 'g');
        await sendFifo(target(), q.url, '2', 'g');
        const first = await receiveOne(target(), q.url);
        await deleteAll(target(), q.url, [first]);
        expect(bodies(await receive(target(), q.url))).toEqual(['2']);
      });

      it('returns the same first message again once its visibility expires', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, '1', 'g');
        await sendFifo(target(), q.url, '2', 'g');
        await receiveOne(target(), q.url, { VisibilityTimeout: 5 });
        await advance(target(), s(5));
        const again = await receiveOne(target(), q.url, {
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        });
        expect(again.Body).toBe('1');
        expect(again.Attributes?.ApproximateReceiveCount).toBe('2');
      });

      it('keeps later messages blocked while an earlier one of the batch is still in flight', async () => {
        const q = await createFifoQueue(target());
        for (const b of ['1', '2', '3']) await sendFifo(target(), q.url, b, 'g');
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(bodies(got)).toEqual(['1', '2', '3']);
        await deleteAll(target(), q.url, [got[0]]);
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: got[1].ReceiptHandle,
          VisibilityTimeout: 100,
        });
        await advance(target(), s(31));
        expect(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).toEqual([]);
        await advance(target(), s(70));
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual([
          '2',
          '3',
        ]);
      });

      // AWS-recorded (LocalStack test_fifo_group_visibility_extends_with_change_message_visibility):
      // three messages received with a 1 s visibility timeout, one extended to 4 s, a receive
      // 2.5 s later. The messages ahead of the extended one come back, in order; it and the ones
      // behind it stay blocked.
      describe('after one message of a received group had its visibility extended', () => {
        async function receiveThreeAndExtend(position: number) {
          const t = target();
          const q = await createFifoQueue(t, { VisibilityTimeout: '1' });
          for (const b of ['foo', 'bar', 'baz']) await sendFifo(t, q.url, b, '1');
          const got = await receive(t, q.url, { MaxNumberOfMessages: 5 });
          expect(bodies(got)).toEqual(['foo', 'bar', 'baz']);
          await t.sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: got[position].ReceiptHandle,
            VisibilityTimeout: 4,
          });
          await advance(t, 2500);
          return { q, got };
        }

        it('returns nothing when the first message is the extended one', async () => {
          const { q } = await receiveThreeAndExtend(0);
          expect(await receive(target(), q.url, { MaxNumberOfMessages: 5 })).toEqual([]);
        });

        it('returns the first message when the second is extended', async () => {
          const { q, got } = await receiveThreeAndExtend(1);
          const again = await receive(target(), q.url, { MaxNumberOfMessages: 5 });
          expect(bodies(again)).toEqual(['foo']);
          expect(again[0].ReceiptHandle).not.toBe(got[0].ReceiptHandle);
        });

        it('returns the first two messages in order when the third is extended', async () => {
          const { q } = await receiveThreeAndExtend(2);
          const again = await receive(target(), q.url, { MaxNumberOfMessages: 5 });
          expect(bodies(again)).toEqual(['foo', 'bar']);
        });

        it('never returns a message behind one still in flight', async () => {
          const { q } = await receiveThreeAndExtend(1);
          const [foo] = await receive(target(), q.url, { MaxNumberOfMessages: 5 });
          expect(foo.Body).toBe('foo');
          // baz is visible again, but bar (extended) is still in flight ahead of it.
          expect(await receive(target(), q.url, { MaxNumberOfMessages: 5 })).toEqual([]);
          await deleteAll(target(), q.url, [foo]);
          expect(await receive(target(), q.url, { MaxNumberOfMessages: 5 })).toEqual([]);
          await advance(target(), s(2));
          expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 5 }))).toEqual([
            'bar',
            'baz',
          ]);
        });

        it('releases the messages behind it once the extended message is deleted', async () => {
          const { q, got } = await receiveThreeAndExtend(1);
          await target().sqs.deleteMessage({
            QueueUrl: q.url,
            ReceiptHandle: got[1].ReceiptHandle,
          });
          expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 5 }))).toEqual([
            'foo',
            'baz',
          ]);
        });

        it('ends a long poll as soon as the messages ahead of the extended one return', async () => {
          const t = target();
          const q = await createFifoQueue(t, { VisibilityTimeout: '1' });
          for (const b of ['foo', 'bar', 'baz']) await sendFifo(t, q.url, b, '1');
          const got = await receive(t, q.url, { MaxNumberOfMessages: 5 });
          await t.sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: got[1].ReceiptHandle,
            VisibilityTimeout: 4,
          });
          const poll = startReceive(t, {
            QueueUrl: q.url,
            WaitTimeSeconds: 20,
            MaxNumberOfMessages: 5,
          });
          await waitForPendingReceives(t);
          await advance(t, s(1));
          expect(bodies((await returnedResult(poll)).Messages ?? [])).toEqual(['foo']);
        });

        it('replays a ReceiveRequestAttemptId that returned the messages ahead of it', async () => {
          const { q } = await receiveThreeAndExtend(2);
          const first = await receive(target(), q.url, {
            MaxNumberOfMessages: 5,
            ReceiveRequestAttemptId: 'att-1',
          });
          const retry = await receive(target(), q.url, {
            MaxNumberOfMessages: 5,
            ReceiveRequestAttemptId: 'att-1',
          });
          expect(bodies(first)).toEqual(['foo', 'bar']);
          expect(retry.map((m) => m.ReceiptHandle)).toEqual(first.map((m) => m.ReceiptHandle));
        });
      });

      it('is not blocked by a message of the group that is only delayed', async () => {
        const q = await createFifoQueue(target(), { DelaySeconds: '10' });
        await sendFifo(target(), q.url, '1', 'g');
        await advance(target(), s(5));
        await sendFifo(target(), q.url, '2', 'g');
        await advance(target(), s(5));
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(bodies(got)).toEqual(['1']);
        await deleteAll(target(), q.url, got);
        await advance(target(), s(5));
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual(['2']);
      });

      it('may return several messages of one group in a single receive', async () => {
        const q = await createFifoQueue(target());
        for (const b of ['1', '2']) await sendFifo(target(), q.url, b, 'g');
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(got.map((m) => m.Body)).toEqual(['1', '2']);
      });
    });

    describe('send parameters', () => {
      it('requires MessageGroupId on SendMessage (MissingParameter)', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageDeduplicationId: 'd' }),
          SqsCode.MissingParameter,
          'The request must contain the parameter MessageGroupId.',
        );
      });

      it('requires a deduplication id without ContentBasedDeduplication', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: 'g' }),
          SqsCode.InvalidParameterValue,
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      });

      it('rejects a MessageGroupId with a space with the AWS text', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: 'group 123', MessageDeduplicationId: 'd' }),
          SqsCode.InvalidParameterValue,
          'Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
        );
      });

      it('rejects a MessageDeduplicationId with a space with the AWS text', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: 'g', MessageDeduplicationId: 'dedup 1' }),
          SqsCode.InvalidParameterValue,
          'Value dedup 1 for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
        );
      });

      // AWS-recorded (LocalStack test_message_deduplication_id_invalid[empty]): an empty id is
      // an invalid value, not a missing one (note the two spaces: the value is empty).
      it('rejects an empty MessageDeduplicationId with the AWS text', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: 'g', MessageDeduplicationId: '' }),
          SqsCode.InvalidParameterValue,
          'Value  for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
        );
      });

      it('rejects an empty MessageDeduplicationId even with ContentBasedDeduplication', async () => {
        const q = await createFifoQueue(target(), CBD);
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: 'g', MessageDeduplicationId: '' }),
          SqsCode.InvalidParameterValue,
          'Value  for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
        );
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('rejects a MessageGroupId of 129 characters', async () => {
        const q = await createFifoQueue(target());
        const group = 'g'.repeat(129);
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: group, MessageDeduplicationId: 'd' }),
          SqsCode.InvalidParameterValue,
          `Value ${group} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
        );
      });

      it('accepts ids of 128 characters made of letters and punctuation', async () => {
        const q = await createFifoQueue(target());
        const id = `${'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'}${'a'.repeat(96)}`;
        expect(id).toHaveLength(128);
        await sendFifo(target(), q.url, 'x', id, id);
        const m = await receiveOne(target(), q.url, { MessageSystemAttributeNames: ['All'] });
        expect(m.Attributes?.MessageGroupId).toBe(id);
        expect(m.Attributes?.MessageDeduplicationId).toBe(id);
      });

      it('rejects a non-zero per-message DelaySeconds with the AWS text', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', {
            MessageGroupId: 'g',
            MessageDeduplicationId: 'd',
            DelaySeconds: 2,
          }),
          SqsCode.InvalidParameterValue,
          'Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
        );
      });

      it('accepts DelaySeconds 0 and applies the queue delay', async () => {
        const q = await createFifoQueue(target(), { DelaySeconds: '5' });
        await send(target(), q.url, 'x', {
          MessageGroupId: 'g',
          MessageDeduplicationId: 'd',
          DelaySeconds: 0,
        });
        expect(await receive(target(), q.url)).toEqual([]);
        await advance(target(), s(5));
        expect(bodies(await receive(target(), q.url))).toEqual(['x']);
      });
    });

    describe('sequence numbers', () => {
      it('returns a decimal SequenceNumber that increases with every send', async () => {
        const q = await createFifoQueue(target());
        const a = await sendFifo(target(), q.url, '1', 'g');
        const b = await sendFifo(target(), q.url, '2', 'h');
        const c = await sendFifo(target(), q.url, '3', 'g');
        for (const r of [a, b, c]) expect(r.SequenceNumber).toMatch(/^\d+$/);
        const [x, y, z] = [a, b, c].map((r) => BigInt(r.SequenceNumber ?? '0'));
        expect(x < y && y < z).toBe(true);
      });

      it('reports the same SequenceNumber on receive as on send', async () => {
        const q = await createFifoQueue(target());
        const sent = await sendFifo(target(), q.url, '1', 'g');
        const m = await receiveOne(target(), q.url, {
          MessageSystemAttributeNames: ['SequenceNumber'],
        });
        expect(m.Attributes?.SequenceNumber).toBe(sent.SequenceNumber);
      });
    });

    describe('deduplication', () => {
      it('accepts a duplicate send but delivers the message once', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'first', 'g', 'd1');
        const dup = await sendFifo(target(), q.url, 'second', 'g', 'd1');
        expect(dup.MessageId).toEqual(expect.any(String));
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual([
          'first',
        ]);
      });

      it('deduplicates by the SHA-256 of the body with ContentBasedDeduplication', async () => {
        const q = await createFifoQueue(target(), CBD);
        await send(target(), q.url, 'same', { MessageGroupId: 'g' });
        await send(target(), q.url, 'same', { MessageGroupId: 'g' });
        await send(target(), q.url, 'other', { MessageGroupId: 'g' });
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual([
          'same',
          'other',
        ]);
      });

      it('ignores message attributes for content-based deduplication', async () => {
        const q = await createFifoQueue(target(), CBD);
        await send(target(), q.url, 'same', {
          MessageGroupId: 'g',
          MessageAttributes: { a: str('1') },
        });
        await send(target(), q.url, 'same', {
          MessageGroupId: 'g',
          MessageAttributes: { a: str('2') },
        });
        expect(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).toHaveLength(1);
      });

      it('lets an explicit deduplication id override the content hash', async () => {
        const q = await createFifoQueue(target(), CBD);
        await send(target(), q.url, 'same', { MessageGroupId: 'g', MessageDeduplicationId: 'a' });
        await send(target(), q.url, 'same', { MessageGroupId: 'g', MessageDeduplicationId: 'b' });
        expect(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).toHaveLength(2);
      });

      it('keeps the deduplication id after the message was deleted', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'once', 'g', 'd1');
        await deleteAll(target(), q.url, [await receiveOne(target(), q.url)]);
        await sendFifo(target(), q.url, 'once', 'g', 'd1');
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('forgets the deduplication id after the 5-minute window', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'once', 'g', 'd1');
        await deleteAll(target(), q.url, [await receiveOne(target(), q.url)]);
        await advance(target(), s(5 * 60) + 1);
        await sendFifo(target(), q.url, 'twice', 'g', 'd1');
        expect(bodies(await receive(target(), q.url))).toEqual(['twice']);
      });

      it('drops the same id in another group with the default DeduplicationScope queue', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'a', 'g1', 'same');
        await sendFifo(target(), q.url, 'b', 'g2', 'same');
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual(['a']);
      });

      it('delivers the same id in another group with DeduplicationScope messageGroup', async () => {
        const q = await createFifoQueue(target(), {
          DeduplicationScope: 'messageGroup',
          FifoThroughputLimit: 'perMessageGroupId',
        });
        await sendFifo(target(), q.url, 'a', 'g1', 'same');
        await sendFifo(target(), q.url, 'b', 'g2', 'same');
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(bodies(got).sort()).toEqual(['a', 'b']);
      });

      it('still drops the same id within one group with DeduplicationScope messageGroup', async () => {
        const q = await createFifoQueue(target(), { DeduplicationScope: 'messageGroup' });
        await sendFifo(target(), q.url, 'a', 'g1', 'same');
        await sendFifo(target(), q.url, 'b', 'g1', 'same');
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual(['a']);
      });

      it('clears the deduplication cache on PurgeQueue', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'before', 'g', 'd1');
        await target().sqs.purgeQueue({ QueueUrl: q.url });
        await sendFifo(target(), q.url, 'after', 'g', 'd1');
        expect(bodies(await receive(target(), q.url))).toEqual(['after']);
      });
    });

    describe('ReceiveRequestAttemptId', () => {
      it('returns the same messages and receipt handles on a retry', async () => {
        const q = await createFifoQueue(target());
        for (const b of ['1', '2']) await sendFifo(target(), q.url, b, 'g');
        const first = await receive(target(), q.url, {
          MaxNumberOfMessages: 10,
          ReceiveRequestAttemptId: 'att-1',
        });
        const retry = await receive(target(), q.url, {
          MaxNumberOfMessages: 10,
          ReceiveRequestAttemptId: 'att-1',
        });
        expect(bodies(first)).toEqual(['1', '2']);
        expect(retry.map((m) => [m.MessageId, m.ReceiptHandle])).toEqual(
          first.map((m) => [m.MessageId, m.ReceiptHandle]),
        );
      });

      // A retry replays only "if none of the messages have been modified (deleted or had their
      // visibility changed)" (API ReceiveMessage, ReceiveRequestAttemptId).
      it('does not replay once a message of the attempt had its visibility changed', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, '1', 'g');
        const [m] = await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' });
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 100,
        });
        expect(await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' })).toEqual([]);
      });

      it('rejects an attempt id with characters outside alphanumerics and punctuation', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          target().sqs.receiveMessage({ QueueUrl: q.url, ReceiveRequestAttemptId: 'has space' }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('returns nothing for another attempt id while the group is in flight', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, '1', 'g');
        await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' });
        expect(await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-2' })).toEqual([]);
      });

      it('resets the visibility timeout on a retry', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, '1', 'g');
        await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' });
        await advance(target(), s(20));
        await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' });
        await advance(target(), s(20));
        expect(await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-2' })).toEqual([]);
        await advance(target(), s(10));
        expect(
          bodies(await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-3' })),
        ).toEqual(['1']);
      });

      it('acts as a new receive once a message of the attempt was deleted', async () => {
        const q = await createFifoQueue(target());
        for (const b of ['1', '2']) await sendFifo(target(), q.url, b, 'g');
        const first = await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' });
        expect(bodies(first)).toEqual(['1']);
        await deleteAll(target(), q.url, first);
        const retry = await receive(target(), q.url, { ReceiveRequestAttemptId: 'att-1' });
        expect(bodies(retry)).toEqual(['2']);
      });
    });

    describe('delay and expired handles', () => {
      it('applies a change of the queue delay to messages already waiting', async () => {
        const q = await createFifoQueue(target(), { DelaySeconds: '60' });
        await sendFifo(target(), q.url, 'x', 'g');
        await target().sqs.setQueueAttributes({
          QueueUrl: q.url,
          Attributes: { DelaySeconds: '0' },
        });
        await advance(target(), s(1));
        expect(bodies(await receive(target(), q.url))).toEqual(['x']);
      });

      it('rejects deleting with a handle whose visibility expired, with the AWS text', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'x', 'g');
        const m = await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
        await advance(target(), s(2));
        await expectSqsError(
          target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle }),
          SqsCode.InvalidParameterValue,
          `Value ${m.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
        );
      });

      it('deletes after the visibility was extended in time', async () => {
        const q = await createFifoQueue(target());
        await sendFifo(target(), q.url, 'x', 'g');
        const m = await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 10,
        });
        await advance(target(), s(2));
        await target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle });
        await advance(target(), s(10));
        expect(await receive(target(), q.url)).toEqual([]);
      });
    });
  });
}
