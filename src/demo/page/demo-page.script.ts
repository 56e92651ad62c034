/**
 * The page's script, plain browser JavaScript (no build step, no library, no request to another
 * origin). Everything it shows goes through `textContent`, never `innerHTML`, so message bodies
 * cannot inject markup. It avoids backticks and dollar-brace so it can live in this string.
 *
 * Queues are named by their logical names (`payments`), as the event stream and the app's code
 * name them; the queue table adds the SQS name where it differs (`payments.fifo`). The counters
 * come from the events themselves (each carries its queue's counts), so they move with the log.
 */
export const DEMO_PAGE_SCRIPT = String.raw`
'use strict';
var MAX_ROWS = 40;
var MAX_LOG = 80;
var MAX_CHIPS = 30;
var orders = new Map();
var lanes = new Map();
var PHASE = { sent: 0, received: 1, failed: 2, processed: 3, 'dead-lettered': 4 };

function $(id) { return document.getElementById(id); }
function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}
function time(iso) { return new Date(iso).toLocaleTimeString([], { hour12: false }) + '.' + iso.slice(20, 23); }
function trim(list, max) { while (list.children.length > max) list.removeChild(list.lastChild); }

function post(path, body) {
  $('error').textContent = '';
  return fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(function (res) {
    return res.json().then(function (json) {
      if (!res.ok) throw new Error(json.message || res.statusText);
      return json;
    });
  }).catch(function (err) { $('error').textContent = err.message; });
}

function describeOrder(o) { return o.quantity + ' × ' + o.item + ' for ' + o.customer + (o.fail ? ' (set to fail)' : ''); }

function statusOf(e) {
  switch (e.type) {
    case 'sent': return 'queued';
    case 'received': return 'processing, attempt ' + e.attempt;
    case 'processed': return 'processed in ' + e.durationMs + ' ms, attempt ' + e.attempt;
    case 'failed': return 'attempt ' + e.attempt + ' failed: ' + e.error + (e.retryInSeconds > 0 ? ', retry in ' + e.retryInSeconds + ' s' : '');
    case 'dead-lettered': return 'moved to orders-dlq after ' + e.attempt + ' attempts';
  }
  return e.type;
}

function onOrder(e) {
  var entry = orders.get(e.messageId);
  if (!entry) {
    var row = el('tr');
    row.append(el('td', 'mono', e.messageId.slice(0, 8)), el('td'), el('td'));
    $('orders').prepend(row);
    trim($('orders'), MAX_ROWS);
    entry = { row: row, rank: -1, described: false };
    orders.set(e.messageId, entry);
    if (orders.size > MAX_ROWS * 2) orders.delete(orders.keys().next().value);
  }
  // "received" carries no body (the consumer decodes it later): fill the order in from any other.
  if (e.body && !entry.described) {
    entry.row.children[0].textContent = e.body.id;
    entry.row.children[1].textContent = describeOrder(e.body);
    entry.described = true;
  }
  // Events of one message can arrive out of order (a consumer may receive it before the
  // producer's send returns): keep the latest step.
  var rank = (e.attempt || 0) * 10 + PHASE[e.type];
  if (rank < entry.rank) return;
  entry.rank = rank;
  entry.row.className = e.type;
  entry.row.lastChild.textContent = statusOf(e);
}

function onPayment(e) {
  if (e.type !== 'processed' && e.type !== 'failed') return;
  var p = e.body;
  var lane = lanes.get(p.account);
  if (!lane) {
    var row = el('div', 'lane');
    lane = el('div', 'chips');
    row.append(el('span', 'account', p.account), lane);
    $('lanes').append(row);
    lanes.set(p.account, lane);
  }
  var chip = el('span', 'chip ' + e.type, '#' + p.step + (e.type === 'failed' ? ' ↻' : ''));
  chip.title = e.type === 'failed' ? e.error : 'attempt ' + e.attempt + ', ' + p.amount + ' EUR';
  lane.append(chip);
  while (lane.children.length > MAX_CHIPS) lane.removeChild(lane.firstChild);
}

function log(e) {
  var body = e.body || {};
  var detail =
    e.type === 'failed' || e.type === 'dead-lettered' ? e.error
    : e.type === 'received' ? 'attempt ' + e.attempt
    : e.queue === 'payments' ? body.account + ' step ' + body.step
    : describeOrder(body);
  var line = el('li', e.type);
  line.append(
    el('span', 'mono', time(e.at)),
    el('span', 'tag queue', e.queue),
    el('span', 'tag', e.type),
    el('span', 'mono', body.id || e.messageId.slice(0, 8)),
    el('span', '', detail),
  );
  $('log').prepend(line);
  trim($('log'), MAX_LOG);
}

function onHello(h) {
  var parts = [
    'backend ' + h.backend,
    h.autoStartup ? 'consumers running' : 'consumers off (SQS_AUTO_STARTUP=false): messages wait in the queues',
    Math.round(h.failureRate * 100) + '% of orders fail',
    'retry after ' + h.retryDelaySeconds + ' s, dead-letter after ' + h.maxReceiveCount + ' receives',
  ];
  if (h.sqsEndpoint) parts.push('SQS endpoint ' + h.sqsEndpoint);
  $('mode').textContent = parts.join(' · ');
  setCounters('orders', h.counts.orders);
  setCounters('payments', h.counts.payments);
}

var COUNTERS = {
  orders: { sent: 'o-sent', processed: 'o-processed', failedAttempts: 'o-failed', deadLettered: 'o-dlq' },
  payments: { sent: 'p-sent', processed: 'p-processed', failedAttempts: 'p-failed' },
};
function setCounters(queue, counts) {
  var ids = COUNTERS[queue];
  if (!ids || !counts) return;
  Object.keys(ids).forEach(function (name) { $(ids[name]).textContent = String(counts[name]); });
}

function connect() {
  var source = new EventSource('/orders/events');
  source.onopen = function () { $('live').textContent = 'live'; $('live').className = 'live on'; };
  source.onerror = function () { $('live').textContent = 'reconnecting…'; $('live').className = 'live'; };
  source.onmessage = function (message) {
    var e = JSON.parse(message.data);
    if (e.type === 'hello') return onHello(e);
    // In the same task as the log line: the counters never lag behind it.
    log(e);
    setCounters(e.queue, e.counts);
    if (e.queue === 'orders') onOrder(e);
    else if (e.queue === 'payments') onPayment(e);
  };
}

// Queue depths are not events: they are polled.
function refreshStats() {
  fetch('/orders/stats').then(function (res) { return res.json(); }).then(function (s) {
    var rows = Object.keys(s.queues).map(function (key) {
      var q = s.queues[key];
      var consumer = s.consumers.find(function (c) { return c.queue === key; });
      var row = el('tr');
      row.setAttribute('data-queue', key);
      var label = el('span', 'mono', key);
      label.setAttribute('data-queue-name', '');
      var name = el('td');
      name.append(label);
      if (q.name !== key) name.append(' ', el('span', 'hint mono', '(' + q.name + ')'));
      row.append(name, el('td', 'num', q.visible), el('td', 'num', q.inFlight), el('td', 'num', q.delayed), el('td', '', consumer ? consumer.state : 'no consumer'));
      return row;
    });
    $('queues').replaceChildren.apply($('queues'), rows);
  }).catch(function () { /* the next tick tries again */ });
}

$('order-form').addEventListener('submit', function (event) {
  event.preventDefault();
  var form = event.target;
  post('/orders', {
    item: form.item.value || undefined,
    quantity: Number(form.quantity.value) || undefined,
    customer: form.customer.value || undefined,
    fail: form.fail.checked,
  });
});
$('batch').addEventListener('click', function () { post('/orders/batch', { count: 20 }); });
$('batch-fail').addEventListener('click', function () { post('/orders/batch', { count: 5, fail: true }); });
$('burst').addEventListener('click', function () {
  lanes.clear();
  $('lanes').replaceChildren();
  post('/payments/burst', { accounts: 3, payments: 6 });
});

connect();
refreshStats();
setInterval(refreshStats, 1000);
`;
