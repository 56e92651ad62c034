import type { TargetFactory } from '../conformance-target';
import {
  accountOf,
  createQueue,
  queueAttribute,
  uniqueQueueName,
} from '../../support/conformance/queue-fixtures';
import {
  ANY_MESSAGE,
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

interface PolicyStatement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string | string[] };
  Action: string | string[];
  Resource: string;
}

/** Tags (TagQueue, UntagQueue, ListQueueTags) and permissions (AddPermission, RemovePermission). */
export function tagsPermissionsCases(factory: TargetFactory): void {
  describe('tags', () => {
    const target = useTarget(factory);

    it('returns the tags given at creation', async () => {
      const name = uniqueQueueName();
      const { QueueUrl } = await target().sqs.createQueue({
        QueueName: name,
        tags: { team: 'core', env: 'test' },
      });
      const res = await target().sqs.listQueueTags({ QueueUrl });
      expect(res.Tags).toEqual({ team: 'core', env: 'test' });
    });

    it('returns no tags for an untagged queue', async () => {
      const q = await createQueue(target());
      const res = await target().sqs.listQueueTags({ QueueUrl: q.url });
      expect(res.Tags ?? {}).toEqual({});
    });

    it('adds tags with TagQueue and overwrites an existing key', async () => {
      const q = await createQueue(target());
      await target().sqs.tagQueue({ QueueUrl: q.url, Tags: { a: '1', b: '2' } });
      await target().sqs.tagQueue({ QueueUrl: q.url, Tags: { b: 'two' } });
      expect((await target().sqs.listQueueTags({ QueueUrl: q.url })).Tags).toEqual({
        a: '1',
        b: 'two',
      });
    });

    it('treats tag keys as case-sensitive', async () => {
      const q = await createQueue(target());
      await target().sqs.tagQueue({ QueueUrl: q.url, Tags: { Key: 'upper', key: 'lower' } });
      expect((await target().sqs.listQueueTags({ QueueUrl: q.url })).Tags).toEqual({
        Key: 'upper',
        key: 'lower',
      });
    });

    it('removes tags with UntagQueue and ignores keys that do not exist', async () => {
      const q = await createQueue(target());
      await target().sqs.tagQueue({ QueueUrl: q.url, Tags: { a: '1', b: '2' } });
      await target().sqs.untagQueue({ QueueUrl: q.url, TagKeys: ['a', 'missing'] });
      expect((await target().sqs.listQueueTags({ QueueUrl: q.url })).Tags).toEqual({ b: '2' });
    });

    it('fails with QueueDoesNotExist for an unknown queue', async () => {
      const q = await createQueue(target());
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await expectSqsError(
        target().sqs.tagQueue({ QueueUrl: q.url, Tags: { a: '1' } }),
        SqsCode.QueueDoesNotExist,
        QUEUE_DOES_NOT_EXIST,
      );
      await expectSqsError(
        target().sqs.listQueueTags({ QueueUrl: q.url }),
        SqsCode.QueueDoesNotExist,
        QUEUE_DOES_NOT_EXIST,
      );
    });
  });

  describe('permissions', () => {
    const target = useTarget(factory);

    async function policyOf(
      url: string,
    ): Promise<{ Version: string; Statement: PolicyStatement[] } | undefined> {
      const raw = await queueAttribute(target(), url, 'Policy');
      return raw === undefined ? undefined : JSON.parse(raw);
    }

    it('writes a policy statement whose Sid is the label', async () => {
      const q = await createQueue(target());
      const account = accountOf(q.url);
      await target().sqs.addPermission({
        QueueUrl: q.url,
        Label: 'crossaccountpermission',
        AWSAccountIds: [account],
        Actions: ['ReceiveMessage'],
      });
      const policy = await policyOf(q.url);
      expect(policy?.Version).toBe('2008-10-17');
      expect(policy?.Statement).toEqual([
        {
          Sid: 'crossaccountpermission',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'SQS:ReceiveMessage',
          Resource: q.arn,
        },
      ]);
    });

    it('lists several principals and actions as arrays', async () => {
      const q = await createQueue(target());
      await target().sqs.addPermission({
        QueueUrl: q.url,
        Label: 'two',
        AWSAccountIds: ['111111111111', '222222222222'],
        Actions: ['SendMessage', 'ReceiveMessage'],
      });
      const [statement] = (await policyOf(q.url))?.Statement ?? [];
      expect(statement.Principal.AWS).toEqual([
        'arn:aws:iam::111111111111:root',
        'arn:aws:iam::222222222222:root',
      ]);
      expect(statement.Action).toEqual(['SQS:SendMessage', 'SQS:ReceiveMessage']);
    });

    it('rejects a label that already exists, with the AWS text', async () => {
      const q = await createQueue(target());
      const input = {
        QueueUrl: q.url,
        Label: 'dup',
        AWSAccountIds: ['111111111111'],
        Actions: ['SendMessage'],
      };
      await target().sqs.addPermission(input);
      await expectSqsError(
        target().sqs.addPermission(input),
        SqsCode.InvalidParameterValue,
        'Value dup for parameter Label is invalid. Reason: Already exists.',
      );
    });

    it('removes one statement with RemovePermission and keeps the others', async () => {
      const q = await createQueue(target());
      for (const label of ['first', 'second']) {
        await target().sqs.addPermission({
          QueueUrl: q.url,
          Label: label,
          AWSAccountIds: ['111111111111'],
          Actions: ['SendMessage'],
        });
      }
      await target().sqs.removePermission({ QueueUrl: q.url, Label: 'first' });
      expect((await policyOf(q.url))?.Statement.map((st) => st.Sid)).toEqual(['second']);
    });

    it('drops the Policy attribute when the last statement is removed', async () => {
      const q = await createQueue(target());
      await target().sqs.addPermission({
        QueueUrl: q.url,
        Label: 'only',
        AWSAccountIds: ['111111111111'],
        Actions: ['SendMessage'],
      });
      await target().sqs.removePermission({ QueueUrl: q.url, Label: 'only' });
      expect(await policyOf(q.url)).toBeUndefined();
    });

    it('rejects removing a label that does not exist, with the AWS text', async () => {
      const q = await createQueue(target());
      await expectSqsError(
        target().sqs.removePermission({ QueueUrl: q.url, Label: 'nope' }),
        SqsCode.InvalidParameterValue,
        "Value nope for parameter Label is invalid. Reason: can't find label.",
      );
    });

    it('rejects more than 7 actions with OverLimit', async () => {
      const q = await createQueue(target());
      await expectSqsError(
        target().sqs.addPermission({
          QueueUrl: q.url,
          Label: 'many',
          AWSAccountIds: ['111111111111'],
          Actions: [
            'SendMessage',
            'ReceiveMessage',
            'DeleteMessage',
            'ChangeMessageVisibility',
            'GetQueueAttributes',
            'GetQueueUrl',
            'ListDeadLetterSourceQueues',
            'PurgeQueue',
          ],
        }),
        SqsCode.OverLimit,
        ANY_MESSAGE,
      );
    });

    it('fails with QueueDoesNotExist for an unknown queue', async () => {
      const q = await createQueue(target());
      await target().sqs.deleteQueue({ QueueUrl: q.url });
      await expectSqsError(
        target().sqs.addPermission({
          QueueUrl: q.url,
          Label: 'x',
          AWSAccountIds: ['111111111111'],
          Actions: ['SendMessage'],
        }),
        SqsCode.QueueDoesNotExist,
        QUEUE_DOES_NOT_EXIST,
      );
    });
  });
}
