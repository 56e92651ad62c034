import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { TargetFactory } from '../conformance-target';
import {
  advance,
  bodies,
  createFifoQueue,
  createQueue,
  receive,
  receiveOne,
  s,
  send,
  str,
} from '../../support/conformance/queue-fixtures';
import {
  ANY_MESSAGE,
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

const BAD_ENTRY_ID =
  'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.';

function entries(n: number): SendMessageBatchRequestEntry[] {
  return Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: `body-${i}` }));
}

/**
 * SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch: structural problems fail
 * the whole request, per-message problems become `Failed` entries (reference §1.11).
 */
export function batchCases(factory: TargetFactory): void {
  describe('batch actions', () => {
    const target = useTarget(factory);

    describe('SendMessageBatch', () => {
      it('sends every entry and reports each as Successful', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.sendMessageBatch({ QueueUrl: q.url, Entries: entries(3) });
        expect((res.Successful ?? []).map((e) => e.Id).sort()).toEqual(['e0', 'e1', 'e2']);
        expect(res.Failed ?? []).toEqual([]);
        for (const e of res.Successful ?? []) {
          expect(e.MessageId).toEqual(expect.any(String));
          expect(e.MD5OfMessageBody).toEqual(expect.any(String));
        }
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(got.map((m) => m.Body).sort()).toEqual(['body-0', 'body-1', 'body-2']);
      });

      it('returns the AWS-recorded digests per entry', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: '1', MessageBody: 'b'.repeat(10), MessageAttributes: { k: str('x') } },
            { Id: '2', MessageBody: 'a' },
          ],
        });
        const byId = Object.fromEntries((res.Successful ?? []).map((e) => [e.Id, e]));
        expect(byId['1'].MD5OfMessageAttributes).toBe('a45daa70926828a2f0a1db3418e6feb4');
        expect(byId['2'].MD5OfMessageBody).toBe('0cc175b9c0f1b6a831c399e269772661');
        expect(byId['2'].MD5OfMessageAttributes).toBeUndefined();
      });

      it('applies a per-entry DelaySeconds', async () => {
        const q = await createQueue(target());
        await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'now', MessageBody: 'now' },
            { Id: 'later', MessageBody: 'later', DelaySeconds: 5 },
          ],
        });
        expect(
          (await receive(target(), q.url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ).toEqual(['now']);
        await advance(target(), s(5));
        expect(
          (await receive(target(), q.url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ).toEqual(['later']);
      });

      it('rejects an empty batch as a whole (EmptyBatchRequest)', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.sendMessageBatch({ QueueUrl: q.url, Entries: [] }),
          SqsCode.EmptyBatchRequest,
          ANY_MESSAGE,
        );
      });

      it('rejects more than 10 entries as a whole with the AWS text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.sendMessageBatch({ QueueUrl: q.url, Entries: entries(11) }),
          SqsCode.TooManyEntriesInBatchRequest,
          'Maximum number of entries per request are 10. You have sent 11.',
        );
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('rejects repeated entry ids as a whole (BatchEntryIdsNotDistinct)', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.sendMessageBatch({
            QueueUrl: q.url,
            Entries: [
              { Id: 'same', MessageBody: 'a' },
              { Id: 'same', MessageBody: 'b' },
            ],
          }),
          SqsCode.BatchEntryIdsNotDistinct,
          ANY_MESSAGE,
        );
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it.each([['invalid:id'], ['x'.repeat(81)], ['']])(
        'rejects the entry id %j as a whole with the AWS text',
        async (id) => {
          const q = await createQueue(target());
          await expectSqsError(
            target().sqs.sendMessageBatch({
              QueueUrl: q.url,
              Entries: [{ Id: id, MessageBody: 'a' }],
            }),
            SqsCode.InvalidBatchEntryId,
            BAD_ENTRY_ID,
          );
        },
      );

      it('rejects a batch over 1 MiB in total as a whole with the byte count', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.sendMessageBatch({
            QueueUrl: q.url,
            Entries: [
              { Id: 'a', MessageBody: 'a'.repeat(524288) },
              { Id: 'b', MessageBody: 'b'.repeat(524289) },
            ],
          }),
          SqsCode.BatchRequestTooLong,
          'Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.',
        );
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('accepts a batch of exactly 1 MiB in total', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'a', MessageBody: 'a'.repeat(524288) },
            { Id: 'b', MessageBody: 'b'.repeat(524288) },
          ],
        });
        expect(res.Successful).toHaveLength(2);
      });

      it('fails only the entry that is over MaximumMessageSize, with the AWS text', async () => {
        const q = await createQueue(target(), { attributes: { MaximumMessageSize: '1024' } });
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'ok', MessageBody: 'fine' },
            { Id: 'big', MessageBody: 'x'.repeat(1025) },
          ],
        });
        expect((res.Successful ?? []).map((e) => e.Id)).toEqual(['ok']);
        expect(res.Failed).toEqual([
          {
            Id: 'big',
            SenderFault: true,
            Code: SqsCode.InvalidParameterValue,
            Message:
              'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.',
          },
        ]);
      });

      it('fails only the entry with invalid characters, as InvalidMessageContents', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'ok', MessageBody: 'fine' },
            { Id: 'bad', MessageBody: 'bad\u0000char' },
          ],
        });
        expect((res.Successful ?? []).map((e) => e.Id)).toEqual(['ok']);
        expect(res.Failed).toHaveLength(1);
        expect(res.Failed?.[0]).toMatchObject({
          Id: 'bad',
          SenderFault: true,
          Code: SqsCode.InvalidMessageContents,
        });
        expect(
          (await receive(target(), q.url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ).toEqual(['fine']);
      });

      it('fails only the entry with an invalid message attribute', async () => {
        const q = await createQueue(target());
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'ok', MessageBody: 'fine' },
            { Id: 'bad', MessageBody: 'x', MessageAttributes: { X: str('') } },
          ],
        });
        expect((res.Successful ?? []).map((e) => e.Id)).toEqual(['ok']);
        expect(res.Failed?.[0]).toMatchObject({
          Id: 'bad',
          SenderFault: true,
          Code: SqsCode.InvalidParameterValue,
        });
      });

      it('keeps the entry order and increasing sequence numbers on a FIFO queue', async () => {
        const q = await createFifoQueue(target());
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: ['1', '2', '3'].map((n) => ({
            Id: `e${n}`,
            MessageBody: `m${n}`,
            MessageGroupId: 'g',
            MessageDeduplicationId: `d${n}`,
          })),
        });
        const seq = (res.Successful ?? []).map((e) => BigInt(e.SequenceNumber ?? '0'));
        expect(seq).toHaveLength(3);
        expect(seq[0] < seq[1] && seq[1] < seq[2]).toBe(true);
        const got = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
        expect(got.map((m) => m.Body)).toEqual(['m1', 'm2', 'm3']);
      });

      it('rejects a FIFO batch as a whole when an entry lacks MessageGroupId', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          target().sqs.sendMessageBatch({
            QueueUrl: q.url,
            Entries: [
              { Id: 'a', MessageBody: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'a' },
              { Id: 'b', MessageBody: 'b', MessageDeduplicationId: 'b' },
            ],
          }),
          SqsCode.InvalidParameterValue,
          'The request must contain the parameter MessageGroupId.',
        );
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('rejects a FIFO batch as a whole when an entry lacks a deduplication id', async () => {
        const q = await createFifoQueue(target());
        await expectSqsError(
          target().sqs.sendMessageBatch({
            QueueUrl: q.url,
            Entries: [{ Id: 'a', MessageBody: 'a', MessageGroupId: 'g' }],
          }),
          SqsCode.InvalidParameterValue,
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      });

      // As SendMessage (AWS-recorded), an empty id is an invalid value, not a missing one: like any
      // other invalid deduplication id in a batch, it fails its entry and the rest go through.
      it('fails only the FIFO entry with an empty MessageDeduplicationId', async () => {
        const q = await createFifoQueue(target());
        const res = await target().sqs.sendMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'ok', MessageBody: 'fine', MessageGroupId: 'g', MessageDeduplicationId: 'd1' },
            { Id: 'empty', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: '' },
            { Id: 'space', MessageBody: 'y', MessageGroupId: 'g', MessageDeduplicationId: 'd 2' },
          ],
        });
        expect((res.Successful ?? []).map((e) => e.Id)).toEqual(['ok']);
        expect(res.Failed).toEqual([
          {
            Id: 'empty',
            SenderFault: true,
            Code: SqsCode.InvalidParameterValue,
            Message:
              'Value  for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
          },
          {
            Id: 'space',
            SenderFault: true,
            Code: SqsCode.InvalidParameterValue,
            Message:
              'Value d 2 for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
          },
        ]);
        expect(bodies(await receive(target(), q.url, { MaxNumberOfMessages: 10 }))).toEqual([
          'fine',
        ]);
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.sendMessageBatch({ QueueUrl: q.url, Entries: entries(1) }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });

    describe('DeleteMessageBatch', () => {
      it('deletes every valid entry and fails a malformed handle per entry', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'a');
        await send(target(), q.url, 'b');
        const got = await receive(target(), q.url, {
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 1,
        });
        expect(got).toHaveLength(2);
        const res = await target().sqs.deleteMessageBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'a', ReceiptHandle: got[0].ReceiptHandle },
            { Id: 'b', ReceiptHandle: got[1].ReceiptHandle },
            { Id: 'bad', ReceiptHandle: 'garbage' },
          ],
        });
        expect((res.Successful ?? []).map((e) => e.Id).sort()).toEqual(['a', 'b']);
        expect(res.Failed).toHaveLength(1);
        expect(res.Failed?.[0]).toMatchObject({ Id: 'bad', Code: SqsCode.ReceiptHandleIsInvalid });
        await advance(target(), s(2));
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('rejects an empty batch as a whole', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.deleteMessageBatch({ QueueUrl: q.url, Entries: [] }),
          SqsCode.EmptyBatchRequest,
          ANY_MESSAGE,
        );
      });

      it('rejects 20 entries as a whole with the AWS text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.deleteMessageBatch({
            QueueUrl: q.url,
            Entries: Array.from({ length: 20 }, (_, i) => ({
              Id: `e${i}`,
              ReceiptHandle: 'garbage',
            })),
          }),
          SqsCode.TooManyEntriesInBatchRequest,
          'Maximum number of entries per request are 10. You have sent 20.',
        );
      });

      it('rejects repeated entry ids as a whole', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.deleteMessageBatch({
            QueueUrl: q.url,
            Entries: [
              { Id: 'x', ReceiptHandle: 'garbage' },
              { Id: 'x', ReceiptHandle: 'garbage' },
            ],
          }),
          SqsCode.BatchEntryIdsNotDistinct,
          ANY_MESSAGE,
        );
      });

      it('rejects an invalid entry id as a whole with the AWS text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.deleteMessageBatch({
            QueueUrl: q.url,
            Entries: [{ Id: 'invalid:id', ReceiptHandle: 'garbage' }],
          }),
          SqsCode.InvalidBatchEntryId,
          BAD_ENTRY_ID,
        );
      });
    });

    describe('ChangeMessageVisibilityBatch', () => {
      it('changes each valid entry and fails a malformed handle per entry', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'a');
        const m = await receiveOne(target(), q.url);
        const res = await target().sqs.changeMessageVisibilityBatch({
          QueueUrl: q.url,
          Entries: [
            { Id: 'ok', ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 },
            { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
          ],
        });
        expect((res.Successful ?? []).map((e) => e.Id)).toEqual(['ok']);
        expect(res.Failed?.[0]).toMatchObject({ Id: 'bad', Code: SqsCode.ReceiptHandleIsInvalid });
        expect(await receive(target(), q.url)).toHaveLength(1);
      });

      it('fails an entry whose total would pass 12 hours, per entry', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'a');
        const m = await receiveOne(target(), q.url);
        await advance(target(), s(2));
        const res = await target().sqs.changeMessageVisibilityBatch({
          QueueUrl: q.url,
          Entries: [{ Id: 'long', ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 43199 }],
        });
        expect(res.Successful ?? []).toEqual([]);
        expect(res.Failed?.[0]).toMatchObject({ Id: 'long', Code: SqsCode.InvalidParameterValue });
      });

      it('rejects an empty batch as a whole', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.changeMessageVisibilityBatch({ QueueUrl: q.url, Entries: [] }),
          SqsCode.EmptyBatchRequest,
          ANY_MESSAGE,
        );
      });

      it('rejects 20 entries as a whole with the AWS text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          target().sqs.changeMessageVisibilityBatch({
            QueueUrl: q.url,
            Entries: Array.from({ length: 20 }, (_, i) => ({
              Id: `e${i}`,
              ReceiptHandle: 'garbage',
              VisibilityTimeout: 1,
            })),
          }),
          SqsCode.TooManyEntriesInBatchRequest,
          'Maximum number of entries per request are 10. You have sent 20.',
        );
      });
    });
  });
}
