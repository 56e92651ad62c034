import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WireResponse } from './wire-response.interface';

/** What the landing page shows. */
export interface LandingPageInfo {
  /** The endpoint SQS clients should use (the origin queue URLs carry). */
  readonly endpoint: string;
  readonly region: string;
  /** Path of the dashboard beside the emulator, when the server serves one. */
  readonly dashboardPath?: string;
  /** Whether the server verifies SigV4 signatures (then `--no-sign-request` would fail). */
  readonly checksSignatures: boolean;
}

/**
 * Whether a request is a person opening the endpoint in a browser rather than an SQS client: a
 * GET or HEAD of `/` with no `Action` (a query-protocol GET carries one), no `X-Amz-Target`
 * (JSON protocol), and an Accept header that prefers HTML. SQS clients never prefer HTML and
 * curl accepts anything, so both keep getting SQS's own `MissingParameter` error.
 */
export function isBrowserLanding(req: IncomingMessage, url: URL): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    url.pathname === '/' &&
    !url.searchParams.has('Action') &&
    req.headers['x-amz-target'] === undefined &&
    prefersHtml(req.headers.accept)
  );
}

/** Whether `text/html` has the highest quality of the Accept header (and is acceptable at all). */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let html = 0;
  let other = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = qualityOf(params);
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q);
    else if (type !== '') other = Math.max(other, q);
  }
  return html > 0 && html >= other;
}

function qualityOf(params: readonly string[]): number {
  const q = params.find((p) => p.startsWith('q='));
  if (q === undefined) return 1;
  const value = Number(q.slice(2));
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}' +
  'code,pre{font:13px/1.45 ui-monospace,monospace;background:#f3f4f6;border-radius:4px}' +
  'code{padding:.1rem .3rem}pre{padding:.6rem .8rem;overflow-x:auto}h1{font-size:1.4rem}';

// The only inline content is the style above; its hash lets it through a CSP that allows nothing
// else (no script at all), as the dashboard's own page does.
const CONTENT_SECURITY_POLICY =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A small page for a browser that opens the endpoint: where the dashboard is (or how to get one)
 * and how to point an SQS client here. Every value is HTML-escaped: the endpoint may come from
 * the request's Host header or from configuration.
 */
export function landingPage(info: LandingPageInfo): WireResponse {
  const endpoint = escapeHtml(info.endpoint);
  const region = escapeHtml(info.region);
  const dashboard = info.dashboardPath
    ? `<p><a href="${escapeHtml(info.dashboardPath)}">Open the dashboard</a>: queues, messages, ` +
      'dead letters, redrive.</p>'
    : '<p>This server has no dashboard: run the emulator with <code>--dashboard</code> (or ' +
      '<code>dashboard: true</code> in <code>startSqsServer</code>) to get one at ' +
      '<code>/dashboard</code>. An app using <code>SqsModule</code> serves its own with the ' +
      '<code>dashboard</code> option.</p>';
  const signing = info.checksSignatures
    ? '<p>This server checks AWS Signature V4: use the access key it was started with.</p>'
    : '<p>Any credentials (or none) are accepted.</p>';
  const cli = `aws --endpoint-url ${endpoint} --region ${region}${
    info.checksSignatures ? '' : ' --no-sign-request'
  } sqs list-queues`;
  const [key, secret] = info.checksSignatures ? ['&lt;key&gt;', '&lt;secret&gt;'] : ['x', 'x'];
  const sdk =
    `new SQSClient({ endpoint: '${endpoint}', region: '${region}',\n` +
    `  credentials: { accessKeyId: '${key}', secretAccessKey: '${secret}' } })`;
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SQS emulator</title>
<style>${STYLE}</style>
</head>
<body>
<h1>SQS emulator (nestjs-sqs-kit)</h1>
<p>This is an SQS endpoint: SQS clients send their requests to <code>${endpoint}</code>.</p>
${dashboard}
<h2>Use it</h2>
<pre>${cli}</pre>
<pre>${sdk}</pre>
${signing}
<p>Read-only inspection API: <a href="/_emulator/queues">/_emulator/queues</a>.</p>
</body>
</html>
`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body,
  };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
