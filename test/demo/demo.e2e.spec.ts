import {
  GetQueueUrlCommand,
  ListQueuesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DemoApp } from '../../src/demo/demo-app';
import type { DemoStatsSnapshot } from '../../src/demo/feed/demo-stats.interface';

/** What @nestjs/terminus answers on /health. */
interface HealthBody {
  status: 'ok' | 'error';
  details: Record<string, { status: 'up' | 'down' }>;
}
import { SqsEmulator, type SqsServerHandle, startSqsServer } from '../../src/index';
import { EventStream, type StreamEvent } from '../support/demo/event-stream';
import { getJson, postJson } from '../support/demo/http';
import { bodyOf, receiveUntil } from '../support/demo/receive-until';
import { sqsClient, startDemo } from '../support/demo/start-demo';

interface PlacedOrder {
  order: { id: string; item: string; quantity: number; customer: string; fail?: boolean };
  messageId: string;
}

const bodyId = (event: StreamEvent) => (event.body as { id?: string } | undefined)?.id;
const isOrder = (id: string, type: string) => (e: StreamEvent) =>
  e.queue === 'orders' && e.type === type && bodyId(e) === id;

describe('demo application', () => {
  let demo: DemoApp;
  let stream: EventStream;
  let sqs: SQSClient;

  beforeAll(async () => {
    demo = await startDemo();
    sqs = sqsClient(demo.sqsEndpoint as string);
  });

  beforeEach(async () => {
    stream = await EventStream.open(`${demo.url}/orders/events`);
  });

  afterEach(() => stream.close());

  afterAll(async () => {
    sqs?.destroy();
    await demo?.close();
  });

  const placeOrder = async (body: Record<string, unknown> = {}) => {
    const response = await postJson<PlacedOrder>(`${demo.url}/orders`, body);
    expect(response.status).toBe(202);
    return response.body;
  };

  describe('POST /orders', () => {
    it('answers 202 with the order it sent to the orders queue', async () => {
      const response = await postJson<PlacedOrder>(`${demo.url}/orders`, {
        item: 'espresso',
        quantity: 2,
        customer: 'erin',
      });

      expect(response.status).toBe(202);
      expect(response.body.order).toMatchObject({
        item: 'espresso',
        quantity: 2,
        customer: 'erin',
      });
      expect(response.body.messageId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('pushes the processed order to /orders/events', async () => {
      const { order, messageId } = await placeOrder({ item: 'tea' });

      const processed = await stream.waitFor(isOrder(order.id, 'processed'));

      expect(processed).toMatchObject({ messageId, attempt: 1, body: { item: 'tea' } });
    });

    it('rejects an invalid order with 400 naming the field', async () => {
      const response = await postJson<{ message: string }>(`${demo.url}/orders`, { quantity: 0 });

      expect(response.status).toBe(400);
      expect(response.body.message).toBe("'quantity' must be a whole number from 1 to 1000.");
    });
  });

  describe('POST /orders/batch', () => {
    it('sends count orders, every one of which is processed', async () => {
      const { body } = await postJson<{ count: number; ids: string[] }>(
        `${demo.url}/orders/batch`,
        { count: 25 },
      );
      const ids = new Set(body.ids);

      const processed = await stream.waitForAll(
        (e) => e.type === 'processed' && ids.has(bodyId(e) as string),
        25,
      );

      expect(body.count).toBe(25);
      expect(new Set(processed.map(bodyId))).toEqual(ids);
    });
  });

  describe('failing orders', () => {
    it('reports every failed attempt, then the dead-lettering after the third', async () => {
      const { order } = await placeOrder({ fail: true });

      await stream.waitFor(isOrder(order.id, 'dead-lettered'));
      const failed = stream.events.filter(isOrder(order.id, 'failed'));

      expect(failed.map((e) => e.attempt)).toEqual([1, 2, 3]);
      expect(failed[0].error).toBe(`card declined for ${order.customer}`);
    });

    it('moves a failing order to orders-dlq', async () => {
      const { order } = await placeOrder({ fail: true });
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders-dlq' }));

      const dead = await receiveUntil(sqs, QueueUrl as string, (m) => bodyOf(m).id === order.id);

      expect(bodyOf(dead)).toMatchObject({ id: order.id, fail: true });
    });
  });

  describe('GET /orders/events', () => {
    const firstIndex = (type: string, messageId: unknown) =>
      stream.events.findIndex((e) => e.type === type && e.messageId === messageId);
    /** Messages among `events` whose `sent` is missing or comes after their `received`. */
    const receivedBeforeSent = (events: StreamEvent[]) =>
      events
        .map((e) => e.messageId)
        .filter((id) => {
          const sent = firstIndex('sent', id);
          return sent < 0 || sent > firstIndex('received', id);
        });

    it('announces each order as sent before its consumer receives it', async () => {
      const { body } = await postJson<{ ids: string[] }>(`${demo.url}/orders/batch`, {
        count: 20,
      });
      const single = await placeOrder();
      const ids = new Set([...body.ids, single.order.id]);

      const processed = await stream.waitForAll(
        (e) => e.type === 'processed' && ids.has(bodyId(e) as string),
        21,
      );

      expect(receivedBeforeSent(processed)).toEqual([]);
    });

    it('announces each payment as sent before its consumer receives it', async () => {
      await postJson(`${demo.url}/payments/burst`, { accounts: 3, payments: 4 });

      const processed = await stream.waitForAll(
        (e) => e.queue === 'payments' && e.type === 'processed',
        12,
      );

      expect(receivedBeforeSent(processed)).toEqual([]);
    });

    it("carries its queue's counts in every event, that event counted", async () => {
      const ok = await placeOrder();
      const bad = await placeOrder({ fail: true });
      await stream.waitFor(isOrder(ok.order.id, 'processed'));
      await stream.waitFor(isOrder(bad.order.id, 'dead-lettered'));
      const hello = stream.events[0] as StreamEvent & {
        counts: Record<string, DemoStatsSnapshot['orders']>;
      };

      const expected = { ...hello.counts.orders };
      const field = {
        sent: 'sent',
        processed: 'processed',
        failed: 'failedAttempts',
        'dead-lettered': 'deadLettered',
      } as const;
      for (const event of stream.events.filter((e) => e.queue === 'orders')) {
        const counted = field[event.type as keyof typeof field];
        if (counted) expected[counted]++;
        expect({ type: event.type, counts: event.counts }).toEqual({
          type: event.type,
          counts: expected,
        });
      }
    });

    it('starts with the counts so far', async () => {
      await placeOrder();
      const { body } = await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`);
      const fresh = await EventStream.open(`${demo.url}/orders/events`);
      try {
        expect(fresh.events[0]).toMatchObject({
          type: 'hello',
          // Only what cannot move meanwhile: the order may be processed in between.
          counts: { orders: { sent: body.orders.sent }, payments: { sent: body.payments.sent } },
        });
      } finally {
        fresh.close();
      }
    });
  });

  describe('GET /health', () => {
    it('reports up while the queues answer and the consumers run', async () => {
      const { status, body } = await getJson<HealthBody>(`${demo.url}/health`);

      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.details.sqs.status).toBe('up');
    });
  });

  describe('GET /orders/stats', () => {
    it('counts sent, processed, failed attempts and dead-lettered orders', async () => {
      const before = (await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`)).body.orders;
      const ok = await placeOrder();
      const bad = await placeOrder({ fail: true });
      await stream.waitFor(isOrder(ok.order.id, 'processed'));
      await stream.waitFor(isOrder(bad.order.id, 'dead-lettered'));

      const after = (await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`)).body.orders;

      expect(after).toEqual({
        sent: before.sent + 2,
        processed: before.processed + 1,
        failedAttempts: before.failedAttempts + 3,
        deadLettered: before.deadLettered + 1,
      });
    });

    it('shows each queue by its SQS name, and the running consumers', async () => {
      const { body } = await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`);

      expect(Object.values(body.queues).map((q) => q.name)).toEqual([
        'orders',
        'orders-dlq',
        'payments.fifo',
      ]);
      expect(body.consumers.map((c) => `${c.queue} ${c.state}`)).toEqual([
        'orders running',
        'payments running',
      ]);
    });
  });

  describe('FIFO payments', () => {
    it("hands each account's payments to the handler in step order", async () => {
      const { body } = await postJson<{ accounts: string[] }>(`${demo.url}/payments/burst`, {
        accounts: 3,
        payments: 5,
      });

      const processed = await stream.waitForAll(
        (e) => e.queue === 'payments' && e.type === 'processed',
        15,
      );

      for (const account of body.accounts) {
        const steps = processed
          .filter((e) => e.groupId === account)
          .map((e) => (e.body as { step: number }).step);
        expect(steps).toEqual([1, 2, 3, 4, 5]);
      }
    });
  });

  describe('the SQS endpoint', () => {
    it("answers ListQueues through @aws-sdk/client-sqs with the demo's queues", async () => {
      const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));

      expect(QueueUrls.map((url) => url.split('/').pop()).sort()).toEqual([
        'orders',
        'orders-dlq',
        'payments.fifo',
      ]);
    });

    it('serves the same queues the app consumes', async () => {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
      const order = { id: 'ord-from-sdk', item: 'cake', quantity: 1, customer: 'sam' };

      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(order) }));

      await expect(stream.waitFor(isOrder(order.id, 'processed'))).resolves.toMatchObject({
        body: order,
      });
    });
  });

  describe('the page', () => {
    it('is served at / with a CSP that allows its own script and stylesheet only', async () => {
      const response = await fetch(`${demo.url}/`);
      const html = await response.text();

      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
          "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      // Nothing inline: the script and the stylesheet come from the page's own routes.
      expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/demo.js" defer>']);
      expect(html).toContain('<link rel="stylesheet" href="/assets/demo.css">');
      expect(html).not.toMatch(/<style|\son[a-z]+=/);
    });

    it('serves its script, bundled from src/demo/page/browser/, and its stylesheet', async () => {
      const script = await fetch(`${demo.url}/assets/demo.js`);
      const styles = await fetch(`${demo.url}/assets/demo.css`);
      const code = await script.text();

      expect([script.status, script.headers.get('content-type')]).toEqual([
        200,
        'text/javascript; charset=utf-8',
      ]);
      expect([styles.status, styles.headers.get('content-type')]).toEqual([
        200,
        'text/css; charset=utf-8',
      ]);
      // One classic script (the page loads no module) that follows the live feed.
      expect(() => new Function(code)).not.toThrow();
      expect(code).toContain('new EventSource("/orders/events")');
      expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      expect(await styles.text()).toContain('.chip.processed');
    });
  });
});

describe('demo with DEMO_FAILURE_RATE=1', () => {
  let demo: DemoApp;

  beforeAll(async () => {
    demo = await startDemo({ DEMO_FAILURE_RATE: '1' });
  });

  afterAll(() => demo?.close());

  it("keeps each account's step order when every first attempt fails", async () => {
    const stream = await EventStream.open(`${demo.url}/orders/events`);
    try {
      await postJson(`${demo.url}/payments/burst`, { accounts: 2, payments: 4 });

      const processed = await stream.waitForAll(
        (e) => e.queue === 'payments' && e.type === 'processed',
        8,
      );

      for (const account of ['acme', 'globex']) {
        const mine = processed.filter((e) => e.groupId === account);
        expect(mine.map((e) => (e.body as { step: number }).step)).toEqual([1, 2, 3, 4]);
        expect(mine.map((e) => e.attempt)).toEqual([2, 2, 2, 2]);
      }
    } finally {
      stream.close();
    }
  });
});

describe('demo with SQS_AUTO_STARTUP=false (producers only)', () => {
  let demo: DemoApp;
  let sqs: SQSClient;

  beforeAll(async () => {
    demo = await startDemo({ SQS_AUTO_STARTUP: 'false' });
    sqs = sqsClient(demo.sqsEndpoint as string);
  });

  afterAll(async () => {
    sqs?.destroy();
    await demo?.close();
  });

  it('leaves a posted order in the queue, never received', async () => {
    const { body } = await postJson<PlacedOrder>(`${demo.url}/orders`, { item: 'scone' });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));

    const message = await receiveUntil(sqs, QueueUrl as string, () => true);

    expect(bodyOf(message).id).toBe(body.order.id);
    // Receive count 1: this receive is the first, so no consumer had it.
    expect(message.Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('reports its consumers as stopped', async () => {
    const { body } = await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`);

    expect(body.consumers.map((c) => c.state)).toEqual(['stopped', 'stopped']);
  });
});

describe('demo with SQS_BACKEND=aws', () => {
  let server: SqsServerHandle;
  let demo: DemoApp;

  beforeAll(async () => {
    server = await startSqsServer({ emulator: new SqsEmulator(), port: 0 });
    demo = await startDemo({
      SQS_BACKEND: 'aws',
      AWS_ENDPOINT_URL_SQS: server.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  });

  afterAll(async () => {
    await demo?.close();
    await server?.close();
  });

  it('creates its queues on the SQS server at AWS_ENDPOINT_URL_SQS', () => {
    const names = server.emulator.inspectQueues().map((q) => q.name);

    expect(names.sort()).toEqual(['orders', 'orders-dlq', 'payments.fifo']);
  });

  it('processes an order through that server, serving no emulator of its own', async () => {
    const stream = await EventStream.open(`${demo.url}/orders/events`);
    try {
      const { body } = await postJson<PlacedOrder>(`${demo.url}/orders`, {});

      await stream.waitFor(isOrder(body.order.id, 'processed'));

      expect(demo.servesEmulator).toBe(false);
      expect(demo.sqsEndpoint).toBe(server.url);
    } finally {
      stream.close();
    }
  });

  // Last in this block: it deletes a queue.
  it('reports down with 503 when a queue is deleted', async () => {
    const url = server.emulator.queueUrlOf('orders-dlq') as string;
    await server.emulator.deleteQueue({ QueueUrl: url });

    const { status, body } = await getJson<HealthBody>(`${demo.url}/health`);

    expect(status).toBe(503);
    expect(body.status).toBe('error');
  });
});

describe('demo shutdown', () => {
  it('ends open event streams when the app closes', async () => {
    const demo = await startDemo();
    const stream = await EventStream.open(`${demo.url}/orders/events`);

    await demo.close();

    await expect(stream.waitForEnd()).resolves.toBeUndefined();
  });

  it('stops serving the SQS endpoint when the app closes', async () => {
    const demo = await startDemo();
    const sqs = sqsClient(demo.sqsEndpoint as string);
    await demo.close();

    await expect(sqs.send(new ListQueuesCommand({}))).rejects.toThrow();
    sqs.destroy();
  });
});
