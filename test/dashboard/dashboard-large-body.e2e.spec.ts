import { DASHBOARD_JSON_TYPE } from '../../src/dashboard/http/same-origin';
import { dashboardAssets } from '../../src/dashboard/ui/dashboard-assets';
import { type DashboardApp, startDashboardApp } from '../support/dashboard/dashboard-app';

/** A body of `bytes` characters that JSON must escape here and there. */
const bigBody = (bytes: number) => 'line "one"\n'.repeat(Math.ceil(bytes / 11)).slice(0, bytes);

describe.each(['express', 'fastify'] as const)('large dashboard requests on %s', (adapter) => {
  let t: DashboardApp;
  beforeEach(async () => {
    t = await startDashboardApp({ adapter, module: { autoStartup: false } });
  });
  afterEach(() => t.close());

  const post = (path: string, body: string, type = DASHBOARD_JSON_TYPE) =>
    fetch(`${t.dashboardUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, origin: t.origin },
      body,
    });

  it('sends a 900 KB test message as the page posts it, intact', async () => {
    const body = bigBody(900 * 1024);
    const response = await post(
      '/api/send',
      JSON.stringify({ queue: 'audit', body, attributes: { source: 'dashboard' } }),
    );
    expect(response.status).toBe(200);
    const [message] = t.emulator.peekMessages('audit');
    expect(message.body.length).toBe(body.length);
    expect(message.body === body).toBe(true);
    expect(message.messageAttributes).toMatchObject({
      source: { DataType: 'String', StringValue: 'dashboard' },
    });
  });

  it('answers 413 for a body past its 4 MiB bound', async () => {
    const response = await post(
      '/api/send',
      JSON.stringify({ queue: 'audit', body: 'x'.repeat(4 * 1024 * 1024 + 1) }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'RequestTooLarge' } });
    expect(t.emulator.peekMessages('audit')).toEqual([]);
  });

  it('still refuses that media type from another origin', async () => {
    const response = await fetch(`${t.dashboardUrl}/api/send`, {
      method: 'POST',
      headers: { 'content-type': DASHBOARD_JSON_TYPE, origin: 'https://evil.example' },
      body: JSON.stringify({ queue: 'audit', body: 'x' }),
    });
    expect(response.status).toBe(403);
    expect(t.emulator.peekMessages('audit')).toEqual([]);
  });

  it('takes application/json parsed by the framework too', async () => {
    const response = await post(
      '/api/send',
      JSON.stringify({ queue: 'audit', body: 'small' }),
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(t.emulator.peekMessages('audit').map((m) => m.body)).toEqual(['small']);
  });
});

describe('the page’s requests', () => {
  it('post the dashboard’s own JSON media type, which body parsers leave alone', () => {
    // The bundle names the constant its module exports (src/dashboard/http/dashboard-json-type.ts).
    const { script } = dashboardAssets();
    expect(script).toContain(`"content-type": DASHBOARD_JSON_TYPE`);
    expect(script).toContain(`DASHBOARD_JSON_TYPE = ${JSON.stringify(DASHBOARD_JSON_TYPE)}`);
  });
});
