import { loadLeanSdk } from '../../../src/backend/lean/lean-sdk';
import {
  LEAN_ACTIONS,
  leanOperations,
  type LeanOperation,
  type LeanShape,
} from '../../../src/backend/lean/lean-shapes';
import {
  readResponse as readWith,
  writeRequest as writeWith,
} from '../../../src/backend/lean/lean-serde';

/**
 * The lean serde models the well-formed case and nothing else: a value of a kind the SDK would
 * treat specially is not guessed at (the writer returns undefined and the call goes through the
 * SDK; the reader returns undefined and the SDK's deserializer reads the body). That the bytes
 * it writes and the results it reads are the SDK's is in lean-wire.spec.ts and
 * lean-responses.spec.ts.
 */

const sdk = loadLeanSdk();
const LEAN_OPERATIONS = leanOperations(sdk);
const writeRequest = (shape: LeanShape, input: unknown) => writeWith(shape, input, sdk);
const readResponse = (shape: LeanShape, body: Buffer) => readWith(shape, body, sdk);

function op(action: string): LeanOperation {
  const found = LEAN_OPERATIONS.get(action as never);
  if (!found) throw new Error(`${action} is not lean`);
  return found;
}

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('lean serde', () => {
  it('models every lean action from the SDK’s own schemas', () => {
    expect([...LEAN_OPERATIONS.keys()]).toEqual(LEAN_ACTIONS);
    expect(LEAN_ACTIONS.map((a) => op(a).target)).toEqual([
      'AmazonSQS.ReceiveMessage',
      'AmazonSQS.DeleteMessage',
      'AmazonSQS.DeleteMessageBatch',
      'AmazonSQS.ChangeMessageVisibility',
      'AmazonSQS.ChangeMessageVisibilityBatch',
      'AmazonSQS.SendMessage',
      'AmazonSQS.SendMessageBatch',
    ]);
    expect(LEAN_ACTIONS.filter((a) => op(a).longPoll)).toEqual(['receiveMessage']);
  });

  it('writes the schema’s members in its order, leaving out absent and unknown ones', () => {
    const input = {
      Entries: [{ VisibilityTimeout: 3, ReceiptHandle: 'r', Id: 'a', Extra: true }],
      QueueUrl: 'u',
      Other: null,
    };
    expect(writeRequest(op('changeMessageVisibilityBatch').input, input)).toBe(
      '{"QueueUrl":"u","Entries":[{"Id":"a","ReceiptHandle":"r","VisibilityTimeout":3}]}',
    );
  });

  it.each([
    ['NaN', { QueueUrl: 'u', MaxNumberOfMessages: Number.NaN }],
    ['Infinity', { QueueUrl: 'u', WaitTimeSeconds: Infinity }],
    ['a number as a string', { QueueUrl: 'u', MaxNumberOfMessages: '10' }],
    ['a null list item', { QueueUrl: 'u', MessageAttributeNames: ['All', null] }],
    ['a __type member', { QueueUrl: 'u', __type: 'x' }],
    ['not an object', 'QueueUrl'],
  ])('leaves a receive with %s to the SDK', (_name, input) => {
    expect(writeRequest(op('receiveMessage').input, input)).toBeUndefined();
  });

  it.each([
    ['a string blob', { DataType: 'Binary', BinaryValue: 'text' }],
    ['a null attribute', null],
    ['a list where a map goes', [1]],
  ])('leaves a send with %s to the SDK', (_name, attribute) => {
    const input = { QueueUrl: 'u', MessageBody: 'b', MessageAttributes: { a: attribute } };
    expect(writeRequest(op('sendMessage').input, input)).toBeUndefined();
  });

  it('reads an empty body as an empty result', () => {
    expect(readResponse(op('receiveMessage').output, Buffer.alloc(0))).toEqual({});
    expect(readResponse(op('deleteMessage').output, Buffer.alloc(0))).toEqual({});
    expect(readResponse(op('deleteMessage').output, body({}))).toEqual({});
  });

  it.each([
    ['malformed JSON', Buffer.from('{"Messages":')],
    ['a string where a message goes', body({ Messages: ['m'] })],
    ['a number where a string goes', body({ Messages: [{ Body: 1 }] })],
    ['a __type member', body({ Messages: [{ __type: 't' }] })],
    ['a __proto__ key', Buffer.from('{"Messages":[{"Attributes":{"__proto__":"x"}}]}')],
    [
      'an invalid base64 blob',
      body({ Messages: [{ MessageAttributes: { a: { BinaryValue: '!' } } }] }),
    ],
    ['a null list item', body({ Messages: [null] })],
  ])('leaves a receive result with %s to the SDK’s deserializer', (_name, bytes) => {
    expect(readResponse(op('receiveMessage').output, bytes)).toBeUndefined();
  });

  it('leaves a void result with members to the SDK’s deserializer', () => {
    expect(readResponse(op('changeMessageVisibility').output, body({ x: 1 }))).toBeUndefined();
  });
});
