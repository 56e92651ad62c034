import type { FastifyRequest } from 'fastify';
import type {
  DashboardMessagesView,
  DashboardState,
} from '../../src/dashboard/dashboard-views.interface';
import { type DashboardApp, startDashboardApp } from '../support/dashboard/dashboard-app';
import { deadLetter } from '../support/dashboard/dead-letter';
import { DashboardClient } from '../support/dashboard/http-client';

describe('dashboard in a Fastify app', () => {
  let t: DashboardApp;
  let api: DashboardClient;

  beforeEach(async () => {
    t = await startDashboardApp({ adapter: 'fastify', module: { autoStartup: false } });
    api = new DashboardClient(t.dashboardUrl, t.origin);
  });

  afterEach(() => t.close());

  it('serves the page at the path and at the path with a trailing slash', async () => {
    for (const url of [t.dashboardUrl, `${t.dashboardUrl}/`]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('lists the queues with their counts', async () => {
    await t.emulator.sendMessage({ QueueUrl: t.emulator.queueUrlOf('audit')!, MessageBody: 'a' });
    const { body } = await api.get<DashboardState>('/api/state');
    expect(body.queues.find((q) => q.id === 'audit')?.counts).toEqual({
      visible: 1,
      inflight: 0,
      delayed: 0,
    });
  });

  it('peeks a message and leaves it in the queue', async () => {
    await t.emulator.sendMessage({ QueueUrl: t.emulator.queueUrlOf('audit')!, MessageBody: 'a' });
    const { body } = await api.get<DashboardMessagesView>('/api/messages?queue=audit');
    expect(body.messages.map((m) => [m.body, m.receiveCount])).toEqual([['a', 0]]);
    expect(t.emulator.peekMessages('audit')[0].state).toBe('visible');
  });

  it('takes a JSON action parsed by Fastify', async () => {
    const { status } = await api.post('/api/send', { queue: 'audit', body: 'from fastify' });
    expect(status).toBe(200);
    expect(t.emulator.peekMessages('audit').map((m) => m.body)).toEqual(['from fastify']);
  });

  it('redrives a dead-letter queue', async () => {
    await deadLetter(t.emulator, ['m1']);
    await api.post('/api/redrive', { queue: 'orders-dlq' });
    expect(t.emulator.peekMessages('orders').map((m) => m.body)).toEqual(['m1']);
  });

  it('refuses an action from another origin', async () => {
    const { status } = await api.post(
      '/api/send',
      { queue: 'audit', body: 'x' },
      { origin: 'http://other.example' },
    );
    expect(status).toBe(403);
  });

  it('streams the state as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.dashboardUrl}/api/events`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('event: state')) {
      text += Buffer.from((await reader.read()).value as Uint8Array).toString('utf8');
    }
    controller.abort();
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  });
});

describe('dashboard guard in a Fastify app', () => {
  it('calls a guard function with Fastify’s request', async () => {
    const t = await startDashboardApp({
      adapter: 'fastify',
      dashboard: { guard: (req: FastifyRequest) => req.headers['x-admin'] === 'yes' },
    });
    try {
      expect((await fetch(`${t.dashboardUrl}/api/state`)).status).toBe(403);
      const allowed = await fetch(`${t.dashboardUrl}/api/state`, { headers: { 'x-admin': 'yes' } });
      expect(allowed.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
