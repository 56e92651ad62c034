import type {
  MessageAttributeValue,
  MessageSystemAttributeNameForSends,
} from '@aws-sdk/client-sqs';
import type { TargetFactory } from '../conformance-target';
import { md5Hex, referenceMd5OfAttributes } from '../../support/conformance/reference-md5';
import {
  bin,
  createQueue,
  receive,
  receiveOne,
  send,
  str,
} from '../../support/conformance/queue-fixtures';
import {
  ANY_MESSAGE,
  expectSqsError,
  QUEUE_DOES_NOT_EXIST,
  SqsCode,
} from '../../support/conformance/sqs-error-assertions';
import { useTarget } from '../../support/conformance/use-target';

const MIB = 1048576;
const TOO_LONG = (limit: number): string =>
  `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`;

function attrs(count: number): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (let i = 0; i < count; i++) out[`attr${i}`] = str(`v${i}`);
  return out;
}

/** SendMessage: response shape, size and character limits, message attributes (§1.4, §1.5). */
export function sendCases(factory: TargetFactory): void {
  describe('SendMessage', () => {
    const target = useTarget(factory);

    describe('response', () => {
      it('returns a MessageId of at most 100 characters and the MD5 of the body', async () => {
        const q = await createQueue(target());
        const res = await send(target(), q.url, 'foobar');
        expect(res.MessageId).toEqual(expect.any(String));
        expect((res.MessageId ?? '').length).toBeGreaterThan(0);
        expect((res.MessageId ?? '').length).toBeLessThanOrEqual(100);
        expect(res.MD5OfMessageBody).toBe('3858f62230ac3c915f300c664312c63f');
      });

      it('omits MD5OfMessageAttributes, MD5OfMessageSystemAttributes and SequenceNumber when not applicable', async () => {
        const q = await createQueue(target());
        const res = await send(target(), q.url, 'plain');
        expect(res.MD5OfMessageAttributes).toBeUndefined();
        expect(res.MD5OfMessageSystemAttributes).toBeUndefined();
        expect(res.SequenceNumber).toBeUndefined();
      });

      it('returns MD5OfMessageAttributes when attributes were sent', async () => {
        const q = await createQueue(target());
        const res = await send(target(), q.url, 'a', { MessageAttributes: { k: str('x') } });
        expect(res.MD5OfMessageAttributes).toBe('a45daa70926828a2f0a1db3418e6feb4');
      });

      it('gives every message its own MessageId', async () => {
        const q = await createQueue(target());
        const a = await send(target(), q.url, 'same');
        const b = await send(target(), q.url, 'same');
        expect(a.MessageId).not.toBe(b.MessageId);
      });

      it('fails with QueueDoesNotExist for an unknown queue', async () => {
        const q = await createQueue(target());
        await target().sqs.deleteQueue({ QueueUrl: q.url });
        await expectSqsError(
          send(target(), q.url, 'x'),
          SqsCode.QueueDoesNotExist,
          QUEUE_DOES_NOT_EXIST,
        );
      });
    });

    describe('body', () => {
      it('rejects an empty body with MissingParameter', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, ''),
          SqsCode.MissingParameter,
          'The request must contain the parameter MessageBody.',
        );
      });

      it('accepts a body of exactly 1048576 bytes', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'a'.repeat(MIB));
        const m = await receiveOne(target(), q.url);
        expect(m.Body?.length).toBe(MIB);
      });

      it('rejects a body of 1048577 bytes with the 1 MiB text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'a'.repeat(MIB + 1)),
          SqsCode.InvalidParameterValue,
          TOO_LONG(MIB),
        );
      });

      it('counts the body in UTF-8 bytes, not characters', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, '\u00e9'.repeat(MIB / 2 + 1)),
          SqsCode.InvalidParameterValue,
          TOO_LONG(MIB),
        );
      });

      it('counts attribute name, type and value toward the limit', async () => {
        const q = await createQueue(target());
        const attributes = { a: str('x') }; // 1 + 6 + 1 = 8 bytes
        await send(target(), q.url, 'b'.repeat(MIB - 8), { MessageAttributes: attributes });
        await expectSqsError(
          send(target(), q.url, 'b'.repeat(MIB - 7), { MessageAttributes: attributes }),
          SqsCode.InvalidParameterValue,
          TOO_LONG(MIB),
        );
      });

      it("uses the queue's MaximumMessageSize", async () => {
        const q = await createQueue(target(), { attributes: { MaximumMessageSize: '1024' } });
        await send(target(), q.url, 'c'.repeat(1024));
        await expectSqsError(
          send(target(), q.url, 'c'.repeat(1025)),
          SqsCode.InvalidParameterValue,
          TOO_LONG(1024),
        );
      });

      it.each([
        ['NUL', '\u0000'],
        ['backspace', '\u0008'],
        ['DC3', '\u0013'],
        ['U+FFFF', '\uffff'],
        ['U+FFFE', '\ufffe'],
      ])('rejects a body containing %s with InvalidMessageContents', async (_label, ch) => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, `before${ch}after`),
          SqsCode.InvalidMessageContents,
          ANY_MESSAGE,
        );
      });

      it.each([
        ['tab, LF and CR', 'a\tb\nc\rd'],
        ['the last BMP character before the surrogates', '\ud7ff'],
        ['private use U+E000 and U+FFFD', '\ue000\ufffd'],
        ['an emoji outside the BMP', 'smile \u{1F600}'],
        ['U+10FFFF', '\u{10FFFF}'],
        ['JSON and XML specials', '{"a":"<b>&amp;</b>"}'],
      ])('delivers a body with %s unchanged', async (_label, body) => {
        const q = await createQueue(target());
        const sent = await send(target(), q.url, body);
        const m = await receiveOne(target(), q.url);
        expect(m.Body).toBe(body);
        expect(m.MD5OfBody).toBe(md5Hex(body));
        expect(sent.MD5OfMessageBody).toBe(md5Hex(body));
      });
    });

    describe('message attributes', () => {
      it('accepts 10 attributes', async () => {
        const q = await createQueue(target());
        const res = await send(target(), q.url, 'x', { MessageAttributes: attrs(10) });
        expect(res.MD5OfMessageAttributes).toBe(referenceMd5OfAttributes(attrs(10)));
      });

      it('rejects 11 attributes', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageAttributes: attrs(11) }),
          SqsCode.InvalidParameterValue,
          /10/,
        );
      });

      it.each([
        ['a space', 'bad name'],
        ['an asterisk', 'star*'],
        ['the AWS. prefix', 'AWS.trace'],
        ['the aws. prefix in lower case', 'aws.trace'],
        ['the Amazon. prefix', 'Amazon.thing'],
        ['the AMAZON. prefix in upper case', 'AMAZON.thing'],
        ['a leading period', '.lead'],
        ['a trailing period', 'trail.'],
        ['two periods in a row', 'dou..ble'],
        ['257 characters', 'n'.repeat(257)],
      ])('rejects an attribute name with %s', async (_label, name) => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageAttributes: { [name]: str('v') } }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('accepts a 256-character name made of letters, digits, _ - and .', async () => {
        const q = await createQueue(target());
        const name = `a_b-c.d${'n'.repeat(249)}`;
        await send(target(), q.url, 'x', { MessageAttributes: { [name]: str('v') } });
        const m = await receiveOne(target(), q.url, { MessageAttributeNames: ['All'] });
        expect(Object.keys(m.MessageAttributes ?? {})).toEqual([name]);
      });

      it('treats attribute names as case-sensitive', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x', {
          MessageAttributes: { key: str('lower'), Key: str('upper') },
        });
        const m = await receiveOne(target(), q.url, { MessageAttributeNames: ['All'] });
        expect(m.MessageAttributes?.key?.StringValue).toBe('lower');
        expect(m.MessageAttributes?.Key?.StringValue).toBe('upper');
      });

      it('rejects a DataType other than String, Number or Binary', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', {
            MessageAttributes: { a: { DataType: 'Integer', StringValue: '1' } },
          }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('rejects a DataType longer than 256 characters', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', {
            MessageAttributes: { a: { DataType: `String.${'t'.repeat(250)}`, StringValue: '1' } },
          }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('keeps a custom type label such as String.custom and Number.float', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'x', {
          MessageAttributes: { s: str('v', 'String.custom'), n: str('1.5', 'Number.float') },
        });
        const m = await receiveOne(target(), q.url, { MessageAttributeNames: ['All'] });
        expect(m.MessageAttributes).toEqual({
          s: { DataType: 'String.custom', StringValue: 'v' },
          n: { DataType: 'Number.float', StringValue: '1.5' },
        });
      });

      it('rejects an empty String value with the AWS text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageAttributes: { X: str('') } }),
          SqsCode.InvalidParameterValue,
          "Message (user) attribute 'X' must contain a non-empty value of type 'String'.",
        );
      });

      it('rejects a Number value that is not a number', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageAttributes: { n: str('abc', 'Number') } }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('accepts a Number with 38 digits of precision', async () => {
        const q = await createQueue(target());
        const value = '1'.repeat(38);
        await send(target(), q.url, 'x', { MessageAttributes: { n: str(value, 'Number') } });
        const m = await receiveOne(target(), q.url, { MessageAttributeNames: ['n'] });
        expect(m.MessageAttributes?.n).toEqual({ DataType: 'Number', StringValue: value });
      });

      it('delivers Binary values byte for byte', async () => {
        const q = await createQueue(target());
        const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
        await send(target(), q.url, 'x', { MessageAttributes: { b: bin(bytes) } });
        const m = await receiveOne(target(), q.url, { MessageAttributeNames: ['All'] });
        expect(m.MessageAttributes?.b?.DataType).toBe('Binary');
        expect(Buffer.from(m.MessageAttributes?.b?.BinaryValue ?? new Uint8Array())).toEqual(
          Buffer.from(bytes),
        );
      });
    });

    describe('attribute edge cases', () => {
      it('keeps an attribute named __proto__ like any other (a legal name)', async () => {
        const q = await createQueue(target());
        const attributes = JSON.parse(
          '{"__proto__":{"DataType":"String","StringValue":"p"},"ok":{"DataType":"String","StringValue":"o"}}',
        ) as Record<string, MessageAttributeValue>;
        const sent = await target().sqs.sendMessage({
          QueueUrl: q.url,
          MessageBody: 'x',
          MessageAttributes: attributes,
        });
        expect(sent.MD5OfMessageAttributes).toBe(referenceMd5OfAttributes(attributes));
        const m = await receiveOne(target(), q.url, { MessageAttributeNames: ['All'] });
        expect(Object.keys(m.MessageAttributes ?? {}).sort()).toEqual(['__proto__', 'ok']);
        expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
      });

      it.each(['1e127', '-1e200', '1e-129'])(
        'rejects the Number %s outside 10^-128..10^126',
        async (value) => {
          const q = await createQueue(target());
          await expectSqsError(
            send(target(), q.url, 'x', { MessageAttributes: { n: str(value, 'Number') } }),
            SqsCode.InvalidParameterValue,
            ANY_MESSAGE,
          );
        },
      );

      it.each(['1e126', '-1e-128', '0', '12345678901234567890123456789012345678'])(
        'accepts the Number %s',
        async (value) => {
          const q = await createQueue(target());
          await send(target(), q.url, 'x', { MessageAttributes: { n: str(value, 'Number') } });
        },
      );
    });

    describe('system attributes and queue-type parameters', () => {
      it('accepts AWSTraceHeader and returns MD5OfMessageSystemAttributes', async () => {
        const q = await createQueue(target());
        const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
        const res = await send(target(), q.url, 'x', {
          MessageSystemAttributes: { AWSTraceHeader: str(trace) },
        });
        expect(res.MD5OfMessageSystemAttributes).toBe(
          referenceMd5OfAttributes({ AWSTraceHeader: str(trace) }),
        );
        const m = await receiveOne(target(), q.url, {
          MessageSystemAttributeNames: ['AWSTraceHeader'],
        });
        expect(m.Attributes?.AWSTraceHeader).toBe(trace);
      });

      it('rejects a system attribute other than AWSTraceHeader', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', {
            MessageSystemAttributes: {
              ['SenderId' as MessageSystemAttributeNameForSends]: str('me'),
            },
          }),
          SqsCode.InvalidParameterValue,
          ANY_MESSAGE,
        );
      });

      it('rejects a per-message DelaySeconds above 900', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { DelaySeconds: 901 }),
          SqsCode.InvalidParameterValue,
          /DelaySeconds/,
        );
      });

      it('accepts a MessageGroupId on a standard queue (fair queues)', async () => {
        const q = await createQueue(target());
        await send(target(), q.url, 'fair', { MessageGroupId: 'tenant-1' });
        const messages = await receive(target(), q.url);
        expect(messages.map((m) => m.Body)).toEqual(['fair']);
      });

      // AWS-recorded (LocalStack test_send_message_to_standard_queue_with_invalid_message_group_id
      // [empty]): an empty group id is an invalid value.
      it('rejects an empty MessageGroupId on a standard queue with the AWS text', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageGroupId: '' }),
          SqsCode.InvalidParameterValue,
          'Value  for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
        );
      });

      it('rejects a MessageDeduplicationId on a standard queue', async () => {
        const q = await createQueue(target());
        await expectSqsError(
          send(target(), q.url, 'x', { MessageDeduplicationId: 'd1' }),
          SqsCode.InvalidParameterValue,
          /MessageDeduplicationId/,
        );
      });
    });
  });
}
