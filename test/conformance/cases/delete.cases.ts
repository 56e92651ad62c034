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

/** DeleteMessage and PurgeQueue (reference §1.6, §1.10). */
export function deleteCases(factory: TargetFactory): void {
  describe('DeleteMessage', () => {
    const target = useTarget(factory);

    it('removes the message for good', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'x');
      const m = await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
      await target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle });
      await advance(target(), s(2));
      expect(await receive(target(), q.url)).toEqual([]);
      expect(await messageCounts(target(), q.url)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
    });

    it('leaves the queue ready for new messages once every message was deleted', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'first');
      const m = await receiveOne(target(), q.url);
      await target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle });
      await send(target(), q.url, 'second');
      expect((await receive(target(), q.url)).map((x) => x.Body)).toEqual(['second']);
    });

    it('succeeds again, repeatedly, for an already deleted handle', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'x');
      const m = await receiveOne(target(), q.url);
      for (let i = 0; i < 3; i++) {
        await expect(
          target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle }),
        ).resolves.toBeDefined();
      }
    });

    it('deletes with a handle whose visibility expired, on a standard queue', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'x');
      const m = await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
      await advance(target(), s(2));
      await target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle });
      expect((await messageCounts(target(), q.url)).visible).toBe(0);
      expect(await receive(target(), q.url)).toEqual([]);
    });

    it('deletes with an older handle after the message was received again', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'x');
      const first = await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
      await advance(target(), s(2));
      await receiveOne(target(), q.url, { VisibilityTimeout: 1 });
      await target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: first.ReceiptHandle });
      await advance(target(), s(2));
      expect(await receive(target(), q.url)).toEqual([]);
    });

    it('rejects a malformed receipt handle with the AWS text', async () => {
      const q = await createQueue(target());
      await expectSqsError(
        target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: 'garbage' }),
        SqsCode.ReceiptHandleIsInvalid,
        'The input receipt handle "garbage" is not a valid receipt handle.',
      );
    });

    it('fails with QueueDoesNotExist for an unknown queue', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'x');
      const m = await receiveOne(target(), q.url);
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await expectSqsError(
        target().sqs.deleteMessage({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle }),
        SqsCode.QueueDoesNotExist,
        QUEUE_DOES_NOT_EXIST,
      );
    });
  });

  describe('PurgeQueue', () => {
    const target = useTarget(factory);

    it('deletes visible, in-flight and delayed messages', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'visible');
      await send(target(), q.url, 'inflight');
      await send(target(), q.url, 'delayed', { DelaySeconds: 10 });
      await receiveOne(target(), q.url, { VisibilityTimeout: 5 });
      await target().sqs.purgeQueue({ QueueUrl: q.url });
      expect(await messageCounts(target(), q.url)).toEqual({ visible: 0, inflight: 0, delayed: 0 });
      await advance(target(), s(11));
      expect(await receive(target(), q.url, { MaxNumberOfMessages: 10 })).toEqual([]);
    });

    it('keeps messages sent after the purge', async () => {
      const q = await createQueue(target());
      await send(target(), q.url, 'before');
      await target().sqs.purgeQueue({ QueueUrl: q.url });
      await send(target(), q.url, 'after');
      const messages = await receive(target(), q.url, { MaxNumberOfMessages: 10 });
      expect(messages.map((m) => m.Body)).toEqual(['after']);
    });

    it('allows a second purge at once outside strict mode', async () => {
      const q = await createQueue(target());
      await target().sqs.purgeQueue({ QueueUrl: q.url });
      await expect(target().sqs.purgeQueue({ QueueUrl: q.url })).resolves.toBeDefined();
    });

    it('fails with QueueDoesNotExist for an unknown queue', async () => {
      const q = await createQueue(target());
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await expectSqsError(
        target().sqs.purgeQueue({ QueueUrl: q.url }),
        SqsCode.QueueDoesNotExist,
        QUEUE_DOES_NOT_EXIST,
      );
    });
  });
}
