import type { TargetFactory } from '../conformance-target';
import {
  advance,
  createQueue,
  messageCounts,
  receive,
  receiveOne,
  s,
  send,
} from '../../support/conformance/queue-fixtures';
import {
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

/** Visibility timeout on receive and ChangeMessageVisibility (reference §1.6). */
export function visibilityCases(factory: TargetFactory): void {
  describe('visibility timeout', () => {
    const target = useTarget(factory);

    async function queueWithOneMessage(attributes: Record<string, string> = {}) {
      const q = await createQueue(target(), { attributes });
      await send(target(), q.url, 'payload');
      return q;
    }

    it("hides a received message for the queue's default of 30 seconds", async () => {
      const q = await queueWithOneMessage();
      await receiveOne(target(), q.url);
      await advance(target(), s(30) - 1);
      expect(await receive(target(), q.url)).toEqual([]);
      await advance(target(), 1);
      const again = await receiveOne(target(), q.url, {
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      });
      expect(again.Attributes?.ApproximateReceiveCount).toBe('2');
    });

    it("uses the queue's VisibilityTimeout attribute", async () => {
      const q = await queueWithOneMessage({ VisibilityTimeout: '5' });
      await receiveOne(target(), q.url);
      await advance(target(), s(4));
      expect(await receive(target(), q.url)).toEqual([]);
      await advance(target(), s(1));
      expect(await receive(target(), q.url)).toHaveLength(1);
    });

    it('lets a per-receive VisibilityTimeout override the queue default', async () => {
      const q = await queueWithOneMessage();
      await receiveOne(target(), q.url, { VisibilityTimeout: 2 });
      await advance(target(), s(2));
      expect(await receive(target(), q.url)).toHaveLength(1);
    });

    it('leaves a message received with VisibilityTimeout 0 visible at once', async () => {
      const q = await queueWithOneMessage();
      await receiveOne(target(), q.url, { VisibilityTimeout: 0 });
      expect(await receive(target(), q.url)).toHaveLength(1);
    });

    it('counts a received message as not visible', async () => {
      const q = await queueWithOneMessage();
      await receiveOne(target(), q.url);
      expect(await messageCounts(target(), q.url)).toEqual({ visible: 0, inflight: 1, delayed: 0 });
    });

    describe('ChangeMessageVisibility', () => {
      it('counts the new timeout from the call, not from the receive', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await advance(target(), s(20));
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 30,
        });
        await advance(target(), s(30) - 1);
        expect(await receive(target(), q.url)).toEqual([]);
        await advance(target(), 1);
        expect(await receive(target(), q.url)).toHaveLength(1);
      });

      it('can shorten the timeout', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 5,
        });
        await advance(target(), s(5));
        expect(await receive(target(), q.url)).toHaveLength(1);
      });

      it('makes the message visible at once with 0', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 0,
        });
        expect(await receive(target(), q.url)).toHaveLength(1);
      });

      it('does not keep a 0 for later receives: the queue default applies again', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 0,
        });
        await receiveOne(target(), q.url);
        await advance(target(), s(29));
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('allows extending to exactly 12 hours after the receive', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await target().sqs.changeMessageVisibility({
          QueueUrl: q.url,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 43200,
        });
        await advance(target(), s(43200) - 1);
        expect(await receive(target(), q.url)).toEqual([]);
      });

      it('rejects a total beyond 12 hours from the receive with the AWS text', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await advance(target(), s(2));
        await expectSqsError(
          target().sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 43199,
          }),
          SqsCode.InvalidParameterValue,
          'Value 43199 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].',
        );
      });

      it('rejects a VisibilityTimeout above 43200', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await expectSqsError(
          target().sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 43201,
          }),
          SqsCode.InvalidParameterValue,
          /VisibilityTimeout/,
        );
      });

      it('succeeds on a standard queue after the visibility has already expired', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
        await advance(target(), s(2));
        await expect(
          target().sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 10,
          }),
        ).resolves.toBeDefined();
      });

      it('rejects a deleted message with the AWS text', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle });
        await expectSqsError(
          target().sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 10,
          }),
          SqsCode.InvalidParameterValue,
          `Value ${m.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
        );
      });

      it('rejects a malformed receipt handle with ReceiptHandleIsInvalid', async () => {
        const q = await queueWithOneMessage();
        await expectSqsError(
          target().sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: 'garbage',
            VisibilityTimeout: 10,
          }),
          SqsCode.ReceiptHandleIsInvalid,
          'The input receipt handle "garbage" is not a valid receipt handle.',
        );
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await queueWithOneMessage();
        const m = await receiveOne(target(), q.url);
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.changeMessageVisibility({
            QueueUrl: q.url,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 10,
          }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });
  });
}
