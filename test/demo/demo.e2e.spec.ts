import {
  GetQueueUrlCommand,
  ListQueuesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import WebSocket from 'ws';
import type { DemoMessageEvent, QueueCounts } from '../../src/demo/feed/demo-event.interface';
import type { DemoStatsSnapshot } from '../../src/demo/feed/demo-stats.interface';
import type { PlacedOrder } from '../../src/demo/orders/order.interface';
import { SqsEmulator, type SqsServerHandle, startSqsServer } from '../../src/index';
import { FeedClient } from '../support/demo/feed-client';
import { getJson, postJson } from '../support/demo/http';
import { bodyOf, receiveUntil } from '../support/demo/receive-until';
import { type RunningDemo, sqsClient, startDemo } from '../support/demo/start-demo';

// Real processes: starting the three takes seconds on a busy machine.
jest.setTimeout(30_000);
const START_TIMEOUT = 90_000;

/** What @nestjs/terminus answers on /health. */
interface HealthBody {
  status: 'ok' | 'error';
  details: Record<string, { status: 'up' | 'down'; reachable?: boolean }>;
}

const bodyId = (event: DemoMessageEvent) => (event.body as { id?: string } | undefined)?.id;
const isOrder = (id: string, type: string) => (e: DemoMessageEvent) =>
  e.queue === 'orders' && e.type === type && bodyId(e) === id;

describe('demo: orders service → queue → notifier → WebSocket', () => {
  let demo: RunningDemo;
  let feed: FeedClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    demo = await startDemo();
    sqs = sqsClient(demo.sqsEndpoint as string);
  }, START_TIMEOUT);

  beforeEach(async () => {
    feed = await FeedClient.connect(demo.url);
  });

  afterEach(() => feed.close());

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

    it("pushes the processed order to the notifier's WebSocket, through the orders service", async () => {
      const { order, messageId } = await placeOrder({ item: 'tea' });

      const processed = await feed.waitFor(isOrder(order.id, 'processed'));

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

      const processed = await feed.waitForAll(
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

      await feed.waitFor(isOrder(order.id, 'dead-lettered'));
      const failed = feed.events.filter(isOrder(order.id, 'failed'));

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

  describe('the WebSocket feed', () => {
    const firstIndex = (type: string, messageId: unknown) =>
      feed.events.findIndex((e) => e.type === type && e.messageId === messageId);
    /** Messages among `events` whose `sent` is missing or comes after their `received`. */
    const receivedBeforeSent = (events: DemoMessageEvent[]) =>
      events
        .map((e) => e.messageId)
        .filter((id) => {
          const sent = firstIndex('sent', id);
          return sent < 0 || sent > firstIndex('received', id);
        });

    it('announces each order as sent, with its body, before its first receive', async () => {
      const { body } = await postJson<{ ids: string[] }>(`${demo.url}/orders/batch`, {
        count: 20,
      });
      const single = await placeOrder();
      const ids = new Set([...body.ids, single.order.id]);

      const processed = await feed.waitForAll(
        (e) => e.type === 'processed' && ids.has(bodyId(e) as string),
        21,
      );

      expect(receivedBeforeSent(processed)).toEqual([]);
      const sent = feed.events.find(isOrder(single.order.id, 'sent'));
      expect(sent?.body).toEqual(single.order);
    });

    it('announces each payment as sent before its consumer receives it', async () => {
      const { lastSeq } = feed.hellos[0]; // the hello replays earlier tests' events
      await postJson(`${demo.url}/payments/burst`, { accounts: 3, payments: 4 });

      const processed = await feed.waitForAll(
        (e) => e.seq > lastSeq && e.queue === 'payments' && e.type === 'processed',
        12,
      );

      expect(receivedBeforeSent(processed)).toEqual([]);
    });

    it("carries its queue's counts in every event, that event counted", async () => {
      const ok = await placeOrder();
      const bad = await placeOrder({ fail: true });
      await feed.waitFor(isOrder(ok.order.id, 'processed'));
      await feed.waitFor(isOrder(bad.order.id, 'dead-lettered'));
      const hello = feed.hellos[0];

      // From the hello's counts, as of its last replayed event, each live event adds one.
      const expected: QueueCounts = { ...hello.counts.orders };
      const field = {
        sent: 'sent',
        processed: 'processed',
        failed: 'failedAttempts',
        'dead-lettered': 'deadLettered',
      } as const;
      const live = feed.events.filter((e) => e.queue === 'orders' && e.seq > hello.lastSeq);
      expect(live.length).toBeGreaterThan(0);
      for (const event of live) {
        const counted = field[event.type as keyof typeof field];
        if (counted) expected[counted]++;
        expect({ type: event.type, counts: event.counts }).toEqual({
          type: event.type,
          counts: expected,
        });
      }
    });

    it('starts with the counts so far and the events the notifier keeps, numbered without gaps', async () => {
      await feed.waitFor(isOrder((await placeOrder()).order.id, 'processed'));
      const { body } = await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`);
      const fresh = await FeedClient.connect(demo.url);
      try {
        const [hello] = fresh.hellos;
        expect(hello).toMatchObject({
          type: 'hello',
          resumed: false,
          dropped: 0,
          counts: { orders: body.orders, payments: body.payments },
        });
        expect(hello.missed.map((e) => e.seq)).toEqual(
          Array.from({ length: hello.lastSeq }, (_, i) => i + 1),
        );
      } finally {
        fresh.close();
      }
    });

    it('replays exactly what a dropped socket missed when it comes back', async () => {
      const { order: first } = await placeOrder();
      await feed.waitFor(isOrder(first.id, 'processed'));
      const seenBefore = feed.events.length;
      const lastSeen = feed.events[seenBefore - 1].seq;

      feed.drop();
      const { order: missed } = await placeOrder({ item: 'missed while away' });
      const hello = await feed.waitForHello(2);
      await feed.waitFor(isOrder(missed.id, 'processed'));

      expect(hello).toMatchObject({ resumed: true, dropped: 0 });
      expect(hello.missed.every((e) => e.seq > lastSeen)).toBe(true);
      // Every event once, in order: the replay joins the live feed without a gap or a repeat.
      const seqs = feed.events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
    });
  });

  describe('GET /health', () => {
    it('reports up while the queues answer, and whether the notifier answers', async () => {
      const { status, body } = await getJson<HealthBody>(`${demo.url}/health`);

      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.details.sqs.status).toBe('up');
      expect(body.details.notifier).toMatchObject({ status: 'up', reachable: true });
    });
  });

  describe('GET /orders/stats', () => {
    it('counts sent, processed, failed attempts and dead-lettered orders', async () => {
      const before = (await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`)).body.orders;
      const ok = await placeOrder();
      const bad = await placeOrder({ fail: true });
      await feed.waitFor(isOrder(ok.order.id, 'processed'));
      await feed.waitFor(isOrder(bad.order.id, 'dead-lettered'));

      const after = (await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`)).body.orders;

      expect(before).toBeDefined();
      expect(after).toEqual({
        sent: (before?.sent ?? 0) + 2,
        processed: (before?.processed ?? 0) + 1,
        failedAttempts: (before?.failedAttempts ?? 0) + 3,
        deadLettered: (before?.deadLettered ?? 0) + 1,
      });
    });

    it("shows each queue by its SQS name, and the notifier's running consumers", async () => {
      const { body } = await getJson<DemoStatsSnapshot>(`${demo.url}/orders/stats`);

      expect(body.notifier).toBe('up');
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
      const { lastSeq } = feed.hellos[0]; // the hello replays earlier tests' events
      const { body } = await postJson<{ accounts: string[] }>(`${demo.url}/payments/burst`, {
        accounts: 3,
        payments: 5,
      });

      const processed = await feed.waitForAll(
        (e) => e.seq > lastSeq && e.queue === 'payments' && e.type === 'processed',
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

  describe('the SQS endpoint (the emulator process)', () => {
    it("answers ListQueues through @aws-sdk/client-sqs with the demo's queues", async () => {
      const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));

      expect(QueueUrls.map((url) => url.split('/').pop()).sort()).toEqual([
        'orders',
        'orders-dlq',
        'payments.fifo',
      ]);
    });

    it('serves the same queues the notifier consumes', async () => {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
      const order = { id: 'ord-from-sdk', item: 'cake', quantity: 1, customer: 'sam' };

      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(order) }));

      await expect(feed.waitFor(isOrder(order.id, 'processed'))).resolves.toMatchObject({
        body: order,
      });
    });
  });

  describe('the page and the dashboard, from one origin', () => {
    it('is served at / with a CSP that allows its own script, stylesheet and origin only', async () => {
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
      // One classic script (the page loads no module) that follows the live feed on a socket.
      expect(() => new Function(code)).not.toThrow();
      expect(code).toContain('new WebSocket(');
      expect(code).not.toContain('EventSource');
      expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      expect(await styles.text()).toContain('.chip.processed');
    });

    it("forwards the notifier's dashboard at /sqs", async () => {
      const direct = await fetch(`${demo.stack.notifierUrl}/sqs`);
      const forwarded = await fetch(`${demo.url}/sqs`);

      expect(forwarded.status).toBe(200);
      expect(forwarded.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      expect(await forwarded.text()).toBe(await direct.text());
    });

    it('refuses a WebSocket on any other path', async () => {
      const socket = new WebSocket(`${demo.url.replace('http', 'ws')}/not-the-feed`);

      const status = await new Promise<number | undefined>((resolve) => {
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
        socket.on('error', () => resolve(undefined));
      });

      expect(status).toBe(404);
    });
  });
});

describe('demo with DEMO_FAILURE_RATE=1', () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ DEMO_FAILURE_RATE: '1' });
  }, START_TIMEOUT);

  afterAll(() => demo?.close());

  it("keeps each account's step order when every first attempt fails", async () => {
    const feed = await FeedClient.connect(demo.url);
    try {
      await postJson(`${demo.url}/payments/burst`, { accounts: 2, payments: 4 });

      const processed = await feed.waitForAll(
        (e) => e.queue === 'payments' && e.type === 'processed',
        8,
      );

      for (const account of ['acme', 'globex']) {
        const mine = processed.filter((e) => e.groupId === account);
        expect(mine.map((e) => (e.body as { step: number }).step)).toEqual([1, 2, 3, 4]);
        expect(mine.map((e) => e.attempt)).toEqual([2, 2, 2, 2]);
      }
    } finally {
      feed.close();
    }
  });
});

describe('demo with SQS_AUTO_STARTUP=false (the notifier consumes nothing)', () => {
  let demo: RunningDemo;
  let sqs: SQSClient;

  beforeAll(async () => {
    demo = await startDemo({ SQS_AUTO_STARTUP: 'false' });
    sqs = sqsClient(demo.sqsEndpoint as string);
  }, START_TIMEOUT);

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
  let demo: RunningDemo;

  beforeAll(async () => {
    server = await startSqsServer({ emulator: new SqsEmulator(), port: 0 });
    demo = await startDemo({
      SQS_BACKEND: 'aws',
      AWS_ENDPOINT_URL_SQS: server.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  }, START_TIMEOUT);

  afterAll(async () => {
    await demo?.close();
    await server?.close();
  });

  it('runs no emulator of its own: two processes', () => {
    expect(demo.stack.names).toEqual(['notifier', 'orders']);
    expect(demo.sqsEndpoint).toBe(server.url);
  });

  it('creates its queues on the SQS server at AWS_ENDPOINT_URL_SQS', () => {
    const names = server.emulator.inspectQueues().map((q) => q.name);

    expect(names.sort()).toEqual(['orders', 'orders-dlq', 'payments.fifo']);
  });

  it('processes an order through that server', async () => {
    const feed = await FeedClient.connect(demo.url);
    try {
      const { body } = await postJson<PlacedOrder>(`${demo.url}/orders`, {});

      await feed.waitFor(isOrder(body.order.id, 'processed'));
    } finally {
      feed.close();
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
  it(
    'closes open feed sockets when the notifier stops, and the SQS endpoint with the demo',
    async () => {
      const demo = await startDemo();
      const sqs = sqsClient(demo.sqsEndpoint as string);
      const socket = new WebSocket(`${demo.url.replace('http', 'ws')}/ws`);
      await new Promise((resolve) => socket.once('message', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));

      await demo.stack.stop('notifier');
      const code = await closed;
      await demo.close();

      // 1001 "going away": the page reconnects, to whichever notifier comes next.
      expect(code).toBe(1001);
      await expect(sqs.send(new ListQueuesCommand({}))).rejects.toThrow();
      sqs.destroy();
    },
    START_TIMEOUT,
  );
});
