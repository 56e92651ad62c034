import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { TargetFactory } from '../conformance-target';
import { md5Hex, referenceMd5OfAttributes } from '../../support/conformance/reference-md5';
import { bin, createQueue, receiveOne, send, str } from '../../support/conformance/queue-fixtures';
import { useTarget } from '../../support/conformance/use-target';

/** Published vectors of the npm package aws-md5-of-message-attributes (reference §1.12). */
const STRING_ATTR = { attribName1: str('attribValue 1') };
const NUMBER_FLOAT_ATTR = {
  customNumberTypeAttrib: str('4563442423554324324264524243.32543234', 'Number.float'),
};
const BINARY_ATTR = { binaryAttribute: bin('Hello binary world!') };

/** Digests clients verify: body, message attributes, system attributes (reference §1.12). */
export function md5Cases(factory: TargetFactory): void {
  describe('MD5 digests', () => {
    const target = useTarget(factory);

    async function sendAndReceive(
      body: string,
      attributes?: Record<string, MessageAttributeValue>,
    ) {
      const q = await createQueue(target());
      const sent = await send(
        target(),
        q.url,
        body,
        attributes ? { MessageAttributes: attributes } : {},
      );
      const received = await receiveOne(target(), q.url, { MessageAttributeNames: ['All'] });
      return { sent, received };
    }

    it('uses a reference digest that itself matches the published vectors', () => {
      expect(referenceMd5OfAttributes(STRING_ATTR)).toBe('19e27d4e946b072f3f58da80d94fd778');
      expect(
        referenceMd5OfAttributes({ ...BINARY_ATTR, ...STRING_ATTR, ...NUMBER_FLOAT_ATTR }),
      ).toBe('c932db14a896c663f83c260297d594ff');
    });

    it('gives 3858f622… for the body "foobar" on send and on receive', async () => {
      const { sent, received } = await sendAndReceive('foobar');
      expect(sent.MD5OfMessageBody).toBe('3858f62230ac3c915f300c664312c63f');
      expect(received.MD5OfBody).toBe('3858f62230ac3c915f300c664312c63f');
    });

    it('hashes a body by its UTF-8 bytes', async () => {
      const body = 'gr\u00fc\u00dfe \u{1F600} \u4e2d\u6587';
      const { sent, received } = await sendAndReceive(body);
      expect(sent.MD5OfMessageBody).toBe(md5Hex(body));
      expect(received.MD5OfBody).toBe(md5Hex(body));
    });

    it('matches the published vector for one String attribute', async () => {
      const { sent, received } = await sendAndReceive('x', STRING_ATTR);
      expect(sent.MD5OfMessageAttributes).toBe('19e27d4e946b072f3f58da80d94fd778');
      expect(received.MD5OfMessageAttributes).toBe('19e27d4e946b072f3f58da80d94fd778');
    });

    it('matches the published vector for a Number.float attribute', async () => {
      const { sent, received } = await sendAndReceive('x', NUMBER_FLOAT_ATTR);
      expect(sent.MD5OfMessageAttributes).toBe('9fe1b90bbd9965bdf77bac517c7d2495');
      expect(received.MD5OfMessageAttributes).toBe('9fe1b90bbd9965bdf77bac517c7d2495');
    });

    it('matches the published vector for a Binary attribute', async () => {
      const { sent, received } = await sendAndReceive('x', BINARY_ATTR);
      expect(sent.MD5OfMessageAttributes).toBe('31a92b15d92f8db860eda32aceb656c3');
      expect(received.MD5OfMessageAttributes).toBe('31a92b15d92f8db860eda32aceb656c3');
    });

    it('matches the published vector for all three attributes together', async () => {
      const { sent, received } = await sendAndReceive('x', {
        ...BINARY_ATTR,
        ...STRING_ATTR,
        ...NUMBER_FLOAT_ATTR,
      });
      expect(sent.MD5OfMessageAttributes).toBe('c932db14a896c663f83c260297d594ff');
      expect(received.MD5OfMessageAttributes).toBe('c932db14a896c663f83c260297d594ff');
    });

    it('matches the AWS-recorded digest of {Foo: String "Bar"}', async () => {
      const { sent } = await sendAndReceive('msg', { Foo: str('Bar') });
      expect(sent.MD5OfMessageAttributes).toBe('ae7155c6026991b6d54b11589678bf9c');
    });

    it('matches the AWS-recorded digest of a binary trace-context attribute', async () => {
      const value = Buffer.concat([
        Buffer.from('traceparent'),
        Buffer.from([0x1e]),
        Buffer.from('00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01'),
      ]);
      const { sent, received } = await sendAndReceive('test', { attr1: bin(value) });
      expect(sent.MD5OfMessageAttributes).toBe('8cbe4db156db8a94db8b801b7addb984');
      expect(received.MD5OfBody).toBe('098f6bcd4621d373cade4e832627b4f6');
    });

    it('sorts attribute names by code point before hashing', async () => {
      // '-' < '.' < digits < upper case < '_' < lower case: not the order they are sent in.
      const attributes = {
        z: str('1'),
        A: str('2'),
        a_b: str('3'),
        'a-b': str('4'),
        'a.b': str('5'),
        '0': str('6', 'Number'),
      };
      const { sent, received } = await sendAndReceive('x', attributes);
      expect(sent.MD5OfMessageAttributes).toBe(referenceMd5OfAttributes(attributes));
      expect(received.MD5OfMessageAttributes).toBe(referenceMd5OfAttributes(attributes));
    });
  });
}
