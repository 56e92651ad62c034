import { jsonRequest } from '../support/raw-http';
import { type ServerFixture, startFixture } from '../support/server-fixture';

/**
 * SQS's JSON answers leave an empty list or map out instead of sending `[]` or `{}`: no `Failed`
 * after a batch without failures (AWS-recorded SendMessageBatch), no `Successful` when every entry
 * failed, no `Messages`, `QueueUrls`, `Tags` or `Attributes` when there are none (AWS-recorded
 * ReceiveMessage, ListQueues, ListQueueTags, GetQueueAttributes). So `response["Failed"]` raises
 * against AWS and must raise against the emulator too. The SDK turns both forms into much the same
 * object, so these tests read the raw body.
 */
describe('JSON protocol: empty lists and maps are left out', () => {
  let f: ServerFixture;

  beforeEach(async () => {
    f = await startFixture();
  });

  afterEach(async () => {
    await f.server.close();
  });

  /** Calls `action` and returns the parsed body, failing on a non-200 answer. */
  async function call(action: string, input: unknown): Promise<Record<string, unknown>> {
    const res = await jsonRequest(f.url, action, input);
    expect({ action, status: res.status }).toEqual({ action, status: 200 });
    return JSON.parse(res.body) as Record<string, unknown>;
  }

  async function queue(name: string, attributes?: Record<string, string>): Promise<string> {
    const body = await call('CreateQueue', { QueueName: name, Attributes: attributes });
    return body.QueueUrl as string;
  }

  async function receiveHandles(QueueUrl: string): Promise<string[]> {
    const body = await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    return (body.Messages as { ReceiptHandle: string }[]).map((m) => m.ReceiptHandle);
  }

  describe('SendMessageBatch', () => {
    it('has no Failed key when every entry succeeded', async () => {
      const QueueUrl = await queue('q');
      const body = await call('SendMessageBatch', {
        QueueUrl,
        Entries: [{ Id: 'a', MessageBody: 'x' }],
      });
      expect(Object.keys(body)).toEqual(['Successful']);
    });

    it('has no Successful key when every entry failed', async () => {
      const QueueUrl = await queue('q');
      const body = await call('SendMessageBatch', {
        QueueUrl,
        Entries: [{ Id: 'a', MessageBody: 'x', DelaySeconds: 901 }],
      });
      expect(Object.keys(body)).toEqual(['Failed']);
    });

    it('leaves both lists out of the in-process result too', async () => {
      const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'q' });
      const ok = await f.emulator.sendMessageBatch({
        QueueUrl,
        Entries: [{ Id: 'a', MessageBody: 'x' }],
      });
      const bad = await f.emulator.sendMessageBatch({
        QueueUrl,
        Entries: [{ Id: 'a', MessageBody: 'x', DelaySeconds: 901 }],
      });
      expect([Object.keys(ok), Object.keys(bad)]).toEqual([['Successful'], ['Failed']]);
    });
  });

  describe('DeleteMessageBatch', () => {
    it('has no Failed key when every entry succeeded', async () => {
      const QueueUrl = await queue('q');
      await call('SendMessage', { QueueUrl, MessageBody: 'x' });
      const [ReceiptHandle] = await receiveHandles(QueueUrl);
      const body = await call('DeleteMessageBatch', {
        QueueUrl,
        Entries: [{ Id: 'a', ReceiptHandle }],
      });
      expect(body).toEqual({ Successful: [{ Id: 'a' }] });
    });

    it('has no Successful key when every entry failed', async () => {
      const QueueUrl = await queue('q');
      const body = await call('DeleteMessageBatch', {
        QueueUrl,
        Entries: [{ Id: 'a', ReceiptHandle: 'garbage' }],
      });
      expect(Object.keys(body)).toEqual(['Failed']);
    });
  });

  describe('ChangeMessageVisibilityBatch', () => {
    it('has no Failed key when every entry succeeded', async () => {
      const QueueUrl = await queue('q');
      await call('SendMessage', { QueueUrl, MessageBody: 'x' });
      const [ReceiptHandle] = await receiveHandles(QueueUrl);
      const body = await call('ChangeMessageVisibilityBatch', {
        QueueUrl,
        Entries: [{ Id: 'a', ReceiptHandle, VisibilityTimeout: 5 }],
      });
      expect(body).toEqual({ Successful: [{ Id: 'a' }] });
    });

    it('has no Successful key when every entry failed', async () => {
      const QueueUrl = await queue('q');
      const body = await call('ChangeMessageVisibilityBatch', {
        QueueUrl,
        Entries: [{ Id: 'a', ReceiptHandle: 'garbage', VisibilityTimeout: 5 }],
      });
      expect(Object.keys(body)).toEqual(['Failed']);
    });
  });

  describe('ReceiveMessage', () => {
    it('answers {} when there is no message', async () => {
      const QueueUrl = await queue('q');
      expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
    });

    it('leaves out Attributes when none of those asked for applies to the message', async () => {
      const QueueUrl = await queue('q');
      await call('SendMessage', { QueueUrl, MessageBody: 'x' });
      const body = await call('ReceiveMessage', {
        QueueUrl,
        MessageSystemAttributeNames: ['MessageGroupId', 'SequenceNumber'],
      });
      const [message] = body.Messages as Record<string, unknown>[];
      expect(Object.keys(message).sort()).toEqual([
        'Body',
        'MD5OfBody',
        'MessageId',
        'ReceiptHandle',
      ]);
    });

    it('leaves out MessageAttributes and their MD5 when no attribute matches', async () => {
      const QueueUrl = await queue('q');
      await call('SendMessage', {
        QueueUrl,
        MessageBody: 'x',
        MessageAttributes: { a: { DataType: 'String', StringValue: '1' } },
      });
      const body = await call('ReceiveMessage', { QueueUrl, MessageAttributeNames: ['b'] });
      const [message] = body.Messages as Record<string, unknown>[];
      expect(Object.keys(message).sort()).toEqual([
        'Body',
        'MD5OfBody',
        'MessageId',
        'ReceiptHandle',
      ]);
    });
  });

  describe('lists and maps of queues', () => {
    it('answers ListQueues without a match with {}', async () => {
      await queue('q');
      expect(await call('ListQueues', { QueueNamePrefix: 'nothing' })).toEqual({});
    });

    it('answers ListQueueTags of an untagged queue with {}', async () => {
      const QueueUrl = await queue('q');
      expect(await call('ListQueueTags', { QueueUrl })).toEqual({});
    });

    it('answers GetQueueAttributes without AttributeNames with {}', async () => {
      const QueueUrl = await queue('q');
      expect(await call('GetQueueAttributes', { QueueUrl })).toEqual({});
    });

    it('answers GetQueueAttributes for an attribute the queue has not got with {}', async () => {
      const QueueUrl = await queue('q');
      expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['Policy'] })).toEqual(
        {},
      );
    });

    it('answers ListDeadLetterSourceQueues of a queue nobody uses as a DLQ with {}', async () => {
      const QueueUrl = await queue('q');
      expect(await call('ListDeadLetterSourceQueues', { QueueUrl })).toEqual({});
    });

    it('answers ListMessageMoveTasks of a queue without tasks with {}', async () => {
      await queue('q');
      const SourceArn = f.emulator.inspectQueues()[0].arn;
      expect(await call('ListMessageMoveTasks', { SourceArn })).toEqual({});
    });

    it('still sends a list that has items', async () => {
      const dlq = await queue('dlq');
      await queue('source', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: f.emulator.inspectQueues()[0].arn,
          maxReceiveCount: 3,
        }),
      });
      const body = await call('ListDeadLetterSourceQueues', { QueueUrl: dlq });
      expect(body).toEqual({ queueUrls: [expect.stringMatching(/\/source$/)] });
    });
  });
});
