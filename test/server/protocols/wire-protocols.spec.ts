import type { IncomingHttpHeaders } from 'node:http';
import { SqsErrors } from '../../../src/emulator/errors/sqs-errors';
import { JSON_PROTOCOL } from '../../../src/server/protocols/json-protocol';
import { ProtocolErrors } from '../../../src/server/protocols/protocol-errors';
import { QUERY_PROTOCOL } from '../../../src/server/protocols/query-protocol';
import type { WireRequest } from '../../../src/server/protocols/wire-protocol.interface';
import { protocolOf } from '../../../src/server/protocols/wire-protocols';

function request(headers: IncomingHttpHeaders, path = '/'): WireRequest {
  return {
    headers,
    url: new URL(path, 'http://localhost'),
    origin: 'http://h:1',
    requestId: 'rid',
  };
}

describe('wire protocols: choosing one', () => {
  it('takes a request with X-Amz-Target for JSON, whatever its content type', () => {
    expect(protocolOf({ 'x-amz-target': 'AmazonSQS.ListQueues' }).name).toBe('json');
  });

  it('takes a JSON content type for JSON', () => {
    expect(protocolOf({ 'content-type': 'application/x-amz-json-1.1' }).name).toBe('json');
    expect(protocolOf({ 'content-type': 'application/json' }).name).toBe('json');
  });

  it('takes anything else for query', () => {
    expect(protocolOf({ 'content-type': 'application/x-www-form-urlencoded' }).name).toBe('query');
    expect(protocolOf({}).name).toBe('query');
  });
});

describe('wire protocols: decoding into one port call', () => {
  it('decodes a JSON request into its action and input', () => {
    const call = JSON_PROTOCOL.decode(
      request({
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
      }),
      Buffer.from('{"QueueUrl":"u","MessageBody":"hi"}'),
    );
    expect(call).toEqual({ action: 'sendMessage', input: { QueueUrl: 'u', MessageBody: 'hi' } });
  });

  it('decodes a query request into its action and input', () => {
    const call = QUERY_PROTOCOL.decode(
      request({ 'content-type': 'application/x-www-form-urlencoded' }),
      Buffer.from('Action=DeleteMessage&QueueUrl=u&ReceiptHandle=r'),
    );
    expect(call).toEqual({ action: 'deleteMessage', input: { QueueUrl: 'u', ReceiptHandle: 'r' } });
  });

  it('takes a query request’s queue URL from its path when it has no QueueUrl (Java SDK v1)', () => {
    const call = QUERY_PROTOCOL.decode(
      request({}, '/000000000000/q?Action=PurgeQueue'),
      Buffer.alloc(0),
    );
    expect(call).toEqual({
      action: 'purgeQueue',
      input: { QueueUrl: 'http://h:1/000000000000/q' },
    });
  });
});

describe('wire protocols: error status', () => {
  it('answers an SQS error with 400 in JSON, and with its query status in query mode', () => {
    const error = SqsErrors.purgeQueueInProgress('q');
    expect(JSON_PROTOCOL.encodeError(error, request({})).status).toBe(400);
    expect(JSON_PROTOCOL.encodeError(error, request({ 'x-amzn-query-mode': 'true' })).status).toBe(
      403,
    );
    expect(QUERY_PROTOCOL.encodeError(error, request({})).status).toBe(403);
  });

  it('keeps 413 for a body over the bound in both protocols', () => {
    const error = ProtocolErrors.tooLarge(10);
    expect(JSON_PROTOCOL.encodeError(error, request({})).status).toBe(413);
    expect(QUERY_PROTOCOL.encodeError(error, request({})).status).toBe(413);
  });
});
