import {
  decodeQueryRequest,
  MAX_QUERY_PARAMETERS,
  parseFormParameters,
} from '../../../src/server/protocols/query-request-parser';
import { actionNamed, SQS_ACTION_SHAPES } from '../../../src/server/protocols/sqs-action-shapes';

function decode(action: string, form: string): Record<string, unknown> {
  const found = actionNamed(action);
  if (!found) throw new Error(`no action ${action}`);
  return decodeQueryRequest(SQS_ACTION_SHAPES[found].input, parseFormParameters(form));
}

function errorOf(fn: () => unknown): { Code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { Code: (e as { Code: string }).Code, message: (e as Error).message };
  }
  throw new Error('expected an error');
}

describe('form decoding', () => {
  it('decodes percent-escapes and + as space', () => {
    expect(parseFormParameters('MessageBody=a+b%20c%26d%3D%F0%9F%9A%80')).toEqual(
      new Map([['MessageBody', 'a b c&d=🚀']]),
    );
  });

  it('takes a parameter without = as empty', () => {
    expect(parseFormParameters('AttributeName&x=1')).toEqual(
      new Map([
        ['AttributeName', ''],
        ['x', '1'],
      ]),
    );
  });

  it('answers a broken percent-escape with MalformedQueryString', () => {
    expect(errorOf(() => parseFormParameters('MessageBody=%ZZ'))).toEqual({
      Code: 'MalformedQueryString',
      message: 'The query string is malformed: invalid percent-encoding in "%ZZ".',
    });
  });

  it('answers percent-encoded invalid UTF-8 with MalformedQueryString', () => {
    expect(errorOf(() => parseFormParameters('MessageBody=%C3%28')).Code).toBe(
      'MalformedQueryString',
    );
  });

  it('refuses more parameters than any SQS request needs', () => {
    const form = Array.from({ length: MAX_QUERY_PARAMETERS + 1 }, (_, i) => `p${i}=1`).join('&');
    expect(errorOf(() => parseFormParameters(form)).Code).toBe('MalformedQueryString');
  });
});

describe('query parameters to SDK input', () => {
  it('builds queue attributes and tags from Attribute.N and Tag.N', () => {
    expect(
      decode(
        'CreateQueue',
        'Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=5' +
          '&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=60&Tag.1.Key=team&Tag.1.Value=a',
      ),
    ).toEqual({
      QueueName: 'q',
      Attributes: { DelaySeconds: '5', VisibilityTimeout: '60' },
      tags: { team: 'a' },
    });
  });

  it('accepts Tags.N for TagQueue as well as botocore’s Tag.N', () => {
    expect(decode('TagQueue', 'QueueUrl=u&Tags.1.Key=k&Tags.1.Value=v')).toEqual({
      QueueUrl: 'u',
      Tags: { k: 'v' },
    });
  });

  it('builds message attributes with their nested value', () => {
    const input = decode(
      'SendMessage',
      'QueueUrl=u&MessageBody=hi&DelaySeconds=3' +
        '&MessageAttribute.1.Name=s&MessageAttribute.1.Value.DataType=String' +
        '&MessageAttribute.1.Value.StringValue=v' +
        '&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=Binary' +
        '&MessageAttribute.2.Value.BinaryValue=AAE%3D' +
        '&MessageSystemAttribute.1.Name=AWSTraceHeader' +
        '&MessageSystemAttribute.1.Value.DataType=String&MessageSystemAttribute.1.Value.StringValue=t',
    );
    expect(input).toEqual({
      QueueUrl: 'u',
      MessageBody: 'hi',
      DelaySeconds: 3,
      MessageAttributes: {
        s: { DataType: 'String', StringValue: 'v' },
        b: { DataType: 'Binary', BinaryValue: Uint8Array.of(0, 1) },
      },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 't' } },
    });
  });

  it('builds batch entries in index order, not parameter order', () => {
    const input = decode(
      'DeleteMessageBatch',
      'QueueUrl=u&DeleteMessageBatchRequestEntry.2.Id=b&DeleteMessageBatchRequestEntry.2.ReceiptHandle=hb' +
        '&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle=ha',
    );
    expect(input.Entries).toEqual([
      { Id: 'a', ReceiptHandle: 'ha' },
      { Id: 'b', ReceiptHandle: 'hb' },
    ]);
  });

  it('orders indices numerically (10 after 9)', () => {
    const form = Array.from({ length: 10 }, (_, i) => `AttributeName.${i + 1}=n${i + 1}`).join('&');
    expect(decode('GetQueueAttributes', form).AttributeNames).toEqual(
      Array.from({ length: 10 }, (_, i) => `n${i + 1}`),
    );
  });

  it('reads lists of names from AttributeName.N and MessageAttributeName.N', () => {
    expect(
      decode(
        'ReceiveMessage',
        'QueueUrl=u&AttributeName.1=All&MessageAttributeName.1=a.*&MessageAttributeName.2=b&MaxNumberOfMessages=10',
      ),
    ).toEqual({
      QueueUrl: 'u',
      AttributeNames: ['All'],
      MessageAttributeNames: ['a.*', 'b'],
      MaxNumberOfMessages: 10,
    });
  });

  it('reads an empty list sent as the bare list name', () => {
    expect(decode('SendMessageBatch', 'QueueUrl=u&SendMessageBatchRequestEntry=')).toEqual({
      QueueUrl: 'u',
      Entries: [],
    });
  });

  it('reads AddPermission’s account and action lists', () => {
    expect(
      decode(
        'AddPermission',
        'QueueUrl=u&Label=l&AWSAccountId.1=111122223333&ActionName.1=SendMessage',
      ),
    ).toEqual({
      QueueUrl: 'u',
      Label: 'l',
      AWSAccountIds: ['111122223333'],
      Actions: ['SendMessage'],
    });
  });

  it('ignores parameters the action does not have', () => {
    expect(decode('ListQueues', 'Action=ListQueues&Version=2012-11-05&Bogus=1')).toEqual({});
  });

  it('answers a non-integer where an integer belongs with InvalidParameterValue', () => {
    expect(errorOf(() => decode('ReceiveMessage', 'MaxNumberOfMessages=ten'))).toEqual({
      Code: 'InvalidParameterValue',
      message:
        'Value ten for parameter MaxNumberOfMessages is invalid. Reason: Must be an integer.',
    });
  });

  it('answers invalid base64 in a binary value with InvalidParameterValue', () => {
    const form =
      'MessageAttribute.1.Name=b&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=%21%21';
    expect(errorOf(() => decode('SendMessage', form)).Code).toBe('InvalidParameterValue');
  });

  it('answers a non-numeric list index with MalformedQueryString', () => {
    expect(errorOf(() => decode('CreateQueue', 'QueueName=q&Attribute.x.Name=a')).Code).toBe(
      'MalformedQueryString',
    );
  });

  it('answers a map entry without its name with MalformedQueryString', () => {
    expect(errorOf(() => decode('CreateQueue', 'QueueName=q&Attribute.1.Value=5'))).toEqual({
      Code: 'MalformedQueryString',
      message: 'The query string is malformed: Attribute.1 has no Attribute.1.Name.',
    });
  });

  it('keeps __proto__ and constructor as ordinary map keys', () => {
    const input = decode(
      'CreateQueue',
      'QueueName=q&Tag.1.Key=__proto__&Tag.1.Value=x&Tag.2.Key=constructor&Tag.2.Value=y',
    );
    const tags = input.tags as Record<string, string>;
    expect(Object.keys(tags)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('does not read members through a __proto__ parameter', () => {
    expect(decode('ListQueues', '__proto__.QueueNamePrefix=a&constructor=b')).toEqual({});
  });
});
