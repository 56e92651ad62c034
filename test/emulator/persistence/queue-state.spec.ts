import { RestartableEmulator } from '../../support/persistence/restartable-emulator';
import { dumpState } from '../../support/persistence/state-dump';

let r: RestartableEmulator;
afterEach(async () => {
  await r.dispose();
});

describe('persistence: queues', () => {
  it('keeps every queue with its attributes, tags, policy and timestamps across a restart', async () => {
    r = await RestartableEmulator.start();
    const sqs = r.emulator;
    const dlq = await sqs.createQueue({
      QueueName: 'orders-dlq',
      Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'allowAll' }) },
    });
    const dlqArn = `arn:aws:sqs:us-east-1:000000000000:orders-dlq`;
    const orders = await sqs.createQueue({
      QueueName: 'orders',
      Attributes: {
        VisibilityTimeout: '45',
        DelaySeconds: '2',
        MessageRetentionPeriod: '3600',
        MaximumMessageSize: '2048',
        ReceiveMessageWaitTimeSeconds: '3',
        KmsMasterKeyId: 'alias/orders',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 }),
      },
      tags: { team: 'shop', tier: 'gold' },
    });
    await sqs.addPermission({
      QueueUrl: orders.QueueUrl,
      Label: 'partner',
      AWSAccountIds: ['111122223333'],
      Actions: ['SendMessage'],
    });
    r.clock.advance(5_000);
    await sqs.setQueueAttributes({ QueueUrl: orders.QueueUrl, Attributes: { DelaySeconds: '1' } });
    await sqs.tagQueue({ QueueUrl: orders.QueueUrl, Tags: { env: 'dev' } });
    await sqs.untagQueue({ QueueUrl: orders.QueueUrl, TagKeys: ['tier'] });
    await sqs.createQueue({
      QueueName: 'pay.fifo',
      Attributes: {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
      },
    });
    const before = await dumpState(sqs);

    r.clock.advance(60_000);
    const after = await r.restart();

    expect(await dumpState(after)).toEqual(before);
    expect(await after.getQueueUrl({ QueueName: 'orders' })).toEqual({
      QueueUrl: orders.QueueUrl,
    });
    expect(await after.listDeadLetterSourceQueues({ QueueUrl: dlq.QueueUrl })).toEqual({
      queueUrls: [orders.QueueUrl],
    });
    const { Attributes } = await after.getQueueAttributes({
      QueueUrl: orders.QueueUrl,
      AttributeNames: ['Policy', 'CreatedTimestamp', 'LastModifiedTimestamp'],
    });
    expect(JSON.parse(Attributes?.Policy as string).Statement[0].Sid).toBe('partner');
    expect(Number(Attributes?.LastModifiedTimestamp) - Number(Attributes?.CreatedTimestamp)).toBe(
      5,
    );
  });

  it('keeps a deleted queue deleted, and the handles of its messages invalid on a namesake', async () => {
    r = await RestartableEmulator.start();
    const first = await r.emulator.createQueue({ QueueName: 'jobs' });
    await r.emulator.sendMessage({ QueueUrl: first.QueueUrl, MessageBody: 'old' });
    const { Messages: old } = await r.emulator.receiveMessage({ QueueUrl: first.QueueUrl });
    await r.emulator.deleteQueue({ QueueUrl: first.QueueUrl });
    await r.emulator.createQueue({ QueueName: 'gone' });
    await r.emulator.deleteQueue({ QueueUrl: r.emulator.queueUrlOf('gone') });

    const sqs = await r.restart();
    expect(sqs.queueUrlOf('gone')).toBeUndefined();
    // A new queue of the same name: its first message has the same sequence and receive number
    // as the old one's, so only the queue id (kept across the restart) tells the handles apart.
    const second = await sqs.createQueue({ QueueName: 'jobs' });
    await sqs.sendMessage({ QueueUrl: second.QueueUrl, MessageBody: 'new' });
    await sqs.receiveMessage({ QueueUrl: second.QueueUrl });
    await expect(
      sqs.deleteMessage({ QueueUrl: second.QueueUrl, ReceiptHandle: old?.[0].ReceiptHandle }),
    ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    expect(sqs.peekMessages('jobs').map((m) => m.body)).toEqual(['new']);
  });

  it('keeps the 60-second re-create and purge rules of strict mode across a restart', async () => {
    r = await RestartableEmulator.start({ strict: true });
    const { QueueUrl } = await r.emulator.createQueue({ QueueName: 'purged' });
    await r.emulator.purgeQueue({ QueueUrl });
    await r.emulator.createQueue({ QueueName: 'deleted' });
    await r.emulator.deleteQueue({ QueueUrl: r.emulator.queueUrlOf('deleted') });
    r.clock.advance(30_000);

    const sqs = await r.restart();
    await expect(sqs.purgeQueue({ QueueUrl })).rejects.toMatchObject({
      name: 'PurgeQueueInProgress',
    });
    await expect(sqs.createQueue({ QueueName: 'deleted' })).rejects.toMatchObject({
      name: 'QueueDeletedRecently',
    });
    r.clock.advance(30_000);
    await expect(sqs.purgeQueue({ QueueUrl })).resolves.toEqual({});
    await expect(sqs.createQueue({ QueueName: 'deleted' })).resolves.toHaveProperty('QueueUrl');
  });

  it('drops what a purge removed and keeps what was sent after it', async () => {
    r = await RestartableEmulator.start();
    const { QueueUrl } = await r.emulator.createQueue({ QueueName: 'q' });
    await r.emulator.sendMessage({ QueueUrl, MessageBody: 'before-1' });
    await r.emulator.sendMessage({ QueueUrl, MessageBody: 'before-2' });
    await r.emulator.purgeQueue({ QueueUrl });
    await r.emulator.sendMessage({ QueueUrl, MessageBody: 'after' });

    const sqs = await r.restart();
    expect(sqs.peekMessages('q').map((m) => m.body)).toEqual(['after']);
  });
});
