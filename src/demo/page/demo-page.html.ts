/** Where the page's script and stylesheet are served (page.controller.ts). */
export const DEMO_SCRIPT_PATH = '/assets/demo.js';
export const DEMO_STYLES_PATH = '/assets/demo.css';

/**
 * The demo's one page, served by the orders service: place orders, watch them go through the
 * queue live (the notifier's WebSocket feed at `/ws`, forwarded), see retries, the dead-letter
 * queue and FIFO groups, and what was missed while a process was down. A static string: it
 * interpolates nothing from the server. Its script (browser/, bundled by
 * scripts/build-browser.mjs) fills it in, and renders data with `textContent` only.
 */
export const DEMO_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nestjs-sqs-kit demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DEMO_STYLES_PATH}">
<script src="${DEMO_SCRIPT_PATH}" defer></script>
</head>
<body>
<header>
  <h1>nestjs-sqs-kit demo</h1>
  <span id="live" class="live" data-state="connecting">connecting…</span>
  <a class="dashboard" href="/sqs">SQS dashboard</a>
  <span class="hint">queues, messages, dead letters, consumers</span>
  <a id="emulator-dashboard" class="dashboard" href="/sqs" hidden>emulator dashboard</a>
</header>
<p id="mode">orders service (REST) → SQS queue → notifier (@SqsHandler) → WebSocket → this page</p>
<p id="notice" role="status" hidden></p>
<div class="grid">
<section>
  <h2>Place orders (queue <code>orders</code>)</h2>
  <form id="order-form">
    <input type="text" name="item" placeholder="item" maxlength="60">
    <input type="number" name="quantity" value="1" min="1" max="1000" aria-label="quantity">
    <input type="text" name="customer" placeholder="customer" maxlength="60">
    <label><input type="checkbox" name="fail"> make it fail</label>
    <button type="submit">POST /orders</button>
  </form>
  <div class="buttons">
    <button id="batch" type="button">20 orders at once</button>
    <button id="batch-fail" type="button">5 failing orders</button>
  </div>
  <div id="error" role="alert"></div>
  <div class="counters">
    <div>sent<b id="o-sent">0</b></div>
    <div>processed<b id="o-processed">0</b></div>
    <div>failed attempts<b id="o-failed">0</b></div>
    <div>dead-lettered<b id="o-dlq">0</b></div>
  </div>
  <h2>Orders</h2>
  <table><tbody id="orders"></tbody></table>
</section>
<section>
  <h2>Queues</h2>
  <table>
    <thead><tr><th>queue (SQS name)</th><th class="num">visible</th><th class="num">in flight</th><th class="num">delayed</th><th>consumer</th></tr></thead>
    <tbody id="queues"></tbody>
  </table>
  <h2>Payments (FIFO queue <code>payments</code>, one message group per account)</h2>
  <div class="buttons">
    <button id="burst" type="button">6 payments for each of 3 accounts</button>
    <span class="hint">steps stay in order within an account, even across retries</span>
  </div>
  <div class="counters">
    <div>sent<b id="p-sent">0</b></div>
    <div>processed<b id="p-processed">0</b></div>
    <div>failed attempts<b id="p-failed">0</b></div>
  </div>
  <div id="lanes"></div>
  <h2>Event stream</h2>
  <ol id="log"></ol>
</section>
</div>
</body>
</html>
`;

/**
 * Content-Security-Policy of the page: its own script and stylesheet only (no inline code), and
 * it may talk to its own origin only.
 */
export const DEMO_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
