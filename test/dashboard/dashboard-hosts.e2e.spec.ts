import { InvalidSqsOptionsError } from '../../src/errors/invalid-sqs-options.error';
import { dashboardAllowedHosts } from '../../src/dashboard/http/allowed-hosts';
import { type DashboardApp, startDashboardApp } from '../support/dashboard/dashboard-app';
import { rawRequest } from '../support/dashboard/raw-request';

const REBOUND = 'rebind.attacker.example';

describe.each(['express', 'fastify'] as const)('dashboard allowed hosts on %s', (adapter) => {
  let t: DashboardApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const port = () => new URL(t!.origin).port;
  /** A POST as the page would send it, under the host name `host` (Origin to match). */
  const purgeAs = (host: string) =>
    rawRequest(`${t!.dashboardUrl}/api/purge`, {
      method: 'POST',
      headers: {
        host: `${host}:${port()}`,
        origin: `http://${host}:${port()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ queue: 'audit', confirm: 'audit' }),
    });
  const sendToAudit = () =>
    t!.emulator.sendMessage({ QueueUrl: t!.emulator.queueUrlOf('audit')!, MessageBody: 'keep' });

  it('refuses a rebound host name on a same-origin POST, and purges nothing', async () => {
    t = await startDashboardApp({ adapter, module: { autoStartup: false } });
    await sendToAudit();

    const response = await purgeAs(REBOUND);

    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: 'HostNotAllowed',
        message: expect.stringContaining(`does not answer to the host "${REBOUND}:${port()}"`),
      },
    });
    expect(JSON.parse(response.body).error.message).toContain('dashboard.allowedHosts');
    expect(t.emulator.peekMessages('audit').map((m) => m.body)).toEqual(['keep']);
  });

  it('refuses a rebound host name on the page, the API and the event stream', async () => {
    t = await startDashboardApp({ adapter, module: { autoStartup: false } });
    for (const path of ['', '/', '/assets/app.js', '/api/state', '/api/events', '/api/messages']) {
      const response = await rawRequest(`${t.dashboardUrl}${path}?queue=audit`, {
        headers: { host: `${REBOUND}:${port()}` },
      });
      expect([path, response.status]).toEqual([path, 403]);
    }
  });

  it('refuses a host not allowed before the app’s guard runs', async () => {
    const guard = jest.fn(() => true);
    t = await startDashboardApp({ adapter, dashboard: { guard }, module: { autoStartup: false } });
    const response = await rawRequest(`${t.dashboardUrl}/api/state`, {
      headers: { host: `${REBOUND}:${port()}` },
    });
    expect(response.status).toBe(403);
    expect(guard).not.toHaveBeenCalled();
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('answers to the loopback name %s', async (host) => {
    t = await startDashboardApp({ adapter, module: { autoStartup: false } });
    await sendToAudit();
    const state = await rawRequest(`${t.dashboardUrl}/api/state`, {
      headers: { host: `${host}:${port()}` },
    });
    expect(state.status).toBe(200);
    expect((await purgeAs(host)).status).toBe(200);
    expect(t.emulator.peekMessages('audit')).toEqual([]);
  });

  it('answers to a host name listed in allowedHosts, besides loopback', async () => {
    t = await startDashboardApp({
      adapter,
      dashboard: { allowedHosts: ['Admin.Example.com'] },
      module: { autoStartup: false },
    });
    await sendToAudit();
    expect((await purgeAs(REBOUND)).status).toBe(403);
    expect((await purgeAs('admin.example.com')).status).toBe(200);
    expect(t.emulator.peekMessages('audit')).toEqual([]);
    const local = await rawRequest(`${t.dashboardUrl}/api/state`, {
      headers: { host: `localhost:${port()}` },
    });
    expect(local.status).toBe(200);
  });

  it("answers to any host with allowedHosts: '*'", async () => {
    t = await startDashboardApp({
      adapter,
      dashboard: { allowedHosts: '*' },
      module: { autoStartup: false },
    });
    await sendToAudit();
    expect((await purgeAs(REBOUND)).status).toBe(200);
    expect(t.emulator.peekMessages('audit')).toEqual([]);
  });
});

describe('allowedHosts option', () => {
  it('refuses an entry with a port, a scheme or a partial wildcard at boot', async () => {
    for (const entry of ['admin.example.com:8080', 'https://admin.example.com', '*.example.com']) {
      await expect(startDashboardApp({ dashboard: { allowedHosts: [entry] } })).rejects.toThrow(
        InvalidSqsOptionsError,
      );
    }
  });

  it('normalizes names: case, and IPv6 addresses without brackets', () => {
    expect(dashboardAllowedHosts(['Admin.Example.COM', 'fd00::5'])).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'admin.example.com',
      '[fd00::5]',
    ]);
  });

  it("turns the check off with '*'", () => {
    expect(dashboardAllowedHosts('*')).toBeUndefined();
  });
});
