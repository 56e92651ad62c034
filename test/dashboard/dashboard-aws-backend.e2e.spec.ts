import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { HttpInspectionPeeker } from '../../src/dashboard/sources/http-inspection-peeker';
import type {
  DashboardMessagesView,
  DashboardState,
} from '../../src/dashboard/dashboard-views.interface';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import type { SqsModuleOptions } from '../../src/module/sqs-module-options.interface';
import { startSqsServer } from '../../src/server/start-sqs-server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import {
  type DashboardApp,
  OrdersHandler,
  startDashboardApp,
} from '../support/dashboard/dashboard-app';
import { deadLetter } from '../support/dashboard/dead-letter';
import { DashboardClient } from '../support/dashboard/http-client';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const throughputOf = (state: DashboardState, id: string) =>
  state.queues.find((q) => q.id === id)!.throughput;

/** Waits (real time: the app talks to the server over HTTP) until `done` holds. */
async function eventually(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const queues: SqsModuleOptions['queues'] = {
  orders: { create: true, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 } },
  'orders-dlq': { create: true },
  audit: { create: true },
  payments: { name: 'payments.fifo', fifo: true, create: true },
};

describe('dashboard on the aws backend', () => {
  let server: SqsServerHandle;
  let emulator: SqsEmulator;
  let t: DashboardApp;
  let api: DashboardClient;

  beforeEach(async () => {
    emulator = new SqsEmulator();
    server = await startSqsServer({ emulator, port: 0 });
  });

  afterEach(async () => {
    await t.close();
    await server.close();
  });

  describe('pointed at the emulator over HTTP', () => {
    beforeEach(async () => {
      t = await startDashboardApp({
        module: {
          backend: 'aws',
          aws: { endpoint: server.url, region: 'us-east-1', credentials },
          autoStartup: false,
          queues,
        },
      });
      api = new DashboardClient(t.dashboardUrl, t.origin);
    });

    it('names the backend and its endpoint, and finds the inspection API', async () => {
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.backend).toBe(`aws · ${server.url}`);
      expect(body.peek).toEqual({ available: true });
    });

    it('reads the counts with GetQueueAttributes', async () => {
      await emulator.sendMessage({ QueueUrl: emulator.queueUrlOf('audit')!, MessageBody: 'a' });
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.queues.find((q) => q.id === 'audit')?.counts).toEqual({
        visible: 1,
        inflight: 0,
        delayed: 0,
      });
    });

    it('peeks through the inspection API without receiving', async () => {
      await emulator.sendMessage({
        QueueUrl: emulator.queueUrlOf('audit')!,
        MessageBody: '{"a":1}',
        MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } },
      });
      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=audit');
      expect(body.messages).toEqual([
        expect.objectContaining({
          body: '{"a":1}',
          receiveCount: 0,
          attributes: { bin: { type: 'Binary', value: Buffer.from('hi').toString('base64') } },
        }),
      ]);
      expect(emulator.peekMessages('audit')[0].receiveCount).toBe(0);
    });

    it('estimates arrivals from the growth of the counts between two polls', async () => {
      await api.get('/api/state'); // the baseline
      for (const body of ['a', 'b', 'c']) {
        await emulator.sendMessage({ QueueUrl: emulator.queueUrlOf('audit')!, MessageBody: body });
      }

      const { body } = await api.get<DashboardState>('/api/state');

      expect(body.arrivals).toBe('estimated');
      expect(sum(throughputOf(body, 'audit').sent)).toBe(3);
      expect(sum(throughputOf(body, 'orders').sent)).toBe(0);
    });

    it('counts as arrivals the messages this app processed between two polls', async () => {
      await api.get('/api/state'); // the baseline
      await t.app.get(SqsConsumers).start('orders');
      for (const body of ['{"id":1}', '{"id":2}']) {
        await emulator.sendMessage({ QueueUrl: emulator.queueUrlOf('orders')!, MessageBody: body });
      }
      await eventually(
        () =>
          t.app.get(OrdersHandler).handled.length === 2 &&
          emulator.peekMessages('orders').length === 0,
      );

      const { body } = await api.get<DashboardState>('/api/state');

      // The queue is as empty as before: all that shows is what the consumer processed.
      expect(sum(throughputOf(body, 'orders').sent)).toBe(2);
      expect(sum(throughputOf(body, 'orders').deleted)).toBe(2);
    });

    it('lists only the declared queues, without asking the server for the others', async () => {
      await emulator.createQueue({ QueueName: 'someone-elses' });
      const listQueues = jest.spyOn(emulator, 'listQueues');

      const { body } = await api.get<DashboardState>('/api/state');

      expect(body.queues.map((q) => [q.id, q.declared])).toEqual([
        ['orders', true],
        ['orders-dlq', true],
        ['audit', true],
        ['payments', true],
      ]);
      expect(listQueues).not.toHaveBeenCalled();
    });

    it('shows why a message its handler failed was dead-lettered', async () => {
      await t.app.get(SqsConsumers).start('orders');
      await emulator.sendMessage({
        QueueUrl: emulator.queueUrlOf('orders')!,
        MessageBody: '{"fail":true}',
      });
      await eventually(() => emulator.peekMessages('orders-dlq').length === 1);

      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=orders-dlq');

      expect(body.messages[0].lastFailure).toMatchObject({
        error: 'payment declined for this order',
        handler: 'OrdersHandler.onOrder',
        receiveCount: 2,
      });
    });

    it('deletes one message by receiving until it comes back, releasing the others', async () => {
      const [first, second] = await deadLetter(emulator, ['m1', 'm2']);

      const { status } = await api.post('/api/messages/delete', {
        queue: 'orders-dlq',
        messageId: second,
      });

      expect(status).toBe(200);
      expect(emulator.peekMessages('orders-dlq')).toEqual([
        expect.objectContaining({ messageId: first, state: 'visible' }),
      ]);
    });
  });

  describe('where messages cannot be peeked (Amazon SQS)', () => {
    beforeEach(async () => {
      // A client-like backend with no endpoint setting: what an app on real SQS looks like.
      const client = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials });
      t = await startDashboardApp({
        module: {
          backend: { send: (command, options) => client.send(command as never, options) },
          autoStartup: false,
          queues,
        },
      });
      api = new DashboardClient(t.dashboardUrl, t.origin);
    });

    it('says why peeking is not possible and still shows the counts', async () => {
      await emulator.sendMessage({ QueueUrl: emulator.queueUrlOf('audit')!, MessageBody: 'a' });
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.peek).toEqual({
        available: false,
        reason: expect.stringContaining('Amazon SQS cannot show a message without receiving it'),
      });
      expect(body.queues.find((q) => q.id === 'audit')?.counts?.visible).toBe(1);
    });

    it('answers a peek with no messages and the reason, receiving nothing', async () => {
      await emulator.sendMessage({ QueueUrl: emulator.queueUrlOf('audit')!, MessageBody: 'a' });
      const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=audit');
      expect(body).toMatchObject({ messages: [], peek: { available: false } });
      expect(emulator.peekMessages('audit')[0].receiveCount).toBe(0);
    });
  });
});

describe('inspection API probe', () => {
  let other: Server;
  afterEach(() => new Promise((resolve) => other.close(resolve)));

  it('finds no inspection API on an endpoint that is not our emulator', async () => {
    other = createServer((_req, res) => res.writeHead(404).end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => other.once('listening', resolve));
    const { port } = other.address() as AddressInfo;
    expect(await HttpInspectionPeeker.probe(`http://127.0.0.1:${port}`)).toBeUndefined();
  });
});
