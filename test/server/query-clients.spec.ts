import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { referenceMd5OfAttributes } from '../support/conformance/reference-md5';
import { queryClient } from '../support/query-clients';
import { runProcess, type ProcessResult } from '../support/run-process';
import { startFixture, type ServerFixture } from '../support/server-fixture';

/**
 * Real clients nobody here wrote, speaking the query protocol: Debian bookworm's awscli and
 * boto3 (botocore 1.29, before SQS moved to JSON). They parse our XML and errors their own way.
 */
const PYTHON = () => queryClient('boto3');
const AWS = () => queryClient('aws-cli');
const CLIENT_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};
const SLOW = 90_000;

let f: ServerFixture;
const protocols: string[] = [];

beforeAll(async () => {
  f = await startFixture({
    logger: {
      debug: (line) => protocols.push(line.split(' ')[2]),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
});
afterAll(async () => {
  await f.server.close();
});

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

async function aws(...args: string[]): Promise<ProcessResult> {
  return runProcess(
    AWS(),
    ['--endpoint-url', f.url, '--output', 'json', 'sqs', ...args],
    CLIENT_ENV,
  );
}

async function awsJson<T>(...args: string[]): Promise<T> {
  const res = await aws(...args);
  if (res.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
  return (res.stdout.trim() ? JSON.parse(res.stdout) : {}) as T;
}

describe('boto3 over the query protocol', () => {
  it(
    'passes the scenario script: queues, DLQ, attributes, MD5s, visibility, batches, FIFO, errors',
    async () => {
      const script = join(__dirname, 'fixtures', 'boto3_query_scenario.py');
      const res = await runProcess(PYTHON(), [script, f.url], CLIENT_ENV);
      expect({
        code: res.code,
        last: res.stdout.trim().split('\n').pop(),
        stderr: res.stderr,
      }).toEqual({
        code: 0,
        last: expect.stringMatching(/^PASSED \d+ checks$/),
        stderr: '',
      });
    },
    SLOW,
  );
});

describe('aws CLI over the query protocol', () => {
  it(
    'creates a queue with attributes, tags and a dead-letter queue',
    async () => {
      const dlq = await awsJson<{ QueueUrl: string }>('create-queue', '--queue-name', 'cli-dlq');
      const redrive = JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:cli-dlq',
        maxReceiveCount: 3,
      });
      const main = await awsJson<{ QueueUrl: string }>(
        'create-queue',
        '--queue-name',
        'cli-main',
        '--attributes',
        JSON.stringify({ VisibilityTimeout: '45', RedrivePolicy: redrive }),
        '--tags',
        'team=ops',
      );
      const sources = await awsJson<{ queueUrls: string[] }>(
        'list-dead-letter-source-queues',
        '--queue-url',
        dlq.QueueUrl,
      );
      const attrs = await awsJson<{ Attributes: Record<string, string> }>(
        'get-queue-attributes',
        '--queue-url',
        main.QueueUrl,
        '--attribute-names',
        'VisibilityTimeout',
        'RedrivePolicy',
      );
      const tags = await awsJson<{ Tags: Record<string, string> }>(
        'list-queue-tags',
        '--queue-url',
        main.QueueUrl,
      );
      expect({
        main: main.QueueUrl,
        sources: sources.queueUrls,
        attrs: attrs.Attributes,
        tags: tags.Tags,
      }).toEqual({
        main: `${f.url}/000000000000/cli-main`,
        sources: [main.QueueUrl],
        attrs: { VisibilityTimeout: '45', RedrivePolicy: redrive },
        tags: { team: 'ops' },
      });
    },
    SLOW,
  );

  it(
    'sends a message with attributes and gets SQS’s MD5s back',
    async () => {
      const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'cli-send' });
      const attributes: Record<string, MessageAttributeValue> = {
        text: { DataType: 'String', StringValue: 'ü' },
        n: { DataType: 'Number', StringValue: '7' },
        b: { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') },
      };
      const wire = {
        text: attributes.text,
        n: attributes.n,
        b: {
          DataType: 'Binary',
          BinaryValue: Buffer.from('Hello binary world!').toString('base64'),
        },
      };
      const sent = await awsJson<Record<string, string>>(
        'send-message',
        '--queue-url',
        QueueUrl as string,
        '--message-body',
        'héllo\r\n<b>',
        '--message-attributes',
        JSON.stringify(wire),
      );
      expect([sent.MD5OfMessageBody, sent.MD5OfMessageAttributes]).toEqual([
        md5('héllo\r\n<b>'),
        referenceMd5OfAttributes(attributes),
      ]);
    },
    SLOW,
  );

  it(
    'receives a message byte for byte, with its attributes',
    async () => {
      const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'cli-receive' });
      await f.emulator.sendMessage({
        QueueUrl,
        MessageBody: 'a\r\nb & "c" 🚀',
        MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      });
      const { Messages } = await awsJson<{ Messages: Record<string, unknown>[] }>(
        'receive-message',
        '--queue-url',
        QueueUrl as string,
        '--attribute-names',
        'ApproximateReceiveCount',
        '--message-attribute-names',
        'All',
      );
      expect(Messages).toEqual([
        expect.objectContaining({
          Body: 'a\r\nb & "c" 🚀',
          MD5OfBody: md5('a\r\nb & "c" 🚀'),
          Attributes: { ApproximateReceiveCount: '1' },
          MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
          MD5OfMessageAttributes: referenceMd5OfAttributes({
            k: { DataType: 'String', StringValue: 'v' },
          }),
        }),
      ]);
    },
    SLOW,
  );

  it(
    'changes a message’s visibility and deletes it',
    async () => {
      const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'cli-visibility' });
      const url = QueueUrl as string;
      await f.emulator.sendMessage({ QueueUrl, MessageBody: 'm' });
      const first = await awsJson<{ Messages: { ReceiptHandle: string }[] }>(
        'receive-message',
        '--queue-url',
        url,
      );
      await awsJson(
        'change-message-visibility',
        '--queue-url',
        url,
        '--receipt-handle',
        first.Messages[0].ReceiptHandle,
        '--visibility-timeout',
        '0',
      );
      const again = await awsJson<{ Messages: { ReceiptHandle: string }[] }>(
        'receive-message',
        '--queue-url',
        url,
      );
      await awsJson(
        'delete-message',
        '--queue-url',
        url,
        '--receipt-handle',
        again.Messages[0].ReceiptHandle,
      );
      expect(f.emulator.peekMessages('cli-visibility')).toEqual([]);
    },
    SLOW,
  );

  it(
    'sends and deletes in batches, reporting a bad entry per entry',
    async () => {
      const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'cli-batch' });
      const url = QueueUrl as string;
      const sent = await awsJson<{
        Successful: { Id: string }[];
        Failed: { Id: string; Code: string }[];
      }>(
        'send-message-batch',
        '--queue-url',
        url,
        '--entries',
        JSON.stringify([
          { Id: 'one', MessageBody: 'first' },
          { Id: 'two', MessageBody: 'second', DelaySeconds: 0 },
          { Id: 'bad', MessageBody: 'x', DelaySeconds: 901 },
        ]),
      );
      const received = await awsJson<{ Messages: { ReceiptHandle: string }[] }>(
        'receive-message',
        '--queue-url',
        url,
        '--max-number-of-messages',
        '10',
      );
      const deleted = await awsJson<{ Successful: { Id: string }[] }>(
        'delete-message-batch',
        '--queue-url',
        url,
        '--entries',
        JSON.stringify(
          received.Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        ),
      );
      expect({
        sent: sent.Successful.map((e) => e.Id).sort(),
        failed: sent.Failed.map((e) => [e.Id, e.Code]),
        deleted: deleted.Successful.length,
      }).toEqual({ sent: ['one', 'two'], failed: [['bad', 'InvalidParameterValue']], deleted: 2 });
    },
    SLOW,
  );

  it(
    'keeps FIFO order within a message group',
    async () => {
      const fifo = await awsJson<{ QueueUrl: string }>(
        'create-queue',
        '--queue-name',
        'cli-orders.fifo',
        '--attributes',
        JSON.stringify({ FifoQueue: 'true', ContentBasedDeduplication: 'true' }),
      );
      for (const body of ['1', '2', '3']) {
        await awsJson(
          'send-message',
          '--queue-url',
          fifo.QueueUrl,
          '--message-body',
          body,
          '--message-group-id',
          'g',
        );
      }
      const received = await awsJson<{ Messages: { Body: string }[] }>(
        'receive-message',
        '--queue-url',
        fifo.QueueUrl,
        '--max-number-of-messages',
        '10',
      );
      expect(received.Messages.map((m) => m.Body)).toEqual(['1', '2', '3']);
    },
    SLOW,
  );

  it(
    'reports a missing queue with its query code and text',
    async () => {
      const res = await aws('get-queue-url', '--queue-name', 'cli-nope');
      expect({ code: res.code, stderr: res.stderr.trim() }).toEqual({
        code: 254,
        stderr:
          'An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl ' +
          'operation: The specified queue does not exist for this wsdl version.',
      });
    },
    SLOW,
  );

  it(
    'reports an invalid parameter with its query code',
    async () => {
      const { QueueUrl } = await f.emulator.createQueue({ QueueName: 'cli-invalid' });
      const res = await aws(
        'receive-message',
        '--queue-url',
        QueueUrl as string,
        '--max-number-of-messages',
        '11',
      );
      expect(res.stderr.trim()).toBe(
        'An error occurred (InvalidParameterValue) when calling the ReceiveMessage operation: ' +
          'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
      );
    },
    SLOW,
  );
});

describe('the clients above', () => {
  it('spoke only the query protocol', () => {
    expect([...new Set(protocols)]).toEqual(['query']);
  });
});
