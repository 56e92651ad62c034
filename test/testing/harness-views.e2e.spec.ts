import { Injectable } from '@nestjs/common';
import { SqsHandler } from '../../src/decorators/sqs-handler.decorator';
import { QueueNotDeclaredError } from '../../src/errors/queue-not-declared.error';
import type { SqsCodec } from '../../src/interfaces/sqs-codec.interface';
import type { SqsMessage } from '../../src/interfaces/sqs-message.interface';
import { RawCodec } from '../../src/producer/raw.codec';
import { createHarnessApp, type HarnessApp } from '../support/testing/harness-app';

interface Order {
  id: number;
  fail?: boolean;
}

@Injectable()
class OrdersHandler {
  @SqsHandler('orders', { backoff: () => 60 })
  async onOrder(message: SqsMessage<Order>): Promise<void> {
    if (message.body.fail) throw new Error(`order ${message.body.id} failed`);
  }
}

/** Upper-cases on the wire, to show that views decode with the queue's codec. */
const shoutingCodec: SqsCodec<string> = {
  encode: (body) => body.toUpperCase(),
  decode: (text) => text.toLowerCase(),
};

const QUEUES = {
  orders: { deadLetter: { queue: 'orders-dlq', maxReceiveCount: 1 } },
  'orders-dlq': {},
  idle: {},
  shouting: { codec: shoutingCodec },
  raw: { codec: new RawCodec() },
  payments: { name: 'prod-payments' },
  'events.fifo': { fifo: { groupId: (b: unknown) => String((b as { group: string }).group) } },
};

describe('harness views', () => {
  let t: HarnessApp;

  beforeEach(async () => {
    t = await createHarnessApp(QUEUES, [OrdersHandler]);
  });

  afterEach(() => t.app.close());

  describe('sent(queue)', () => {
    it('lists every message sent, in order, decoded, including those already deleted', async () => {
      await t.sqs.send('orders', { id: 1 });
      await t.sqs.send('orders', { id: 2 });
      await t.sqs.waitForIdle();
      expect(t.sqs.messages('orders')).toEqual([]);
      expect(t.sqs.sent('orders').map((m) => m.body)).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it('shows attributes, message type, delay and the virtual send time', async () => {
      await t.sqs.send(
        'idle',
        { id: 1 },
        {
          attributes: { source: 'web', priority: 2 },
          messageType: 'order.created',
          delaySeconds: 5,
        },
      );
      expect(t.sqs.sent('idle')).toEqual([
        expect.objectContaining({
          body: { id: 1 },
          rawBody: '{"id":1}',
          attributes: { source: 'web', priority: '2', messageType: 'order.created' },
          messageType: 'order.created',
          delaySeconds: 5,
          sentAt: new Date(Date.UTC(2026, 0, 1)),
        }),
      ]);
    });

    it('includes messages sent straight to the emulator', async () => {
      await t.sqs.emulator.sendMessageBatch({
        QueueUrl: t.sqs.queueUrl('idle'),
        Entries: [
          { Id: 'a', MessageBody: '{"id":1}' },
          { Id: 'b', MessageBody: '{"id":2}' },
        ],
      });
      expect(t.sqs.sent('idle').map((m) => m.body)).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it('decodes with the queue codec', async () => {
      await t.sqs.send('shouting', 'hello');
      expect(t.sqs.sent('shouting')[0]).toMatchObject({ body: 'hello', rawBody: 'HELLO' });
    });

    it('decodes nothing on a raw queue', async () => {
      await t.sqs.send('raw', 'text body');
      expect(t.sqs.sent('raw')[0].body).toBe('text body');
    });

    it('keeps a body the codec cannot decode as rawBody, with the error', async () => {
      await t.sqs.emulator.sendMessage({
        QueueUrl: t.sqs.queueUrl('idle'),
        MessageBody: 'not json',
      });
      const [message] = t.sqs.sent('idle');
      expect(message.body).toBeUndefined();
      expect(message.rawBody).toBe('not json');
      expect(message.decodeError).toBeInstanceOf(SyntaxError);
    });

    it('records a FIFO send that SQS deduplicates once', async () => {
      const options = { groupId: 'g', deduplicationId: 'same' };
      await t.sqs.send('events.fifo', { group: 'g', n: 1 }, options);
      await t.sqs.send('events.fifo', { group: 'g', n: 1 }, options);
      expect(t.sqs.sent('events.fifo')).toMatchObject([
        { body: { n: 1 }, groupId: 'g', deduplicationId: 'same' },
      ]);
    });
  });

  describe('messages(queue, { state })', () => {
    beforeEach(async () => {
      await t.sqs.send('idle', { id: 1 });
      await t.sqs.send('idle', { id: 2 }, { delaySeconds: 30 });
      await t.sqs.send('idle', { id: 3 });
      await t.sqs.emulator.receiveMessage({
        QueueUrl: t.sqs.queueUrl('idle'),
        MaxNumberOfMessages: 1,
        VisibilityTimeout: 45,
      });
    });

    it('shows every message with its state, without receiving any', () => {
      expect(t.sqs.messages('idle')).toMatchObject([
        { body: { id: 1 }, state: 'inflight', receiveCount: 1 },
        { body: { id: 2 }, state: 'delayed', receiveCount: 0 },
        { body: { id: 3 }, state: 'visible', receiveCount: 0 },
      ]);
    });

    it('filters by one state', () => {
      expect(t.sqs.messages('idle', { state: 'visible' }).map((m) => m.body)).toEqual([{ id: 3 }]);
    });

    it('filters by several states', () => {
      const states = t.sqs.messages('idle', { state: ['inflight', 'delayed'] }).map((m) => m.state);
      expect(states).toEqual(['inflight', 'delayed']);
    });

    it('tells when an invisible message becomes visible', () => {
      const start = Date.UTC(2026, 0, 1);
      const [inflight, delayed] = t.sqs.messages('idle', { state: ['inflight', 'delayed'] });
      expect(inflight.visibleAt).toEqual(new Date(start + 45_000));
      expect(delayed.visibleAt).toEqual(new Date(start + 30_000));
    });
  });

  describe('deadLetters(queue)', () => {
    it('lists what the source queue moved to its dead-letter queue, decoded', async () => {
      await t.sqs.send('orders', { id: 9, fail: true });
      await t.sqs.waitFor('orders', () => true, { outcome: 'dead-lettered' });
      expect(t.sqs.deadLetters('orders')).toMatchObject([
        { body: { id: 9, fail: true }, receiveCount: 1, deadLetterSource: 'orders' },
      ]);
      expect(t.sqs.messages('orders-dlq')).toMatchObject([{ deadLetterSource: 'orders' }]);
    });

    it('rejects a queue without a dead-letter queue, pointing to messages()', () => {
      expect(() => t.sqs.deadLetters('orders-dlq')).toThrow(
        /has no dead-letter queue.*messages\(queue\)/,
      );
    });
  });

  describe('outcomes(queue, outcome?)', () => {
    it('lists each attempt and move, oldest first', async () => {
      await t.sqs.send('orders', { id: 1 });
      await t.sqs.send('orders', { id: 2, fail: true });
      await t.sqs.waitFor('orders', (o: Order) => o.id === 2, { outcome: 'dead-lettered' });
      const outcomes = t.sqs.outcomes<Order>('orders');
      expect(outcomes.map((o) => [o.outcome, o.body.id])).toEqual([
        ['processed', 1],
        ['failed', 2],
        ['dead-lettered', 2],
      ]);
      expect(t.sqs.outcomes('orders', 'failed')[0]).toMatchObject({
        handler: 'OrdersHandler.onOrder',
        error: new Error('order 2 failed'),
        retryDelaySeconds: 0,
      });
    });
  });

  describe('purgeAll()', () => {
    it('empties every queue and forgets what was sent and what happened', async () => {
      await t.sqs.send('orders', { id: 1 });
      await t.sqs.send('idle', { id: 2 });
      await t.sqs.waitForIdle();
      await t.sqs.purgeAll();
      expect(t.sqs.messages('idle')).toEqual([]);
      expect(t.sqs.sent('orders')).toEqual([]);
      expect(t.sqs.outcomes('orders')).toEqual([]);
    });

    it('leaves the consumers running for the next test', async () => {
      await t.sqs.purgeAll();
      await t.sqs.send('orders', { id: 3 });
      await expect(t.sqs.waitFor('orders', (o: Order) => o.id === 3)).resolves.toMatchObject({
        outcome: 'processed',
      });
    });
  });

  describe('queue names', () => {
    it('accepts the SQS queue name of a declared queue', async () => {
      await t.sqs.send('payments', { id: 1 });
      expect(t.sqs.messages('prod-payments').map((m) => m.body)).toEqual([{ id: 1 }]);
    });

    it('rejects an undeclared queue, listing the declared ones', () => {
      expect(() => t.sqs.sent('ordres')).toThrow(QueueNotDeclaredError);
      expect(() => t.sqs.sent('ordres')).toThrow(/SqsTestHarness\.sent\('ordres'\).*'orders'/);
    });
  });
});
