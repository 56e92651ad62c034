import type { TargetFactory } from '../conformance-target';
import {
  accountOf,
  createQueue,
  queueAttribute,
  rawAttributes,
  receive,
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

const BAD_NAME =
  'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length';

/** CreateQueue, GetQueueUrl, ListQueues and DeleteQueue (reference §1.1, §1.3). */
export function queueCases(factory: TargetFactory): void {
  describe('queues', () => {
    const target = useTarget(factory);

    describe('CreateQueue', () => {
      it('returns a URL whose path is /<account>/<name>', async () => {
        const name = uniqueQueueName();
        const { QueueUrl } = await target().sqs.createQueue({ QueueName: name });
        expect(new URL(QueueUrl ?? '').pathname).toMatch(new RegExp(`^/\\d{12}/${name}$`));
      });

      it('is idempotent when the queue exists and no attributes are given', async () => {
        const name = uniqueQueueName();
        const first = await target().sqs.createQueue({ QueueName: name });
        const second = await target().sqs.createQueue({ QueueName: name });
        expect(second.QueueUrl).toBe(first.QueueUrl);
      });

      it('is idempotent when every given attribute equals the current value', async () => {
        const name = uniqueQueueName();
        const attrs = { DelaySeconds: '5', VisibilityTimeout: '60' };
        const first = await target().sqs.createQueue({ QueueName: name, Attributes: attrs });
        const second = await target().sqs.createQueue({
          QueueName: name,
          Attributes: { DelaySeconds: '5' },
        });
        expect(second.QueueUrl).toBe(first.QueueUrl);
      });

      it('keeps the messages of the existing queue when called again', async () => {
        const name = uniqueQueueName();
        const { QueueUrl } = await target().sqs.createQueue({ QueueName: name });
        await send(target(), QueueUrl ?? '', 'kept');
        await target().sqs.createQueue({ QueueName: name });
        const messages = await receive(target(), QueueUrl ?? '');
        expect(messages.map((m) => m.Body)).toEqual(['kept']);
      });

      it('rejects an existing name with a different attribute value (QueueAlreadyExists)', async () => {
        const name = uniqueQueueName();
        await target().sqs.createQueue({ QueueName: name, Attributes: { DelaySeconds: '5' } });
        await expectSqsError(
          target().sqs.createQueue({ QueueName: name, Attributes: { DelaySeconds: '6' } }),
          SqsCode.QueueNameExists,
          'A queue already exists with the same name and a different value for attribute DelaySeconds',
        );
      });

      it('compares against the current values after SetQueueAttributes', async () => {
        const name = uniqueQueueName();
        const { QueueUrl } = await target().sqs.createQueue({
          QueueName: name,
          Attributes: { VisibilityTimeout: '30' },
        });
        await target().sqs.setQueueAttributes({
          QueueUrl,
          Attributes: { VisibilityTimeout: '60' },
        });
        const again = await target().sqs.createQueue({
          QueueName: name,
          Attributes: { VisibilityTimeout: '60' },
        });
        expect(again.QueueUrl).toBe(QueueUrl);
        await expectSqsError(
          target().sqs.createQueue({ QueueName: name, Attributes: { VisibilityTimeout: '30' } }),
          SqsCode.QueueNameExists,
          'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
        );
      });

      it('accepts a name of exactly 80 characters', async () => {
        const name = `n${'x'.repeat(79)}`;
        const { QueueUrl } = await target().sqs.createQueue({ QueueName: name });
        expect(QueueUrl).toMatch(new RegExp(`/${name}$`));
      });

      it('rejects a name of 81 characters', async () => {
        await expectSqsError(
          target().sqs.createQueue({ QueueName: 'x'.repeat(81) }),
          SqsCode.InvalidParameterValue,
          BAD_NAME,
        );
      });

      it.each([['has space'], ['dot.name'], ['bang!'], ['slash/name'], ['ümlaut']])(
        'rejects the name %j',
        async (name) => {
          await expectSqsError(
            target().sqs.createQueue({ QueueName: name }),
            SqsCode.InvalidParameterValue,
            BAD_NAME,
          );
        },
      );

      it('rejects a standard queue whose name ends in .fifo', async () => {
        await expectSqsError(
          target().sqs.createQueue({ QueueName: uniqueQueueName('std', true) }),
          SqsCode.InvalidParameterValue,
          BAD_NAME,
        );
      });

      it('rejects a FIFO queue whose name lacks the .fifo suffix', async () => {
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName('nofifo'),
            Attributes: { FifoQueue: 'true' },
          }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('counts the .fifo suffix toward the 80 characters', async () => {
        const ok = `${'f'.repeat(75)}.fifo`;
        const { QueueUrl } = await target().sqs.createQueue({
          QueueName: ok,
          Attributes: { FifoQueue: 'true' },
        });
        expect(QueueUrl).toMatch(/\.fifo$/);
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: `${'f'.repeat(76)}.fifo`,
            Attributes: { FifoQueue: 'true' },
          }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('treats names as case-sensitive', async () => {
        const name = `Case-${uniqueQueueName()}`;
        const upper = await target().sqs.createQueue({ QueueName: name });
        const lower = await target().sqs.createQueue({ QueueName: name.toLowerCase() });
        expect(lower.QueueUrl).not.toBe(upper.QueueUrl);
      });

      it('rejects an unknown attribute name', async () => {
        await expectSqsError(
          target().sqs.createQueue({
            QueueName: uniqueQueueName(),
            Attributes: rawAttributes({ Colour: 'blue' }),
          }),
          SqsCode.InvalidAttributeName,
          'Unknown Attribute Colour.',
        );
      });
    });

    describe('GetQueueUrl', () => {
      it('returns the URL CreateQueue returned', async () => {
        const q = await createQueue(target());
        const { QueueUrl } = await target().sqs.getQueueUrl({ QueueName: q.name });
        expect(QueueUrl).toBe(q.url);
      });

      it('accepts the owner account id of the queue', async () => {
        const q = await createQueue(target());
        const { QueueUrl } = await target().sqs.getQueueUrl({
          QueueName: q.name,
          QueueOwnerAWSAccountId: accountOf(q.url),
        });
        expect(QueueUrl).toBe(q.url);
      });

      it('fails with QueueDoesNotExist for an unknown name', async () => {
        await expectSqsError(
          target().sqs.getQueueUrl({ QueueName: uniqueQueueName('missing') }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });

      it('does not find a queue under a differently cased name', async () => {
        const q = await createQueue(target(), { prefix: 'Mixed' });
        await expectSqsError(
          target().sqs.getQueueUrl({ QueueName: q.name.toLowerCase() }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });

    describe('ListQueues', () => {
      it('lists the queues whose names start with the prefix', async () => {
        const prefix = uniqueQueueName('lst');
        const a = await target().sqs.createQueue({ QueueName: `${prefix}-a` });
        const b = await target().sqs.createQueue({ QueueName: `${prefix}-b` });
        await target().sqs.createQueue({ QueueName: `other-${prefix}` });
        const res = await target().sqs.listQueues({ QueueNamePrefix: prefix });
        expect([...(res.QueueUrls ?? [])].sort()).toEqual([a.QueueUrl, b.QueueUrl].sort());
      });

      it('matches the prefix case-sensitively', async () => {
        const prefix = uniqueQueueName('Cased');
        await target().sqs.createQueue({ QueueName: `${prefix}-a` });
        const res = await target().sqs.listQueues({ QueueNamePrefix: prefix.toLowerCase() });
        expect(res.QueueUrls ?? []).toEqual([]);
      });

      it('omits the QueueUrls key when nothing matches', async () => {
        const res = await target().sqs.listQueues({ QueueNamePrefix: uniqueQueueName('none') });
        expect(res).not.toHaveProperty('QueueUrls');
      });

      it('returns no NextToken when MaxResults is not set', async () => {
        const prefix = uniqueQueueName('page');
        for (const n of ['a', 'b', 'c'])
          await target().sqs.createQueue({ QueueName: `${prefix}-${n}` });
        const res = await target().sqs.listQueues({ QueueNamePrefix: prefix });
        expect(res.QueueUrls).toHaveLength(3);
        expect(res.NextToken).toBeUndefined();
      });

      it('pages with MaxResults and NextToken until every queue was listed once', async () => {
        const prefix = uniqueQueueName('page');
        const created: string[] = [];
        for (const n of ['a', 'b', 'c', 'd', 'e']) {
          const { QueueUrl } = await target().sqs.createQueue({ QueueName: `${prefix}-${n}` });
          created.push(QueueUrl ?? '');
        }
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const res = await target().sqs.listQueues({
            QueueNamePrefix: prefix,
            MaxResults: 2,
            NextToken: token,
          });
          expect((res.QueueUrls ?? []).length).toBeLessThanOrEqual(2);
          seen.push(...(res.QueueUrls ?? []));
          token = res.NextToken;
          pages += 1;
        } while (token && pages < 10);
        expect(pages).toBe(3);
        expect(seen.sort()).toEqual(created.sort());
      });

      it('returns a NextToken when MaxResults cuts the list short', async () => {
        const prefix = uniqueQueueName('page');
        for (const n of ['a', 'b']) await target().sqs.createQueue({ QueueName: `${prefix}-${n}` });
        const res = await target().sqs.listQueues({ QueueNamePrefix: prefix, MaxResults: 1 });
        expect(res.QueueUrls).toHaveLength(1);
        expect(typeof res.NextToken).toBe('string');
      });

      it.each([[0], [1001]])('rejects MaxResults %d', async (max) => {
        await expectSqsError(
          target().sqs.listQueues({ MaxResults: max }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });
    });

    describe('DeleteQueue', () => {
      it('removes the queue so that GetQueueUrl no longer finds it', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.getQueueUrl({ QueueName: q.name }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });

      it('makes sends to the deleted queue fail with QueueDoesNotExist', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          send(target(), q.url, 'x'),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          target().sqs.deleteQueue({ QueueUrl: q.url }),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });

      it('allows re-creating the name at once outside strict mode, as an empty queue', async () => {
        const q = await createQueue(target(), { attributes: { VisibilityTimeout: '45' } });
        await send(target(), q.url, 'old');
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        const { QueueUrl } = await target().sqs.createQueue({ QueueName: q.name });
        expect(await receive(target(), QueueUrl ?? '')).toEqual([]);
        expect(await queueAttribute(target(), QueueUrl ?? '', 'VisibilityTimeout')).toBe('30');
      });
    });
  });
}
