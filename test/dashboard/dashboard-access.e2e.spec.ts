import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DashboardState } from '../../src/dashboard/dashboard-views.interface';
import { InvalidSqsOptionsError } from '../../src/errors/invalid-sqs-options.error';
import { SqsConsumers } from '../../src/module/sqs-consumers.service';
import { SqsModule } from '../../src/module/sqs.module';
import { type DashboardApp, startDashboardApp } from '../support/dashboard/dashboard-app';
import { DashboardClient } from '../support/dashboard/http-client';

/** The part of Express's request the guards read. */
interface Request {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Lets through requests that carry `x-admin: yes`; a provider of the app (with DI). */
@Injectable()
class AdminHeaderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<Request>().headers['x-admin'] === 'yes';
  }
}

describe('dashboard access', () => {
  let t: DashboardApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  describe('enabling', () => {
    it('mounts nothing when enabled is false', async () => {
      t = await startDashboardApp({ dashboard: { enabled: false } });
      expect((await fetch(t.dashboardUrl)).status).toBe(404);
      expect((await fetch(`${t.dashboardUrl}/api/state`)).status).toBe(404);
    });

    it('mounts at the path it is given', async () => {
      t = await startDashboardApp({ dashboard: { path: '/admin/queues/' } });
      expect((await fetch(`${t.origin}/admin/queues`)).status).toBe(200);
      expect((await fetch(`${t.origin}/admin/queues/api/state`)).status).toBe(200);
    });

    it('is configured by forRootAsync’s factory too', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          SqsModule.forRootAsync({
            useFactory: () => ({
              backend: 'memory',
              logger: false,
              queues: { jobs: {} },
              dashboard: { enabled: true, path: '/ops/sqs' },
            }),
          }),
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.listen(0, '127.0.0.1');
      try {
        const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
        const state = await fetch(`${url}/ops/sqs/api/state`);
        expect(((await state.json()) as DashboardState).queues.map((q) => q.id)).toEqual(['jobs']);
      } finally {
        await app.close();
      }
    });

    it('warns and mounts nothing in an application without an HTTP server', async () => {
      const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
      const context = await Test.createTestingModule({
        imports: [
          SqsModule.forRoot({
            backend: 'memory',
            logger,
            queues: { jobs: {} },
            dashboard: { enabled: true },
          }),
        ],
      }).compile();
      await context.init();
      await context.close();
      expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('no HTTP server'));
    });

    it('refuses a path with characters a router would read differently', async () => {
      await expect(startDashboardApp({ dashboard: { path: '/sqs/:queue' } })).rejects.toThrow(
        InvalidSqsOptionsError,
      );
    });
  });

  describe('same-origin actions', () => {
    beforeEach(async () => {
      t = await startDashboardApp({ module: { autoStartup: false } });
    });

    it('refuses an action posted from another origin', async () => {
      const api = new DashboardClient(t!.dashboardUrl, t!.origin);
      const { status, body } = await api.post(
        '/api/send',
        { queue: 'audit', body: 'x' },
        { origin: 'https://evil.example' },
      );
      expect(status).toBe(403);
      expect(body).toMatchObject({ error: { code: 'CrossOriginRequest' } });
      expect(t!.emulator.peekMessages('audit')).toEqual([]);
    });

    it('refuses an action a cross-site form could send (not JSON)', async () => {
      const response = await fetch(`${t!.dashboardUrl}/api/purge`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ queue: 'audit', confirm: 'audit' }),
      });
      expect(response.status).toBe(403);
    });

    it('refuses an action from a page the browser marks cross-site', async () => {
      const api = new DashboardClient(t!.dashboardUrl, t!.origin);
      const { status } = await api.post(
        '/api/send',
        { queue: 'audit', body: 'x' },
        { 'sec-fetch-site': 'cross-site' },
      );
      expect(status).toBe(403);
    });

    it('refuses an action sent with GET', async () => {
      const response = await fetch(`${t!.dashboardUrl}/api/purge?queue=audit`);
      expect(response.status).toBe(404);
    });
  });

  it('accepts actions from an allowed origin (a proxy in front)', async () => {
    t = await startDashboardApp({ dashboard: { allowedOrigins: ['https://admin.example.com'] } });
    const api = new DashboardClient(t.dashboardUrl, t.origin);
    const { status } = await api.post(
      '/api/send',
      { queue: 'audit', body: 'x' },
      { origin: 'https://admin.example.com' },
    );
    expect(status).toBe(200);
  });

  describe('read-only mode', () => {
    beforeEach(async () => {
      t = await startDashboardApp({ dashboard: { readOnly: true } });
    });

    it('shows the state and says it is read-only', async () => {
      const api = new DashboardClient(t!.dashboardUrl, t!.origin);
      const { body } = await api.get<DashboardState>('/api/state');
      expect(body.readOnly).toBe(true);
      expect(await (await fetch(t!.dashboardUrl)).text()).toContain('data-read-only="true"');
    });

    it('refuses every action with 403', async () => {
      const api = new DashboardClient(t!.dashboardUrl, t!.origin);
      const responses = await Promise.all([
        api.post('/api/send', { queue: 'audit', body: 'x' }),
        api.post('/api/purge', { queue: 'audit', confirm: 'audit' }),
        api.post('/api/redrive', { queue: 'orders-dlq' }),
        api.post('/api/messages/delete', { queue: 'audit', messageId: 'x' }),
        api.post('/api/consumers/stop', { queue: 'orders' }),
      ]);
      expect(responses.map((r) => [r.status, (r.body.error as { code: string }).code])).toEqual(
        Array(5).fill([403, 'ReadOnly']),
      );
      expect(t!.app.get(SqsConsumers).isRunning('orders')).toBe(true);
    });
  });

  describe('guard', () => {
    it('runs a guard class from the app on the page, the API and the event stream', async () => {
      t = await startDashboardApp({
        dashboard: { guard: AdminHeaderGuard },
        providers: [AdminHeaderGuard],
      });
      for (const path of ['', '/api/state', '/api/events', '/assets/app.js']) {
        expect((await fetch(`${t.dashboardUrl}${path}`)).status).toBe(403);
      }
      const allowed = await fetch(`${t.dashboardUrl}/api/state`, { headers: { 'x-admin': 'yes' } });
      expect(allowed.status).toBe(200);
    });

    it('instantiates a guard class that is not a provider', async () => {
      t = await startDashboardApp({ dashboard: { guard: AdminHeaderGuard } });
      const allowed = await fetch(`${t.dashboardUrl}/api/state`, { headers: { 'x-admin': 'yes' } });
      expect(allowed.status).toBe(200);
    });

    it('calls a guard function with the request', async () => {
      t = await startDashboardApp({
        dashboard: { guard: (req: Request) => req.headers.authorization === 'Bearer ok' },
      });
      expect((await fetch(`${t.dashboardUrl}/api/state`)).status).toBe(403);
      const allowed = await fetch(`${t.dashboardUrl}/api/state`, {
        headers: { authorization: 'Bearer ok' },
      });
      expect(allowed.status).toBe(200);
    });

    it('answers with the status of an HTTP exception the guard throws', async () => {
      t = await startDashboardApp({
        dashboard: {
          guard: {
            canActivate: () => {
              throw new UnauthorizedException('log in first');
            },
          },
        },
      });
      const response = await fetch(`${t.dashboardUrl}/api/state`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: 'Forbidden', message: 'log in first' },
      });
    });
  });
});
