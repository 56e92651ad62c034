import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DemoMessageEvent } from '../../src/demo/feed/demo-event.interface';
import type { PlacedOrder } from '../../src/demo/orders/order.interface';
import { FeedClient } from '../support/demo/feed-client';
import { postJson } from '../support/demo/http';
import { type RunningDemo, sqsClient, startDemo } from '../support/demo/start-demo';

// Real processes: each (re)start of one costs seconds on a busy machine.
jest.setTimeout(60_000);

const orderId = (e: DemoMessageEvent) => (e.body as { id?: string } | undefined)?.id;
const processedOrders = (ids: Iterable<string>) => {
  const wanted = new Set(ids);
  return (e: DemoMessageEvent) =>
    e.queue === 'orders' && e.type === 'processed' && wanted.has(orderId(e) as string);
};

describe('demo: nothing is lost when one process restarts', () => {
  let demo: RunningDemo;
  let feed: FeedClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    demo = await startDemo();
    sqs = sqsClient(demo.sqsEndpoint as string);
  }, 90_000);

  beforeEach(async () => {
    feed = await FeedClient.connect(demo.url);
  });

  afterEach(() => feed.close());

  afterAll(async () => {
    sqs?.destroy();
    await demo?.close();
  });

  const placeOrders = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { status, body } = await postJson<PlacedOrder>(`${demo.url}/orders`, {
        item: `tea-${i}`,
      });
      expect(status).toBe(202);
      ids.push(body.order.id);
    }
    return ids;
  };

  it('delivers every order placed while the notifier was stopped, once it is back', async () => {
    await demo.stack.stop('notifier');

    // The orders service takes them: they wait in the queue.
    const ids = await placeOrders(5);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('5');
    await demo.stack.start('notifier');

    const processed = await feed.waitForAll(processedOrders(ids), 5, 30_000);

    expect(new Set(processed.map(orderId))).toEqual(new Set(ids));
    // The client reconnected by itself to the new notifier, which announced each order as sent,
    // saying how long it waited in the queue.
    expect(feed.hellos.length).toBeGreaterThanOrEqual(2);
    const sent = feed.events.filter((e) => e.type === 'sent' && ids.includes(orderId(e) as string));
    expect(sent).toHaveLength(5);
  });

  it('answers 503 with a reason while the emulator is down, and takes orders again after', async () => {
    await demo.stack.stop('emulator');

    const refused = await postJson<{ statusCode: number; message: string }>(`${demo.url}/orders`, {
      item: 'scone',
    });
    await demo.stack.start('emulator');
    const accepted = await postJson<PlacedOrder>(`${demo.url}/orders`, { item: 'scone' });

    expect(refused.status).toBe(503);
    expect(refused.body.statusCode).toBe(503);
    expect(refused.body.message).toMatch(
      new RegExp(
        `^Order ord-\\w+ was not queued: SQS at ${demo.sqsEndpoint} did not take it \\(.+\\)\\. Try again in a moment\\.$`,
      ),
    );
    expect(accepted.status).toBe(202);
    await feed.waitFor(processedOrders([accepted.body.order.id]), 30_000);
  });

  it('answers 503 rather than hang while the emulator is frozen (SIGSTOP), and recovers', async () => {
    const emulator = demo.stack.process('emulator');
    emulator.signal('SIGSTOP');
    let refused;
    try {
      refused = await postJson<{ message: string }>(`${demo.url}/orders`, { item: 'frozen' });
    } finally {
      emulator.signal('SIGCONT');
    }
    const accepted = await postJson<PlacedOrder>(`${demo.url}/orders`, { item: 'thawed' });

    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(
      /^Order ord-\w+ was not queued: .+ Try again in a moment\.$/,
    );
    expect(accepted.status).toBe(202);
    await feed.waitFor(processedOrders([accepted.body.order.id]), 30_000);
  });

  it('survives an emulator restart: both services reconnect, queued messages are kept', async () => {
    // Messages sent just before the restart, delayed so no consumer takes them before it: they
    // are in the emulator's data directory, nowhere else.
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    const before = ['ord-kept-1', 'ord-kept-2', 'ord-kept-3'];
    for (const id of before) {
      const order = { id, item: 'cake', quantity: 1, customer: 'sam' };
      await sqs.send(
        new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(order), DelaySeconds: 3 }),
      );
    }
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesDelayed).toBe('3');

    await demo.stack.restart('emulator');
    // Neither service was touched: the orders service's producer and the notifier's consumer
    // find the emulator again by themselves.
    const after = await placeOrders(3);

    const processed = await feed.waitForAll(processedOrders([...before, ...after]), 6, 40_000);
    expect(new Set(processed.map(orderId))).toEqual(new Set([...before, ...after]));
    expect(demo.stack.process('notifier').running).toBe(true);
    expect(demo.stack.process('orders').running).toBe(true);
  });
});
