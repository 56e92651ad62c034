import { normalizeDashboardPath } from '../../src/dashboard/dashboard-path';
import { escapeHtml, renderDashboardPage } from '../../src/dashboard/ui/dashboard-page';
import { dashboardAssets } from '../../src/dashboard/ui/dashboard-assets';

describe('dashboard page', () => {
  it('escapes the title it is given', () => {
    const page = renderDashboardPage({ base: '/sqs', readOnly: false, title: '<b>"Ops"</b>' });
    expect(page).toContain('<title>&lt;b&gt;&quot;Ops&quot;&lt;/b&gt;</title>');
    expect(page).not.toContain('<b>');
  });

  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('has no inline script (the policy forbids it)', () => {
    const page = renderDashboardPage({ base: '', readOnly: true, title: 't' });
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script src="/assets/app.js" defer>']);
  });

  // The sources bundled as the package's build bundles them (src/dashboard/browser/).
  let script: string;
  beforeAll(() => {
    script = dashboardAssets().script;
  });

  it('ships one classic script that parses (no import or export: the page loads no module)', () => {
    expect(() => new Function(script)).not.toThrow();
  });

  it('ships a script that never parses HTML from strings', () => {
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('dashboard path', () => {
  it.each([
    ['/sqs', '/sqs'],
    ['sqs/', '/sqs'],
    ['//admin//queues/', '/admin/queues'],
    ['/', ''],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeDashboardPath(input)).toBe(expected);
  });

  it.each(['/sqs/:id', '/a b', '/../x', '/sqs*'])('refuses %s', (input) => {
    expect(() => normalizeDashboardPath(input)).toThrow(/may only use/);
  });
});
