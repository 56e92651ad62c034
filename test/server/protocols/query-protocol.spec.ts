import { SqsErrors } from '../../../src/emulator/errors/sqs-errors';
import { encodeQueryError, encodeQueryResult } from '../../../src/server/protocols/query-protocol';
import type { SqsAction } from '../../../src/port/sqs-port.interface';
import { actionNamed } from '../../../src/server/protocols/sqs-action-shapes';

const NS = 'xmlns="http://queue.amazonaws.com/doc/2012-11-05/"';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

function action(name: string): SqsAction {
  const found = actionNamed(name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
}

describe('query protocol: results', () => {
  it('wraps a result in <XResponse><XResult> with the request id', () => {
    expect(encodeQueryResult(action('CreateQueue'), { QueueUrl: 'http://h/1/q' }, 'rid')).toEqual({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        `${HEAD}<CreateQueueResponse ${NS}><CreateQueueResult><QueueUrl>http://h/1/q</QueueUrl>` +
        '</CreateQueueResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>' +
        '</CreateQueueResponse>',
    });
  });

  it('writes an action without a result as response metadata only', () => {
    expect(encodeQueryResult(action('DeleteMessage'), {}, 'rid').body).toBe(
      `${HEAD}<DeleteMessageResponse ${NS}><ResponseMetadata><RequestId>rid</RequestId>` +
        '</ResponseMetadata></DeleteMessageResponse>',
    );
  });

  it('flattens lists into repeated elements', () => {
    const body = encodeQueryResult(action('ListQueues'), { QueueUrls: ['a', 'b'] }, 'r').body;
    expect(body).toContain(
      '<ListQueuesResult><QueueUrl>a</QueueUrl><QueueUrl>b</QueueUrl></ListQueuesResult>',
    );
  });

  it('flattens maps into <Attribute><Name/><Value/></Attribute>', () => {
    const body = encodeQueryResult(
      action('GetQueueAttributes'),
      { Attributes: { DelaySeconds: '0', VisibilityTimeout: '30' } },
      'r',
    ).body;
    expect(body).toContain(
      '<Attribute><Name>DelaySeconds</Name><Value>0</Value></Attribute>' +
        '<Attribute><Name>VisibilityTimeout</Name><Value>30</Value></Attribute>',
    );
  });

  it('writes tags as <Tag><Key/><Value/></Tag>', () => {
    const body = encodeQueryResult(action('ListQueueTags'), { Tags: { a: 'b' } }, 'r').body;
    expect(body).toContain('<Tag><Key>a</Key><Value>b</Value></Tag>');
  });

  it('writes a received message with system and message attributes', () => {
    const body = encodeQueryResult(
      action('ReceiveMessage'),
      {
        Messages: [
          {
            MessageId: 'id',
            ReceiptHandle: 'rh',
            MD5OfBody: 'md5',
            Body: 'a\r\n"b"',
            Attributes: { SenderId: 's' },
            MD5OfMessageAttributes: 'amd5',
            MessageAttributes: {
              bin: { DataType: 'Binary', BinaryValue: Uint8Array.of(255) },
              str: { DataType: 'String', StringValue: '<v>' },
            },
          },
        ],
      },
      'r',
    ).body;
    expect(body).toContain(
      '<ReceiveMessageResult><Message><MessageId>id</MessageId><ReceiptHandle>rh</ReceiptHandle>' +
        '<MD5OfBody>md5</MD5OfBody><Body>a&#xD;\n&quot;b&quot;</Body>' +
        '<Attribute><Name>SenderId</Name><Value>s</Value></Attribute>' +
        '<MD5OfMessageAttributes>amd5</MD5OfMessageAttributes>' +
        '<MessageAttribute><Name>bin</Name><Value><BinaryValue>/w==</BinaryValue><DataType>Binary</DataType></Value></MessageAttribute>' +
        '<MessageAttribute><Name>str</Name><Value><StringValue>&lt;v&gt;</StringValue><DataType>String</DataType></Value></MessageAttribute>' +
        '</Message></ReceiveMessageResult>',
    );
  });

  it('writes batch failures with SenderFault as a boolean', () => {
    const body = encodeQueryResult(
      action('DeleteMessageBatch'),
      {
        Successful: [{ Id: 'a' }],
        Failed: [{ Id: 'b', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'm' }],
      },
      'r',
    ).body;
    expect(body).toContain(
      '<DeleteMessageBatchResultEntry><Id>a</Id></DeleteMessageBatchResultEntry>' +
        '<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault>' +
        '<Code>ReceiptHandleIsInvalid</Code><Message>m</Message></BatchResultErrorEntry>',
    );
  });

  it('writes ListDeadLetterSourceQueues’ queueUrls as <QueueUrl> elements', () => {
    const body = encodeQueryResult(
      action('ListDeadLetterSourceQueues'),
      { queueUrls: ['u'] },
      'r',
    ).body;
    expect(body).toContain('<ListDeadLetterSourceQueuesResult><QueueUrl>u</QueueUrl>');
  });
});

describe('query protocol: errors', () => {
  it('writes an ErrorResponse with type, code, message and request id', () => {
    expect(encodeQueryError(SqsErrors.receiptHandleIsInvalid('x'), 'rid')).toEqual({
      status: 400,
      headers: { 'content-type': 'text/xml' },
      body:
        `${HEAD}<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>ReceiptHandleIsInvalid</Code>` +
        '<Message>The input receipt handle &quot;x&quot; is not a valid receipt handle.</Message>' +
        '<Detail/></Error><RequestId>rid</RequestId></ErrorResponse>',
    });
  });

  it('uses the query wording for a missing queue', () => {
    expect(encodeQueryError(SqsErrors.queueDoesNotExist(), 'r').body).toContain(
      '<Code>AWS.SimpleQueueService.NonExistentQueue</Code>' +
        '<Message>The specified queue does not exist for this wsdl version.</Message>',
    );
  });

  it('uses the query model’s status (403 for PurgeQueueInProgress)', () => {
    expect(encodeQueryError(SqsErrors.purgeQueueInProgress('q'), 'r').status).toBe(403);
  });
});
