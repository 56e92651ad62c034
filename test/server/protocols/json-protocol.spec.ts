import { SqsErrors } from '../../../src/emulator/errors/sqs-errors';
import {
  actionFromTarget,
  decodeJsonRequest,
  encodeJsonError,
  encodeJsonResult,
  isJsonContentType,
} from '../../../src/server/protocols/json-protocol';
import type { SqsAction } from '../../../src/port/sqs-port.interface';
import { actionNamed } from '../../../src/server/protocols/sqs-action-shapes';

function action(name: string): SqsAction {
  const found = actionNamed(name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
}

function decodeError(name: string, body: string): { name: string; Code: string; message: string } {
  try {
    decodeJsonRequest(action(name), body);
  } catch (e) {
    const err = e as { name: string; Code: string; message: string };
    return { name: err.name, Code: err.Code, message: err.message };
  }
  throw new Error('expected a decoding error');
}

describe('JSON protocol: dispatch', () => {
  it('finds the action named by X-Amz-Target', () => {
    expect(actionFromTarget('AmazonSQS.SendMessage')).toBe('sendMessage');
  });

  it('rejects a target of another service with UnknownOperationException', () => {
    expect(() => actionFromTarget('DynamoDB_20120810.GetItem')).toThrow(
      expect.objectContaining({ name: 'UnknownOperationException' }),
    );
  });

  it('rejects an inherited property name as an action', () => {
    expect(() => actionFromTarget('AmazonSQS.__proto__')).toThrow(
      expect.objectContaining({ name: 'UnknownOperationException' }),
    );
  });

  it('accepts the JSON 1.0 content type with a charset parameter', () => {
    expect(isJsonContentType('application/x-amz-json-1.0; charset=utf-8')).toBe(true);
  });

  it('does not take application/json for the JSON 1.0 protocol', () => {
    expect(isJsonContentType('application/json')).toBe(false);
  });
});

describe('JSON protocol: request decoding', () => {
  it('decodes a binary attribute value from base64 into bytes', () => {
    const input = decodeJsonRequest(
      action('SendMessage'),
      JSON.stringify({
        QueueUrl: 'http://x/000000000000/q',
        MessageBody: 'hi',
        MessageAttributes: { b: { DataType: 'Binary', BinaryValue: 'AAH+/w==' } },
      }),
    );
    const attrs = input.MessageAttributes as Record<string, { BinaryValue: Uint8Array }>;
    expect(Array.from(attrs.b.BinaryValue)).toEqual([0, 1, 254, 255]);
  });

  it('treats an empty body as an empty input', () => {
    expect(decodeJsonRequest(action('ListQueues'), '')).toEqual({});
  });

  it('ignores members the action does not have', () => {
    expect(decodeJsonRequest(action('ListQueues'), '{"Bogus":1,"QueueNamePrefix":"a"}')).toEqual({
      QueueNamePrefix: 'a',
    });
  });

  it('treats null members as absent', () => {
    expect(decodeJsonRequest(action('ListQueues'), '{"QueueNamePrefix":null}')).toEqual({});
  });

  it('answers malformed JSON with SerializationException', () => {
    expect(decodeError('ListQueues', '{"QueueNamePrefix":')).toMatchObject({
      name: 'SerializationException',
      Code: 'SerializationException',
      message: expect.stringMatching(/^Request body is not valid JSON/),
    });
  });

  it('answers a string where an integer belongs with SerializationException', () => {
    expect(decodeError('ReceiveMessage', '{"QueueUrl":"u","MaxNumberOfMessages":"10"}')).toEqual({
      name: 'SerializationException',
      Code: 'SerializationException',
      message: 'STRING_VALUE can not be converted to an Integer (at MaxNumberOfMessages)',
    });
  });

  it('answers a fractional integer with SerializationException', () => {
    expect(decodeError('ReceiveMessage', '{"MaxNumberOfMessages":1.5}').message).toBe(
      'NUMBER_VALUE can not be converted to an Integer (at MaxNumberOfMessages)',
    );
  });

  it('answers a top-level array with SerializationException', () => {
    expect(decodeError('ListQueues', '[]').message).toBe(
      'START_ARRAY can not be converted to a structure',
    );
  });

  it('answers a list where a map belongs with SerializationException', () => {
    expect(decodeError('CreateQueue', '{"QueueName":"q","Attributes":["a"]}').message).toBe(
      'START_ARRAY can not be converted to a map (at Attributes)',
    );
  });

  it('answers invalid base64 in a binary value with SerializationException', () => {
    const body = JSON.stringify({
      MessageAttributes: { b: { DataType: 'Binary', BinaryValue: 'not base64!' } },
    });
    expect(decodeError('SendMessage', body).message).toBe(
      'Invalid base64 value (at MessageAttributes.b.BinaryValue)',
    );
  });

  it('keeps a __proto__ map key as an own entry without changing any prototype', () => {
    const input = decodeJsonRequest(
      action('CreateQueue'),
      '{"QueueName":"q","tags":{"__proto__":"x","constructor":"y"}}',
    );
    const tags = input.tags as Record<string, string>;
    expect(Object.keys(tags)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('drops a __proto__ member of a structure', () => {
    const input = decodeJsonRequest(action('ListQueues'), '{"__proto__":{"polluted":true}}');
    expect(Object.keys(input)).toEqual([]);
    expect((input as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('JSON protocol: responses', () => {
  it('writes binary attribute values as base64', () => {
    const body = encodeJsonResult(action('ReceiveMessage'), {
      Messages: [
        {
          MessageId: 'm',
          Body: 'b',
          MessageAttributes: { b: { DataType: 'Binary', BinaryValue: Uint8Array.of(0, 1) } },
        },
      ],
    });
    expect(JSON.parse(body)).toEqual({
      Messages: [
        {
          MessageId: 'm',
          Body: 'b',
          MessageAttributes: { b: { DataType: 'Binary', BinaryValue: 'AAE=' } },
        },
      ],
    });
  });

  it('leaves an empty list out, as SQS does (no "Failed": [])', () => {
    const body = encodeJsonResult(action('SendMessageBatch'), {
      Successful: [{ Id: 'a', MessageId: 'm', MD5OfMessageBody: 'd' }],
      Failed: [],
    });
    expect(JSON.parse(body)).toEqual({
      Successful: [{ Id: 'a', MessageId: 'm', MD5OfMessageBody: 'd' }],
    });
  });

  it('leaves an empty map out, at any depth', () => {
    const body = encodeJsonResult(action('ReceiveMessage'), {
      Messages: [{ MessageId: 'm', Body: 'b', Attributes: {}, MessageAttributes: {} }],
    });
    expect(JSON.parse(body)).toEqual({ Messages: [{ MessageId: 'm', Body: 'b' }] });
  });

  it('writes {} for a result whose only list is empty', () => {
    expect(encodeJsonResult(action('ListDeadLetterSourceQueues'), { queueUrls: [] })).toBe('{}');
  });

  it('sends an empty body for an action without a result', () => {
    expect(encodeJsonResult(action('DeleteMessage'), {})).toBe('');
  });

  it('writes only modelled members', () => {
    expect(encodeJsonResult(action('CreateQueue'), { QueueUrl: 'u', extra: 1 })).toBe(
      '{"QueueUrl":"u"}',
    );
  });

  it('writes an error with __type, message and the x-amzn-query-error header', () => {
    const response = encodeJsonError(SqsErrors.queueDoesNotExist(), 400);
    expect(response).toEqual({
      status: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender',
      },
      body: JSON.stringify({
        __type: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
      }),
    });
  });
});
