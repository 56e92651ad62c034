import { Injectable } from '@nestjs/common';
import type { SendMessageBatchRequest } from '@aws-sdk/client-sqs';
import type { TestingModule } from '@nestjs/testing';
import { InjectSqsProducer } from '../../src/decorators/inject-sqs-producer.decorator';
import { FifoGroupIdRequiredError } from '../../src/errors/fifo-group-id-required.error';
import { InvalidMessageError } from '../../src/errors/invalid-message.error';
import { MessageTooLargeError } from '../../src/errors/message-too-large.error';
import { SqsBatchSendError } from '../../src/errors/sqs-batch-send.error';
import { getProducerToken } from '../../src/tokens/get-producer-token.util';
import { RawCodec } from '../../src/producer/raw.codec';
import { SqsProducer } from '../../src/producer/sqs-producer';
import { type SqsTestHarness, SqsTestEmulator } from '../../src/testing';
import { compileKitApp } from '../support/testing/kit-app';

interface Payment {
  accountId: string;
  amount: number;
}

@Injectable()
class Producers {
  constructor(
    @InjectSqsProducer('orders') readonly orders: SqsProducer<{ id: number; note?: string }>,
    @InjectSqsProducer('payments') readonly payments: SqsProducer<Payment>,
    @InjectSqsProducer('receipts') readonly receipts: SqsProducer<Payment>,
    @InjectSqsProducer('logs') readonly logs: SqsProducer<string>,
  ) {}
}

describe('producers', () => {
  let app: TestingModule;
  let sqs: SqsTestHarness;
  let p: Producers;
  let batchRequests: SendMessageBatchRequest[];

  beforeEach(async () => {
    ({ app, sqs } = await compileKitApp(
      {
        queues: {
          orders: { attributes: { MaximumMessageSize: '2048' } },
          payments: { fifo: { groupId: (body: Payment) => body.accountId } },
          receipts: { fifo: { contentBasedDeduplication: true } },
          logs: { codec: new RawCodec() },
        },
      },
      [Producers],
    ));
    await app.init();
    p = app.get(Producers);
    batchRequests = [];
    const sendBatch = sqs.emulator.sendMessageBatch.bind(sqs.emulator);
    jest.spyOn(sqs.emulator, 'sendMessageBatch').mockImplementation((input, ctx) => {
      batchRequests.push(input);
      return sendBatch(input, ctx);
    });
  });

  afterEach(() => app.close());

  describe('send', () => {
    it('sends the JSON-encoded body and returns the message id', async () => {
      const { id } = await p.orders.send({ id: 1 });
      expect(sqs.emulator.peekMessages('orders')).toEqual([
        expect.objectContaining({ messageId: id, body: '{"id":1}' }),
      ]);
    });

    it('sends attributes, the message type and a delay', async () => {
      await p.orders.send(
        { id: 1 },
        { attributes: { source: 'web', retries: 2 }, messageType: 'created', delaySeconds: 5 },
      );
      const [message] = sqs.emulator.peekMessages('orders');
      expect(message.state).toBe('delayed');
      expect(message.messageAttributes).toEqual({
        source: { DataType: 'String', StringValue: 'web' },
        retries: { DataType: 'Number', StringValue: '2' },
        messageType: { DataType: 'String', StringValue: 'created' },
      });
    });

    it('is registered under getProducerToken(queue)', () => {
      expect(app.get(getProducerToken('orders'))).toBe(p.orders);
      expect(p.orders.url).toBe(sqs.queueUrl('orders'));
    });

    it('uses the queue’s codec', async () => {
      await p.logs.send('plain text, not JSON');
      expect(sqs.emulator.peekMessages('logs')[0].body).toBe('plain text, not JSON');
    });

    it('rejects a message over the queue’s size limit before sending it', async () => {
      const error = await p.orders.send({ id: 1, note: 'x'.repeat(2048) }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(MessageTooLargeError);
      expect((error as Error).message).toBe(
        "Message for queue 'orders' is 2066 bytes (body and attributes), over the queue's limit of 2048 bytes. " +
          'Send less (e.g. store the payload elsewhere and send a reference).',
      );
      expect(sqs.emulator.peekMessages('orders')).toEqual([]);
    });

    it('rejects an invalid attribute name before sending', async () => {
      await expect(p.orders.send({ id: 1 }, { attributes: { 'AWS.trace': 'x' } })).rejects.toThrow(
        "Invalid message attribute 'AWS.trace' for queue 'orders': names may not start with 'AWS.' or 'Amazon.'",
      );
    });

    it('rejects more than 10 attributes, counting the message type', async () => {
      const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'v']));
      await expect(p.orders.send({ id: 1 }, { attributes, messageType: 't' })).rejects.toThrow(
        InvalidMessageError,
      );
    });

    it('rejects a delay outside 0–900 seconds', async () => {
      await expect(p.orders.send({ id: 1 }, { delaySeconds: 901 })).rejects.toThrow(
        "Invalid 'delaySeconds' 901 for queue 'orders': it must be an integer from 0 to 900.",
      );
    });
  });

  describe('FIFO', () => {
    it('derives the group id from the body and generates a deduplication id', async () => {
      const result = await p.payments.send({ accountId: 'acc-7', amount: 5 });
      const [message] = sqs.emulator.peekMessages('payments.fifo');
      expect(message.groupId).toBe('acc-7');
      expect(message.deduplicationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.sequenceNumber).toMatch(/^\d+$/);
    });

    it('prefers an explicit group and deduplication id', async () => {
      await p.payments.send(
        { accountId: 'acc-7', amount: 5 },
        { groupId: 'g', deduplicationId: 'd-1' },
      );
      expect(sqs.emulator.peekMessages('payments.fifo')[0]).toMatchObject({
        groupId: 'g',
        deduplicationId: 'd-1',
      });
    });

    it('leaves deduplication to the queue when it is content-based', async () => {
      await p.receipts.send({ accountId: 'a', amount: 1 }, { groupId: 'g' });
      await p.receipts.send({ accountId: 'a', amount: 1 }, { groupId: 'g' });
      expect(sqs.emulator.peekMessages('receipts.fifo')).toHaveLength(1);
    });

    it('requires a group id when the queue derives none', async () => {
      const error = await p.receipts.send({ accountId: 'a', amount: 1 }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(FifoGroupIdRequiredError);
      expect((error as Error).message).toBe(
        "Queue 'receipts' is a FIFO queue: every message needs a group id. Pass 'groupId' to send(), " +
          "or set 'fifo.groupId(body)' in the queue's options.",
      );
    });

    it('rejects a per-message delay', async () => {
      await expect(
        p.payments.send({ accountId: 'a', amount: 1 }, { delaySeconds: 3 }),
      ).rejects.toThrow(
        "Queue 'payments' is a FIFO queue: per-message 'delaySeconds' is not supported.",
      );
    });
  });

  describe('sendBatch', () => {
    it('keeps one FIFO group in order across chunks', async () => {
      const bodies = Array.from({ length: 35 }, (_, i) => ({ accountId: 'a', amount: i }));
      await p.payments.sendBatch(bodies);
      const amounts = sqs.emulator
        .peekMessages('payments.fifo')
        .map((m) => JSON.parse(m.body).amount);
      expect(amounts).toEqual(bodies.map((b) => b.amount));
    });

    it('holds back the later messages of a FIFO group whose earlier message failed', async () => {
      const sendBatch = sqs.emulator.sendMessageBatch;
      let calls = 0;
      (sendBatch as jest.Mock).mockImplementation(async (input: SendMessageBatchRequest) => {
        if (++calls === 1) throw Object.assign(new Error('Rate exceeded'), { $fault: 'client' });
        return SqsTestEmulator.prototype.sendMessageBatch.call(sqs.emulator, input);
      });
      // The first request (group a only) fails; later requests mix groups a and b.
      const bodies = Array.from({ length: 24 }, (_, amount) => ({
        accountId: amount < 10 || amount % 2 === 0 ? 'a' : 'b',
        amount,
      }));
      const error = (await p.payments
        .sendBatch(bodies)
        .catch((e: Error) => e)) as SqsBatchSendError;
      const sent = sqs.emulator.peekMessages('payments.fifo').map((m) => JSON.parse(m.body).amount);
      expect(sent).toEqual([11, 13, 15, 17, 19, 21, 23]);
      expect(error.succeeded.map((r) => r.index)).toEqual(sent);
      const heldBack = error.failed.filter((r) => r.index >= 10);
      expect(heldBack.map((r) => r.index)).toEqual([10, 12, 14, 16, 18, 20, 22]);
      expect(heldBack[0].error.message).toBe(
        "Not sent: an earlier message of group 'a' in this batch failed to send to FIFO queue " +
          "'payments', and sending this one would put it ahead. Send the failed message and this one again, in order.",
      );
    });

    it('holds back the later messages of a FIFO group after one that fails validation', async () => {
      const error = (await p.payments
        .sendBatch(
          [
            { accountId: 'a', amount: 1 },
            { accountId: 'a', amount: 2 },
            { accountId: 'b', amount: 3 },
            { accountId: 'a', amount: 4 },
          ],
          (_body, index) => (index === 1 ? { delaySeconds: 5 } : undefined),
        )
        .catch((e: Error) => e)) as SqsBatchSendError;
      expect(error.results.map((r) => r.ok)).toEqual([true, false, true, false]);
      expect(error.failed[1].error.message).toContain("an earlier message of group 'a'");
      expect(
        sqs.emulator.peekMessages('payments.fifo').map((m) => JSON.parse(m.body).amount),
      ).toEqual([1, 3]);
    });

    it('splits 25 messages into requests of 10, 10 and 5', async () => {
      await p.orders.sendBatch(Array.from({ length: 25 }, (_, id) => ({ id })));
      expect(batchRequests.map((r) => r.Entries?.length).sort()).toEqual([10, 10, 5]);
      expect(sqs.emulator.peekMessages('orders', { limit: 100 })).toHaveLength(25);
    });

    it('splits by total bytes before SQS’s 1 MiB batch limit', async () => {
      const big = 'x'.repeat(300_000);
      await app
        .get<SqsProducer<string>>(getProducerToken('logs'))
        .sendBatch([big, big, big, big, big]);
      expect(batchRequests.map((r) => r.Entries?.length)).toEqual([3, 2]);
    });

    it('returns one result per input, in input order', async () => {
      const results = await p.orders.sendBatch([{ id: 1 }, { id: 2 }, { id: 3 }]);
      const bodies = new Map(sqs.emulator.peekMessages('orders').map((m) => [m.messageId, m.body]));
      expect(results.map((r) => (r.ok ? bodies.get(r.id) : undefined))).toEqual([
        '{"id":1}',
        '{"id":2}',
        '{"id":3}',
      ]);
      expect(results.map((r) => r.index)).toEqual([0, 1, 2]);
    });

    it('applies per-entry options from a function', async () => {
      await p.payments.sendBatch(
        [
          { accountId: 'a', amount: 1 },
          { accountId: 'b', amount: 2 },
        ],
        (body, index) => ({
          deduplicationId: `dedup-${index}`,
          attributes: { amount: body.amount },
        }),
      );
      expect(
        sqs.emulator.peekMessages('payments.fifo').map((m) => [m.groupId, m.deduplicationId]),
      ).toEqual([
        ['a', 'dedup-0'],
        ['b', 'dedup-1'],
      ]);
    });

    it('throws with every entry’s outcome when some fail, and still sends the others', async () => {
      const error = (await p.orders
        .sendBatch([{ id: 1 }, { id: 2, note: 'x'.repeat(4096) }, { id: 3 }])
        .catch((e: Error) => e)) as SqsBatchSendError;
      expect(error).toBeInstanceOf(SqsBatchSendError);
      expect(error.message).toBe(
        "sendBatch to queue 'orders': 1 of 3 messages failed; every entry's outcome is in 'results'.",
      );
      expect(error.results.map((r) => r.ok)).toEqual([true, false, true]);
      expect(error.failed[0].error).toBeInstanceOf(MessageTooLargeError);
      expect(sqs.emulator.peekMessages('orders')).toHaveLength(2);
    });

    it('reports an entry SQS rejects with SQS’s code', async () => {
      const error = (await p.orders
        .sendBatch([{ id: 1 }, { id: 2 }], (_b, i) =>
          i === 1
            ? { attributes: { bad: { DataType: 'String', StringValue: '\u0000' } } }
            : undefined,
        )
        .catch((e: Error) => e)) as SqsBatchSendError;
      expect(error.failed).toEqual([
        expect.objectContaining({
          index: 1,
          ok: false,
          code: 'InvalidMessageContents',
          senderFault: true,
        }),
      ]);
      expect(error.succeeded.map((r) => r.index)).toEqual([0]);
    });

    it('marks every entry of a request that failed as a whole, keeping the others', async () => {
      const sendBatch = sqs.emulator.sendMessageBatch;
      let calls = 0;
      (sendBatch as jest.Mock).mockImplementation(async (input: SendMessageBatchRequest) => {
        if (++calls === 2) throw Object.assign(new Error('socket hang up'), { $fault: 'server' });
        return SqsTestEmulator.prototype.sendMessageBatch.call(sqs.emulator, input);
      });
      const error = (await p.orders
        .sendBatch(Array.from({ length: 20 }, (_, id) => ({ id })))
        .catch((e: Error) => e)) as SqsBatchSendError;
      expect(error.succeeded).toHaveLength(10);
      expect(error.failed).toHaveLength(10);
      expect(error.failed[0]).toMatchObject({
        senderFault: false,
        error: expect.objectContaining({ message: 'socket hang up' }),
      });
    });
  });
});
