import { request } from 'node:http';
import { parseEmulatorArgs } from '../../src/cli/emulator-command';
import type {
  DashboardMessagesView,
  DashboardState,
} from '../../src/dashboard/dashboard-views.interface';
import { SqsEmulator } from '../../src/emulator/sqs-emulator';
import { startSqsServer } from '../../src/server/start-sqs-server';
import type { SqsServerHandle } from '../../src/server/sqs-server-options.interface';
import { DashboardClient } from '../support/dashboard/http-client';

describe('dashboard beside the standalone emulator', () => {
  let server: SqsServerHandle;
  let emulator: SqsEmulator;
  let api: DashboardClient;

  beforeEach(async () => {
    emulator = new SqsEmulator();
    server = await startSqsServer({ emulator, port: 0, dashboard: true });
    api = new DashboardClient(server.dashboardUrl as string, server.url);
    const { QueueUrl: dlq } = await emulator.createQueue({ QueueName: 'jobs-dlq' });
    const { Attributes } = await emulator.getQueueAttributes({
      QueueUrl: dlq,
      AttributeNames: ['QueueArn'],
    });
    await emulator.createQueue({
      QueueName: 'jobs',
      Attributes: {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: 1,
        }),
      },
    });
  });

  afterEach(() => server.close());

  it('serves the page at /dashboard', async () => {
    expect(server.dashboardUrl).toBe(`${server.url}/dashboard`);
    const response = await fetch(server.dashboardUrl as string);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>SQS emulator</title>');
  });

  it('lists every queue of the emulator by name, with dead-letter links and no consumers', async () => {
    const { body } = await api.get<DashboardState>('/api/state');
    expect(body.backend).toBe('emulator');
    expect(body.consumers).toBeNull();
    expect(body.queues.map((q) => [q.id, q.deadLetterQueue, q.deadLetterSources])).toEqual([
      ['jobs', 'jobs-dlq', []],
      ['jobs-dlq', undefined, ['jobs']],
    ]);
  });

  it('peeks, sends and redrives through the same emulator the SQS endpoint serves', async () => {
    await api.post('/api/send', { queue: 'jobs', body: 'job 1' });
    const jobs = emulator.queueUrlOf('jobs') as string;
    await emulator.receiveMessage({ QueueUrl: jobs, VisibilityTimeout: 0 });
    await emulator.receiveMessage({ QueueUrl: jobs });
    const peek = await api.get<DashboardMessagesView>('/api/messages?queue=jobs-dlq');
    expect(peek.body.messages.map((m) => m.body)).toEqual(['job 1']);

    await api.post('/api/redrive', { queue: 'jobs-dlq' });

    expect(emulator.peekMessages('jobs').map((m) => m.body)).toEqual(['job 1']);
  });

  it('still answers SQS requests on every other path', async () => {
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.ListQueues',
      },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { QueueUrls: string[] }).QueueUrls).toHaveLength(2);
  });

  it('refuses a request for another host name (DNS rebinding) on loopback', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request(
        `${server.dashboardUrl}/api/state`,
        { headers: { host: `attacker.example:${server.port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode as number);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('ends open event streams when the server closes', async () => {
    const response = await fetch(`${server.dashboardUrl}/api/events`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await server.close();
    let done = false;
    while (!done) ({ done } = await reader.read());
    expect(done).toBe(true);
  });
});

describe('dashboard options of the emulator server', () => {
  it('serves nothing extra without the option', async () => {
    const server = await startSqsServer({ port: 0 });
    try {
      expect(server.dashboardUrl).toBeUndefined();
      expect((await fetch(`${server.url}/dashboard`)).headers.get('content-type')).not.toContain(
        'text/html',
      );
    } finally {
      await server.close();
    }
  });

  it('serves a read-only dashboard at another path', async () => {
    const server = await startSqsServer({
      port: 0,
      dashboard: { path: '/ui', readOnly: true },
    });
    try {
      const api = new DashboardClient(`${server.url}/ui`, server.url);
      expect((await api.get<DashboardState>('/api/state')).body.readOnly).toBe(true);
      expect((await api.post('/api/send', { queue: 'x', body: 'y' })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('refuses the root path, which would hide the SQS endpoint', async () => {
    await expect(startSqsServer({ port: 0, dashboard: { path: '/' } })).rejects.toThrow(
      'cannot be /',
    );
  });
});

describe('emulator command line', () => {
  it('turns the dashboard on with --dashboard', () => {
    expect(parseEmulatorArgs(['--dashboard'])).toMatchObject({ dashboard: 'on' });
  });

  it('turns a read-only dashboard on with --dashboard-read-only', () => {
    expect(parseEmulatorArgs(['--dashboard-read-only'])).toMatchObject({ dashboard: 'read-only' });
  });

  it('leaves the dashboard off by default', () => {
    expect(parseEmulatorArgs([])).not.toHaveProperty('dashboard');
  });
});
