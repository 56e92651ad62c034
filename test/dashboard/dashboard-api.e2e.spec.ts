import { ManualClock } from '../../src/clock/manual-clock';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type {
  DashboardMessagesView,
  DashboardQueueView,
  DashboardState,
} from '../../src/dashboard/dashboard-views.interface';
import { turnUntil } from '../support/testing/turn-until';
import {
  type DashboardApp,
  OrdersHandler,
  startDashboardApp,
} from '../support/dashboard/dashboard-app';
import { deadLetter } from '../support/dashboard/dead-letter';
import { DashboardClient } from '../support/dashboard/http-client';

describe('dashboard API in an Express app', () => {
  let clock: ManualClock;
  let emulator: SqsEmulator;
  let t: DashboardApp;
  let api: DashboardClient;
  const url = (name: string) => emulator.queueUrlOf(name) as string;
  const queue = async (id: string) =>
    (await api.get<DashboardState>('/api/state')).body.queues.find(
      (q) => q.id === id,
    ) as DashboardQueueView;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    emulator = new SqsEmulator({ clock });
    t = await startDashboardApp({ emulator, module: { autoStartup: false } });
    api = new DashboardClient(t.dashboardUrl, t.origin);
  });

  afterEach(() => t.close());

  describe('overview', () => {
    it('lists every declared queue with its visible, in-flight and delayed counts', async () => {
      await emulator.sendMessage({ QueueUrl: url('audit'), MessageBody: 'a' });
      await emulator.sendMessage({ QueueUrl: url('audit'), MessageBody: 'b', DelaySeconds: 60 });
      await emulator.sendMessage({ QueueUrl: url('audit'), MessageBody: 'c' });
      await emulator.receiveMessage({ QueueUrl: url('audit') });

      const { status, body } = await api.get<DashboardState>('/api/state');

      expect(status).toBe(200);
      expect(body.queues.map((q) => q.id)).toEqual(['orders', 'orders-dlq', 'audit', 'payments']);
      expect(body.queues[2]).toMatchObject({
        name: 'audit',
        fifo: false,
        counts: { visible: 1, inflight: 1, delayed: 1 },
      });
    });

    it('links a queue to its dead-letter queue, and the dead-letter queue to its sources', async () => {
      const orders = await queue('orders');
      const dlq = await queue('orders-dlq');
      expect(orders).toMatchObject({ deadLetterQueue: 'orders-dlq', maxReceiveCount: 2 });
      expect(dlq.deadLetterSources).toEqual(['orders']);
    });

    it('marks the queues the module declared', async () => {
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.queues.every((q) => q.declared)).toBe(true);
    });

    it('shows a FIFO queue under its logical name with its physical name', async () => {
      expect(await queue('payments')).toMatchObject({ name: 'payments.fifo', fifo: true });
    });

    it('says peeking is available on the memory backend', async () => {
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body).toMatchObject({
        backend: 'memory',
        readOnly: false,
        peek: { available: true },
        arrivals: 'counted',
      });
    });

    it('counts messages sent in the current second in the throughput series', async () => {
      await api.post('/api/send', { queue: 'audit', body: 'x' });
      await api.post('/api/send', { queue: 'audit', body: 'y' });
      const audit = await queue('audit');
      expect(audit.throughput.sent).toHaveLength(60);
      expect(audit.throughput.sent.slice(-2).reduce((a, b) => a + b)).toBe(2);
    });
  });

  describe('queues other clients created', () => {
    it('lists every queue of the emulator: the declared ones first, then the others by name', async () => {
      await emulator.createQueue({ QueueName: 'zeta' });
      await emulator.createQueue({ QueueName: 'alpha.fifo', Attributes: { FifoQueue: 'true' } });

      const { body } = await api.get<DashboardState>('/api/state');

      expect(body.queues.map((q) => [q.id, q.declared])).toEqual([
        ['orders', true],
        ['orders-dlq', true],
        ['audit', true],
        ['payments', true],
        ['alpha.fifo', false],
        ['zeta', false],
      ]);
      expect(body.queues[4]).toMatchObject({
        name: 'alpha.fifo',
        fifo: true,
        counts: { visible: 0 },
      });
    });

    it('links such a queue to its dead-letter queue', async () => {
      const { QueueUrl: dlq } = await emulator.createQueue({ QueueName: 'jobs-dlq' });
      const { Attributes } = await emulator.getQueueAttributes({
        QueueUrl: dlq as string,
        AttributeNames: ['QueueArn'],
      });
      await emulator.createQueue({
        QueueName: 'jobs',
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: 5,
          }),
        },
      });

      expect(await queue('jobs')).toMatchObject({
        deadLetterQueue: 'jobs-dlq',
        maxReceiveCount: 5,
      });
      expect((await queue('jobs-dlq')).deadLetterSources).toEqual(['jobs']);
    });

    it('shows one whose name is a logical id of the module under its ARN', async () => {
      await emulator.createQueue({ QueueName: 'payments' });
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.queues.filter((q) => q.name.startsWith('payments'))).toEqual([
        expect.objectContaining({ id: 'payments', name: 'payments.fifo', declared: true }),
        expect.objectContaining({
          id: 'arn:aws:sqs:us-east-1:000000000000:payments',
          name: 'payments',
          declared: false,
        }),
      ]);
    });

    it('peeks into such a queue and sends to it', async () => {
      await emulator.createQueue({ QueueName: 'scratch' });
      const sent = await api.post('/api/send', { queue: 'scratch', body: 'hello' });
      expect(sent.status).toBe(200);
      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=scratch');
      expect(body.messages).toEqual([expect.objectContaining({ body: 'hello' })]);
    });

    it('stops listing such a queue once it is deleted', async () => {
      const { QueueUrl } = await emulator.createQueue({ QueueName: 'scratch' });
      expect((await queue('scratch')).id).toBe('scratch');
      await emulator.deleteQueue({ QueueUrl: QueueUrl as string });
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.queues.map((q) => q.id)).toEqual(['orders', 'orders-dlq', 'audit', 'payments']);
    });
  });

  describe('peek', () => {
    it('shows messages with body, attributes and receive count without receiving them', async () => {
      await emulator.sendMessage({
        QueueUrl: url('audit'),
        MessageBody: '{"id":1}',
        MessageAttributes: { source: { DataType: 'String', StringValue: 'web' } },
      });

      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=audit');

      expect(body.messages).toEqual([
        expect.objectContaining({
          body: '{"id":1}',
          state: 'visible',
          receiveCount: 0,
          sentTimestamp: clock.now(),
          attributes: { source: { type: 'String', value: 'web' } },
        }),
      ]);
    });

    it('leaves a peeked message visible with its receive count unchanged', async () => {
      await emulator.sendMessage({ QueueUrl: url('audit'), MessageBody: 'still here' });
      await api.get('/api/messages?queue=audit');
      await api.get('/api/messages?queue=audit');
      const received = await emulator.receiveMessage({
        QueueUrl: url('audit'),
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      });
      expect(received.Messages?.[0].Attributes?.ApproximateReceiveCount).toBe('1');
    });

    it('shows the group id of a FIFO message', async () => {
      await emulator.sendMessage({
        QueueUrl: url('payments.fifo'),
        MessageBody: 'p',
        MessageGroupId: 'account-7',
        MessageDeduplicationId: 'd1',
      });
      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=payments');
      expect(body.messages[0]).toMatchObject({ groupId: 'account-7', deduplicationId: 'd1' });
    });

    it('answers 404 for a queue the dashboard does not show', async () => {
      const { status, body } = await api.get('/api/messages?queue=nope');
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: 'QueueDoesNotExist', message: expect.any(String) } });
    });
  });

  describe('send', () => {
    it('sends a test message with attributes and a delay', async () => {
      const { status, body } = await api.post('/api/send', {
        queue: 'audit',
        body: '{"hello":"world"}',
        attributes: { source: 'dashboard', weight: { type: 'Number', value: '3' } },
        delaySeconds: 5,
      });

      expect(status).toBe(200);
      const [message] = emulator.peekMessages('audit');
      expect(message).toMatchObject({
        messageId: body.messageId,
        body: '{"hello":"world"}',
        state: 'delayed',
        messageAttributes: {
          source: { DataType: 'String', StringValue: 'dashboard' },
          weight: { DataType: 'Number', StringValue: '3' },
        },
      });
    });

    it('sends to a FIFO queue with a group id and a generated deduplication id', async () => {
      const { status } = await api.post('/api/send', {
        queue: 'payments',
        body: 'p',
        groupId: 'g1',
      });
      expect(status).toBe(200);
      expect(emulator.peekMessages('payments.fifo')[0]).toMatchObject({
        groupId: 'g1',
        deduplicationId: expect.any(String),
      });
    });

    it('answers SQS’s own error for a FIFO send without a group id', async () => {
      const { status, body } = await api.post('/api/send', { queue: 'payments', body: 'p' });
      expect(status).toBe(400);
      expect(body).toEqual({
        error: {
          code: 'MissingRequiredParameterException',
          message: expect.stringContaining('MessageGroupId'),
        },
      });
    });

    it('rejects a delay outside 0 to 900 seconds before calling SQS', async () => {
      const { status, body } = await api.post('/api/send', {
        queue: 'audit',
        body: 'x',
        delaySeconds: 901,
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: { code: 'BadRequest' } });
      expect(emulator.peekMessages('audit')).toEqual([]);
    });
  });

  describe('dead letters', () => {
    it('shows a dead-lettered message with its source queue and receive count', async () => {
      await deadLetter(emulator, ['{"fail":true}']);
      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=orders-dlq');
      expect(body.messages).toEqual([
        expect.objectContaining({
          body: '{"fail":true}',
          receiveCount: 2,
          deadLetterSourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders',
        }),
      ]);
    });

    it('shows why a message was dead-lettered: the error, handler, time and receive count of its last attempt', async () => {
      const before = Date.now();
      await api.post('/api/consumers/start', { queue: 'orders' });
      await emulator.sendMessage({ QueueUrl: url('orders'), MessageBody: '{"fail":true}' });
      await turnUntil(clock, () => emulator.peekMessages('orders-dlq').length === 1, 'the DLQ');

      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=orders-dlq');

      expect(body.messages[0].lastFailure).toEqual({
        error: 'payment declined for this order',
        handler: 'OrdersHandler.onOrder',
        at: expect.any(Number),
        receiveCount: 2,
      });
      expect(body.messages[0].lastFailure?.at).toBeGreaterThanOrEqual(before);
      expect(body.messages[0].lastFailure?.at).toBeLessThanOrEqual(Date.now());
    });

    it('gives no reason for a message this app did not see fail', async () => {
      await deadLetter(emulator, ['{"fail":true}']);
      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=orders-dlq');
      expect(body.messages[0]).not.toHaveProperty('lastFailure');
    });

    it('redrives the dead-letter queue back to the source queue', async () => {
      await deadLetter(emulator, ['m1', 'm2']);

      const { status, body } = await api.post('/api/redrive', { queue: 'orders-dlq' });

      expect(status).toBe(200);
      expect(body.taskHandle).toEqual(expect.any(String));
      expect((await queue('orders-dlq')).counts?.visible).toBe(0);
      expect((await queue('orders')).counts?.visible).toBe(2);
      expect((await queue('orders-dlq')).moveTask).toMatchObject({
        status: 'COMPLETED',
        moved: 2,
        toMove: 2,
      });
    });

    it('reports a running move’s progress and cancels it', async () => {
      await deadLetter(emulator, ['m1', 'm2', 'm3']);
      await api.post('/api/redrive', { queue: 'orders-dlq', rate: 1 });

      const running = (await queue('orders-dlq')).moveTask;
      expect(running).toMatchObject({ status: 'RUNNING', moved: 1, toMove: 3 });
      clock.advance(1000);
      expect((await queue('orders-dlq')).moveTask).toMatchObject({ moved: 2 });

      const cancel = await api.post('/api/redrive/cancel', { taskHandle: running?.taskHandle });
      expect(cancel.body).toEqual({ moved: 2 });
      expect((await queue('orders-dlq')).moveTask).toMatchObject({ status: 'CANCELLED' });
      expect((await queue('orders-dlq')).counts?.visible).toBe(1);
    });

    it('redrives to another queue of the same type', async () => {
      await deadLetter(emulator, ['m1']);
      await api.post('/api/redrive', { queue: 'orders-dlq', destination: 'audit' });
      expect(emulator.peekMessages('audit').map((m) => m.body)).toEqual(['m1']);
      expect((await queue('orders-dlq')).moveTask).toMatchObject({ destination: 'audit' });
    });

    it('answers SQS’s error when the queue is not a dead-letter queue', async () => {
      const { status, body } = await api.post('/api/redrive', { queue: 'audit' });
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: { message: 'Source queue must be configured as a Dead Letter Queue.' },
      });
    });

    it('deletes one message and leaves the others as they were', async () => {
      const [first, second] = await deadLetter(emulator, ['m1', 'm2']);

      const { status } = await api.post('/api/messages/delete', {
        queue: 'orders-dlq',
        messageId: first,
      });

      expect(status).toBe(200);
      expect(emulator.peekMessages('orders-dlq')).toEqual([
        expect.objectContaining({ messageId: second, receiveCount: 2, state: 'visible' }),
      ]);
    });

    it('answers 404 when the message to delete is not there', async () => {
      const { status, body } = await api.post('/api/messages/delete', {
        queue: 'orders-dlq',
        messageId: 'not-a-message',
      });
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: { code: 'MessageNotFound' } });
    });

    it('purges a queue when the confirmation repeats its name', async () => {
      await deadLetter(emulator, ['m1', 'm2']);
      const { status } = await api.post('/api/purge', {
        queue: 'orders-dlq',
        confirm: 'orders-dlq',
      });
      expect(status).toBe(200);
      expect(emulator.peekMessages('orders-dlq')).toEqual([]);
    });

    it('refuses to purge without the queue’s name as confirmation', async () => {
      await deadLetter(emulator, ['m1']);
      const { status } = await api.post('/api/purge', { queue: 'orders-dlq', confirm: 'yes' });
      expect(status).toBe(400);
      expect(emulator.peekMessages('orders-dlq')).toHaveLength(1);
    });
  });

  describe('consumers', () => {
    it('lists each consumer with its handlers, state and counters', async () => {
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.consumers).toEqual([
        {
          queue: 'orders',
          state: 'stopped',
          handlers: ['OrdersHandler.onOrder'],
          handlerStats: [{ handler: 'OrdersHandler.onOrder', running: 0, processed: 0, failed: 0 }],
          concurrency: 10,
          inFlight: 0,
          running: 0,
          processed: 0,
          failed: 0,
        },
      ]);
    });

    it('starts a consumer, which then handles messages', async () => {
      await emulator.sendMessage({ QueueUrl: url('orders'), MessageBody: '{"id":1}' });
      const { status } = await api.post('/api/consumers/start', { queue: 'orders' });
      expect(status).toBe(200);
      await turnUntil(clock, () => t.app.get(OrdersHandler).handled.length === 1, 'the handler');
      const consumer = (await api.get<DashboardState>('/api/state')).body.consumers?.[0];
      expect(consumer).toMatchObject({ state: 'running', processed: 1 });
    });

    it('stops a running consumer', async () => {
      await api.post('/api/consumers/start', { queue: 'orders' });
      await api.post('/api/consumers/stop', { queue: 'orders' });
      const consumer = (await api.get<DashboardState>('/api/state')).body.consumers?.[0];
      expect(consumer?.state).toBe('stopped');
      expect(emulator.pendingReceives(url('orders'))).toBe(0);
    });

    it('shows the last error of a failing handler', async () => {
      await api.post('/api/consumers/start', { queue: 'orders' });
      await emulator.sendMessage({ QueueUrl: url('orders'), MessageBody: '{"fail":true}' });
      await turnUntil(clock, () => emulator.peekMessages('orders-dlq').length === 1, 'the DLQ');
      const consumer = (await api.get<DashboardState>('/api/state')).body.consumers?.[0];
      expect(consumer?.failed).toBe(2);
      const lastError = {
        message: 'payment declined for this order',
        handler: 'OrdersHandler.onOrder',
        messageId: expect.any(String),
        at: expect.any(Number),
      };
      expect(consumer?.lastError).toEqual(lastError);
      expect(consumer?.handlerStats).toEqual([
        { handler: 'OrdersHandler.onOrder', running: 0, processed: 0, failed: 2, lastError },
      ]);
    });

    it('answers 404 for a queue without a consumer', async () => {
      const { status, body } = await api.post('/api/consumers/start', { queue: 'audit' });
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: { code: 'NoConsumer' } });
    });
  });

  describe('live updates', () => {
    it('streams the state as server-sent events', async () => {
      const controller = new AbortController();
      const response = await fetch(`${t.dashboardUrl}/api/events`, { signal: controller.signal });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!text.includes('event: state\ndata: ')) {
        const { value } = await reader.read();
        text += Buffer.from(value as Uint8Array).toString('utf8');
      }
      controller.abort();
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const data = /event: state\ndata: (.*)\n\n/.exec(text)?.[1] as string;
      expect((JSON.parse(data) as DashboardState).queues).toHaveLength(4);
    });
  });

  describe('page', () => {
    it('serves the page with a policy that allows no inline script', async () => {
      const response = await fetch(t.dashboardUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(await response.text()).toContain('<script src="/sqs/assets/app.js" defer></script>');
    });

    it('serves its script and stylesheet from the package', async () => {
      const script = await fetch(`${t.dashboardUrl}/assets/app.js`);
      const styles = await fetch(`${t.dashboardUrl}/assets/app.css`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    });
  });
});

describe('dashboard event streams at shutdown', () => {
  it('ends open streams so that the app closes', async () => {
    const t = await startDashboardApp({ module: { autoStartup: false } });
    const response = await fetch(`${t.dashboardUrl}/api/events`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();

    await t.close();

    let done = false;
    while (!done) ({ done } = await reader.read());
    expect(done).toBe(true);
  });
});
