import type { TargetFactory } from '../conformance-target';
import { advance, createQueue, s } from '../../support/conformance/queue-fixtures';
import { expectSqsError, SqsCode } from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

/** The 60-second rules that a `strict` emulator enforces (reference §1.10, §0.7). */
export function strictCases(factory: TargetFactory): void {
  describe('strict mode', () => {
    const target = useTarget(factory, { strict: true });

    it('rejects a second PurgeQueue within 60 seconds, with the AWS text', async () => {
      const q = await createQueue(target());
      await target().sqs.purgeQueue({ QueueUrl: q.url });
      await advance(target(), s(59));
      await expectSqsError(
        target().sqs.purgeQueue({ QueueUrl: q.url }),
        SqsCode.PurgeQueueInProgress,
        `Only one PurgeQueue operation on ${q.name} is allowed every 60 seconds.`,
      );
    });

    it('allows the next PurgeQueue after 60 seconds', async () => {
      const q = await createQueue(target());
      await target().sqs.purgeQueue({ QueueUrl: q.url });
      await advance(target(), s(60));
      await expect(target().sqs.purgeQueue({ QueueUrl: q.url })).resolves.toBeDefined();
    });

    it('limits purges per queue, not across queues', async () => {
      const a = await createQueue(target());
      const b = await createQueue(target());
      await target().sqs.purgeQueue({ QueueUrl: a.url });
      await expect(target().sqs.purgeQueue({ QueueUrl: b.url })).resolves.toBeDefined();
    });

    it('rejects re-creating a deleted name within 60 seconds, with the AWS text', async () => {
      const q = await createQueue(target());
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await advance(target(), s(59));
      await expectSqsError(
        target().sqs.createQueue({ QueueName: q.name }),
        SqsCode.QueueDeletedRecently,
        'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
      );
    });

    it('allows re-creating the name after 60 seconds', async () => {
      const q = await createQueue(target());
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await advance(target(), s(60));
      const { QueueUrl } = await target().sqs.createQueue({ QueueName: q.name });
      expect(QueueUrl).toBe(q.url);
    });

    it('lets other names be created while one is recently deleted', async () => {
      const q = await createQueue(target());
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await expect(createQueue(target())).resolves.toMatchObject({ url: expect.any(String) });
    });
  });
}
