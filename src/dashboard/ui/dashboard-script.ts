import { DASHBOARD_JSON_TYPE } from '../http/same-origin';

/**
 * The page's script, served as `<path>/assets/app.js`: plain browser JavaScript, no library, no
 * build step (tsc does not copy assets, so it ships as this string).
 *
 * Rules it keeps: every value that comes from a queue or a message reaches the DOM through
 * `textContent` or an attribute set with `setAttribute` (never HTML parsing); links are built
 * from fixed fragments and `encodeURIComponent`; actions are JSON POSTs to the same origin.
 * Parts of the page are rebuilt only when their data changed, and focus is put back on the
 * element that had it, so keyboard use survives live updates.
 */
export const DASHBOARD_SCRIPT = String.raw`(function () {
  'use strict';

  var doc = document;
  var base = doc.body.getAttribute('data-base') || '';
  var readOnly = doc.body.getAttribute('data-read-only') === 'true';
  var main = doc.getElementById('main');
  var TABS = ['queues', 'dead-letters', 'consumers', 'send'];

  var state = null;
  var route = parseRoute();
  var peeks = {};
  var selected = {};
  var destinations = {};
  var rates = {};
  var layout = { key: null, parts: {} };

  // ---- DOM helpers: text only, never HTML --------------------------------------------------

  function h(tag, props) {
    var el = doc.createElement(tag);
    setProps(el, props);
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function svg(tag, attrs) {
    var el = doc.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var name in attrs) el.setAttribute(name, String(attrs[name]));
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function setProps(el, props) {
    if (!props) return;
    Object.keys(props).forEach(function (name) {
      var value = props[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') el.textContent = String(value);
      else if (name === 'class') el.className = value;
      else if (name === 'key') el.setAttribute('data-key', value);
      else if (name.slice(0, 2) === 'on') el.addEventListener(name.slice(2), value);
      else if (name === 'value' || name === 'disabled' || name === 'hidden' || name === 'selected')
        el[name] = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    });
  }

  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) return child.forEach(function (c) { append(el, c); });
    el.appendChild(child instanceof Node ? child : doc.createTextNode(String(child)));
  }

  function link(text, hash, props) {
    var p = props || {};
    p.href = '#/' + hash.map(encodeURIComponent).join('/');
    p.text = text;
    return h('a', p);
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function fmtTime(ms) {
    if (!ms) return '—';
    var d = new Date(ms);
    var time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    var today = new Date();
    if (d.toDateString() === today.toDateString()) return time;
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time;
  }

  function timeCell(ms) {
    return h('td', { title: ms ? new Date(ms).toISOString() : undefined, text: fmtTime(ms) });
  }

  function num(n) { return n === null || n === undefined ? '—' : n.toLocaleString(); }

  function sum(values) { return values.reduce(function (a, b) { return a + b; }, 0); }

  function prettyBody(text) {
    try {
      var value = JSON.parse(text);
      if (value !== null && typeof value === 'object') {
        return { json: true, text: JSON.stringify(value, null, 2) };
      }
    } catch (e) { /* not JSON: shown as it is */ }
    return { json: false, text: text };
  }

  function oneLine(text, max) {
    var flat = text.replace(/\s+/g, ' ');
    return flat.length > max ? flat.slice(0, max) + '…' : flat;
  }

  // ---- talking to the server -----------------------------------------------------------------

  function api(path, payload) {
    var init = payload === undefined
      ? { headers: { accept: 'application/json' } }
      : {
          method: 'POST',
          // Not application/json: the app's body parser would take it first, with its own
          // size limit (100 KB in Express), below what SQS accepts.
          headers: { 'content-type': '${DASHBOARD_JSON_TYPE}', accept: 'application/json' },
          body: JSON.stringify(payload),
        };
    return fetch(base + '/api/' + path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!res.ok) {
          throw new Error(data && data.error ? data.error.message : 'HTTP ' + res.status);
        }
        return data;
      });
    });
  }

  /**
   * Runs an action for a button. The button is marked busy with aria-disabled rather than
   * disabled, so it keeps the keyboard focus (a disabled button drops it).
   */
  function act(button, run, done) {
    if (button) {
      if (button.getAttribute('aria-disabled') === 'true') return Promise.resolve();
      button.setAttribute('aria-disabled', 'true');
    }
    return run().then(function (result) {
      if (done) toast(typeof done === 'function' ? done(result) : done);
      return refresh();
    }, function (error) {
      toast(error.message, true);
    }).then(function () {
      if (button && button.isConnected) button.removeAttribute('aria-disabled');
    });
  }

  function refresh() {
    return api('state').then(onState, function () { /* the stream will catch up */ });
  }

  function toast(text, isError) {
    var box = doc.getElementById('toasts');
    var el = h('div', { class: isError ? 'toast error' : 'toast', role: isError ? 'alert' : 'status', text: text });
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, isError ? 9000 : 5000);
  }

  function setLive(on, text) {
    var live = doc.getElementById('live');
    live.className = on ? 'live on' : 'live';
    live.textContent = text || (on ? 'live' : 'reconnecting…');
  }

  function connect() {
    var source = new EventSource(base + '/api/events');
    source.addEventListener('state', function (event) {
      setLive(true);
      onState(JSON.parse(event.data));
    });
    source.onopen = function () { setLive(true); };
    source.onerror = function () {
      setLive(false);
      if (source.readyState === 2) setTimeout(connect, 5000);
    };
  }

  function onState(next) {
    state = next;
    doc.getElementById('backend').textContent = next.backend;
    render();
  }

  // ---- routing and rendering ---------------------------------------------------------------

  function parseRoute() {
    var parts = location.hash.replace(/^#\/?/, '').split('/').map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    var tab = TABS.indexOf(parts[0]) >= 0 ? parts[0] : 'queues';
    return { tab: tab, id: parts[1] || null };
  }

  window.addEventListener('hashchange', function () {
    route = parseRoute();
    render();
    main.focus({ preventScroll: true });
  });

  function queueById(id) {
    if (!state) return null;
    for (var i = 0; i < state.queues.length; i++) if (state.queues[i].id === id) return state.queues[i];
    return null;
  }

  function consumerOf(id) {
    if (!state || !state.consumers) return null;
    for (var i = 0; i < state.consumers.length; i++) if (state.consumers[i].queue === id) return state.consumers[i];
    return null;
  }

  function deadLetterQueues() {
    return state.queues.filter(function (q) { return q.deadLetterSources.length > 0; });
  }

  function render() {
    doc.querySelectorAll('[data-tab]').forEach(function (a) {
      if (a.getAttribute('data-tab') === route.tab) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    if (!state) return;
    // The standalone emulator has no consumers: no tab for them.
    doc.querySelector('[data-tab="consumers"]').hidden = state.consumers === null;
    var dlqTab = doc.querySelector('[data-tab="dead-letters"]');
    var depth = sum(deadLetterQueues().map(function (q) { return q.counts ? q.counts.visible : 0; }));
    dlqTab.replaceChildren();
    append(dlqTab, ['Dead letters', depth > 0 ? h('span', { class: 'badge bad count', text: String(depth) }) : null]);
    if (route.tab === 'queues' && route.id) return renderQueue(route.id);
    if (route.tab === 'queues') return renderQueues();
    if (route.tab === 'dead-letters') return renderDeadLetters();
    if (route.tab === 'consumers') return renderConsumers();
    return renderSend();
  }

  /**
   * Shows the parts of a view, rebuilding only those whose signature changed and putting the
   * focus back where it was (by data-key).
   */
  function show(key, parts) {
    if (layout.key !== key) {
      layout = { key: key, parts: {} };
      main.replaceChildren();
      parts.forEach(function (part) {
        var box = h('div', { 'data-part': part.key });
        layout.parts[part.key] = { box: box, sig: null };
        main.appendChild(box);
      });
    }
    parts.forEach(function (part) {
      var slot = layout.parts[part.key];
      if (!slot || slot.sig === part.sig) return;
      var active = doc.activeElement;
      var focusKey = active && slot.box.contains(active) ? active.getAttribute('data-key') : null;
      slot.box.replaceChildren(part.build());
      slot.sig = part.sig;
      if (focusKey) {
        var again = Array.prototype.find.call(slot.box.querySelectorAll('[data-key]'), function (el) {
          return el.getAttribute('data-key') === focusKey;
        });
        if (again) again.focus();
      }
    });
  }

  function sig(value) { return JSON.stringify(value); }

  function peekNotice() {
    return state.peek.available ? null : h('p', { class: 'notice', text: state.peek.reason });
  }

  // ---- queues overview ---------------------------------------------------------------------

  function renderQueues() {
    show('queues', [
      { key: 'summary', sig: sig([state.queues.map(function (q) { return q.counts; }), state.consumers]), build: summaryCards },
      { key: 'notice', sig: sig(state.peek), build: function () { return h('div', null, peekNotice()); } },
      { key: 'table', sig: sig([state.queues, state.consumers]), build: queuesTable },
    ]);
  }

  function summaryCards() {
    var total = function (field) {
      return sum(state.queues.filter(function (q) { return q.deadLetterSources.length === 0 && q.counts; })
        .map(function (q) { return q.counts[field]; }));
    };
    var dead = sum(deadLetterQueues().map(function (q) { return q.counts ? q.counts.visible : 0; }));
    var consumers = state.consumers || [];
    var running = consumers.filter(function (c) { return c.state === 'running'; }).length;
    return h('div', { class: 'cards' },
      card('Queues', state.queues.length),
      card('Visible messages', total('visible')),
      card('In flight', total('inflight')),
      card('Delayed', total('delayed')),
      h('div', { class: dead > 0 ? 'card alert' : 'card' },
        h('div', { class: 'value', text: num(dead) }),
        h('div', { class: 'label' }, link('In dead-letter queues', ['dead-letters']))),
      state.consumers ? card('Consumers running', running + ' / ' + consumers.length) : null);
  }

  function queuesTable() {
    if (state.queues.length === 0) return h('p', { class: 'empty', text: 'No queues.' });
    return h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null,
        h('th', { text: 'Queue' }), h('th', { text: 'Type' }),
        h('th', { class: 'num', text: 'Visible' }), h('th', { class: 'num', text: 'In flight' }),
        h('th', { class: 'num', text: 'Delayed' }), h('th', { text: 'Dead-letter queue' }),
        h('th', { text: 'Throughput (60 s)' }), state.consumers ? h('th', { text: 'Consumer' }) : null)),
      h('tbody', null, state.queues.map(queueRow))));
  }

  function queueRow(q) {
    var dlq = q.deadLetterQueue ? queueById(q.deadLetterQueue) : null;
    var consumer = consumerOf(q.id);
    var c = q.counts;
    return h('tr', { 'data-queue': q.id },
      h('td', null, link(q.id, ['queues', q.id], { key: 'q:' + q.id }),
        q.id !== q.name ? h('div', { class: 'muted mono', text: q.name }) : null,
        q.error ? h('div', { class: 'error-text', text: q.error }) : null),
      h('td', null, h('span', { class: 'badge plain', text: q.fifo ? 'FIFO' : 'Standard' }),
        q.deadLetterSources.length ? [' ', h('span', { class: 'badge bad', text: 'DLQ' })] : null,
        q.declared ? [' ', h('span', { class: 'badge plain', 'data-declared': true, title: 'Declared in this app’s SqsModule', text: 'declared' })] : null),
      h('td', { class: 'num', 'data-count': 'visible', text: num(c && c.visible) }),
      h('td', { class: 'num', 'data-count': 'inflight', text: num(c && c.inflight) }),
      h('td', { class: 'num', 'data-count': 'delayed', text: num(c && c.delayed) }),
      h('td', null, dlq
        ? [link(dlq.id, ['dead-letters', dlq.id], { key: 'dlq:' + q.id }), ' ',
          h('span', {
            class: dlq.counts && dlq.counts.visible > 0 ? 'badge bad' : 'badge plain',
            title: 'Messages in the dead-letter queue',
            text: num(dlq.counts && dlq.counts.visible),
          })]
        : h('span', { class: 'muted', text: q.deadLetterSources.length ? 'of ' + q.deadLetterSources.join(', ') : '—' })),
      h('td', null, sparkline(q.throughput)),
      state.consumers ? h('td', null, consumer ? stateBadge(consumer.state) : h('span', { class: 'muted', text: '—' })) : null);
  }

  function stateBadge(s) {
    return h('span', { class: s === 'running' ? 'badge ok' : s === 'stopping' ? 'badge warn' : 'badge plain', text: s });
  }

  function sparkline(t) {
    var w = 128;
    var ht = 28;
    var n = t.sent.length;
    var max = Math.max(1, Math.max.apply(null, t.sent), Math.max.apply(null, t.deleted));
    function points(values) {
      return values.map(function (v, i) {
        return (1 + i * (w - 2) / (n - 1)).toFixed(1) + ',' + (ht - 2 - (v / max) * (ht - 4)).toFixed(1);
      }).join(' ');
    }
    var recentSent = sum(t.sent.slice(-6, -1)) / 5;
    var recentDeleted = sum(t.deleted.slice(-6, -1)) / 5;
    // Off the emulator, arrivals are estimated from the counts between polls (a lower bound).
    var estimated = state.arrivals === 'estimated';
    var inWord = estimated ? ' in (estimated from the counts)' : ' sent';
    var label = 'Last 60 seconds: ' + sum(t.sent) + inWord + ', ' + sum(t.deleted) + ' deleted; now ' +
      recentSent.toFixed(1) + inWord + '/s, ' + recentDeleted.toFixed(1) + ' deleted/s';
    return h('div', { class: 'spark-wrap' },
      svg('svg', { class: 'spark', width: w, height: ht, viewBox: '0 0 ' + w + ' ' + ht, role: 'img', 'aria-label': label },
        svg('title', {}, label),
        svg('polyline', { class: 'sent', fill: 'none', 'stroke-width': 1.5, points: points(t.sent) }),
        svg('polyline', { class: 'deleted', fill: 'none', 'stroke-width': 1.5, points: points(t.deleted) })),
      h('div', { class: 'legend' },
        h('span', {
          class: 'sent',
          title: estimated ? 'Estimated: the growth of the queue between two polls plus what this application processed meanwhile; messages others consume hide arrivals.' : undefined,
          text: (estimated ? 'in ≈ ' : 'in ') + recentSent.toFixed(1) + '/s',
        }), ' · ',
        h('span', { class: 'deleted', text: 'out ' + recentDeleted.toFixed(1) + '/s' })));
  }

  // ---- one queue -------------------------------------------------------------------------------

  function renderQueue(id) {
    var q = queueById(id);
    if (!q) {
      show('missing', [{ key: 'x', sig: id, build: function () {
        return h('p', { class: 'empty' }, 'No queue ', h('strong', { text: id }), ' here. ', link('All queues', ['queues']));
      } }]);
      return;
    }
    var isDlq = q.deadLetterSources.length > 0;
    ensurePeek(q);
    show('queue:' + id, [
      { key: 'head', sig: sig([q.counts, q.error, dlqSig(q.deadLetterQueue && queueById(q.deadLetterQueue))]), build: function () { return queueHead(q); } },
      { key: 'redrive', sig: sig(isDlq ? [dlqSig(q), state.queues.length] : null), build: function () { return isDlq ? redrivePanel(q, false, true) : h('div'); } },
      { key: 'messages', sig: sig([peeks[q.id], selected[q.id], state.peek]), build: function () { return messagesSection(q, isDlq); } },
    ]);
  }

  function queueHead(q) {
    var c = q.counts || {};
    var dlq = q.deadLetterQueue ? queueById(q.deadLetterQueue) : null;
    return h('div', null,
      h('p', { class: 'muted' }, link('Queues', ['queues']), ' / ', q.id),
      h('h2', null, q.id, ' ', h('span', { class: 'badge plain', text: q.fifo ? 'FIFO' : 'Standard' }),
        q.deadLetterSources.length ? [' ', h('span', { class: 'badge bad', text: 'dead-letter queue of ' + q.deadLetterSources.join(', ') })] : null),
      h('dl', { class: 'meta' },
        h('dt', { text: 'URL' }), h('dd', { class: 'mono', text: q.url }),
        h('dt', { text: 'ARN' }), h('dd', { class: 'mono', text: q.arn })),
      q.error ? h('p', { class: 'error-text', text: q.error }) : null,
      h('div', { class: 'cards' },
        card('Visible', c.visible), card('In flight', c.inflight), card('Delayed', c.delayed),
        dlq ? h('div', { class: 'card' },
          h('div', { class: 'value', text: num(dlq.counts && dlq.counts.visible) }),
          h('div', { class: 'label' }, 'in ', link(dlq.id, ['dead-letters', dlq.id]), ' (after ' + q.maxReceiveCount + ' receives)')) : null),
      readOnly ? null : h('div', { class: 'actions' },
        link('Send a test message', ['send', q.id], { class: 'button', key: 'send:' + q.id }),
        h('button', { class: 'secondary', key: 'purge:' + q.id, onclick: function (e) { purge(q, e.currentTarget); }, text: 'Purge…' })));
  }

  function card(label, value) {
    return h('div', { class: 'card' }, h('div', { class: 'value', text: typeof value === 'string' ? value : num(value) }), h('div', { class: 'label', text: label }));
  }

  // ---- peeking -------------------------------------------------------------------------------

  /** What a peek depends on: counts and activity in the last seconds. */
  function peekSig(q) {
    return sig([q.counts, q.throughput.sent.slice(-3), q.throughput.deleted.slice(-3), q.moveTask && q.moveTask.moved]);
  }

  /** What a dead-letter queue's panel shows. */
  function dlqSig(q) {
    return q ? [q.id, q.counts, q.moveTask, q.deadLetterSources] : null;
  }

  function ensurePeek(q, force) {
    if (!state.peek.available) return;
    var entry = peeks[q.id];
    var s = peekSig(q);
    if (entry && (entry.loading || (entry.sig === s && !force))) return;
    var next = { sig: s, loading: true, messages: entry ? entry.messages : null, error: null };
    peeks[q.id] = next;
    api('messages?queue=' + encodeURIComponent(q.id) + '&limit=50').then(function (data) {
      peeks[q.id] = { sig: s, loading: false, messages: data.messages, error: null };
    }, function (error) {
      peeks[q.id] = { sig: s, loading: false, messages: next.messages, error: error.message };
    }).then(render);
  }

  function messagesSection(q, deletable, title) {
    var heading = title ? h('h2', { text: title }) : h('h3', { text: 'Messages' });
    var reasons = showsReasons(q);
    if (!state.peek.available) return h('div', null, heading, peekNotice());
    var entry = peeks[q.id];
    var messages = entry && entry.messages;
    var head = h('div', { class: 'actions heading' }, heading,
      h('span', { class: 'muted', text: 'seen without receiving them: nothing changes in the queue' }),
      h('button', { class: 'link', key: 'reload:' + q.id, text: 'Reload', onclick: function () { ensurePeek(q, true); } }));
    if (entry && entry.error) return h('div', null, head, h('p', { class: 'error-text', text: entry.error }));
    if (!messages) return h('div', null, head, h('p', { class: 'muted', text: 'Loading…' }));
    if (messages.length === 0) return h('div', null, head, h('p', { class: 'empty', text: 'The queue is empty.' }));
    var current = null;
    for (var i = 0; i < messages.length; i++) if (messages[i].messageId === selected[q.id]) current = messages[i];
    if (!current) current = messages[0];
    return h('div', null, head, h('div', { class: 'split' },
      h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Messages in ' + q.id },
        h('thead', null, h('tr', null, h('th', { text: 'Message' }), h('th', { text: 'State' }),
          h('th', { class: 'num', text: 'Receives' }), h('th', { text: 'Sent' }),
          q.fifo ? h('th', { text: 'Group' }) : null,
          reasons ? h('th', { text: 'Why it failed' }) : null, h('th', { text: 'Body' }))),
        h('tbody', null, messages.map(function (m) {
          return h('tr', { class: m === current ? 'selected' : '', 'data-message-id': m.messageId },
            h('td', null, h('button', {
              class: 'link mono', key: 'm:' + m.messageId, title: m.messageId,
              'aria-label': 'Inspect message ' + m.messageId, 'aria-pressed': m === current ? 'true' : 'false',
              text: m.messageId.slice(0, 8) + '…',
              onclick: function () { selected[q.id] = m.messageId; render(); },
            })),
            h('td', null, h('span', { class: m.state === 'visible' ? 'badge ok' : 'badge warn', text: m.state })),
            h('td', { class: 'num', text: String(m.receiveCount) }),
            timeCell(m.sentTimestamp),
            q.fifo ? h('td', { class: 'mono', text: m.groupId || '' }) : null,
            reasons ? reasonCell(m) : null,
            h('td', { class: 'ellipsis mono', text: oneLine(m.body, 80) }));
        })))),
      messageDetails(q, current, deletable)));
  }

  var UNKNOWN_REASON = 'reason unknown: not seen by this app';

  /**
   * Whether a queue's messages show why they failed: in a dead-letter queue of an app, whose
   * consumers saw the failures (the standalone emulator runs no handlers).
   */
  function showsReasons(q) {
    return q.deadLetterSources.length > 0 && state.consumers !== null;
  }

  function failureWhere(f) {
    return (f.handler || 'no handler took it') + ' · ' + fmtTime(f.at) + ' · receive ' + f.receiveCount;
  }

  function reasonCell(m) {
    var f = m.lastFailure;
    if (!f) return h('td', null, h('div', { class: 'muted', 'data-reason': true, text: UNKNOWN_REASON }));
    return h('td', null, h('div', { 'data-reason': true },
      h('div', { class: 'error-text ellipsis reason', title: f.error, text: f.error }),
      h('div', { class: 'muted', title: new Date(f.at).toISOString(), text: failureWhere(f) })));
  }

  function messageDetails(q, m, deletable) {
    var body = prettyBody(m.body);
    var names = Object.keys(m.attributes);
    var rows = [
      ['Message id', m.messageId], ['State', m.state], ['Receive count', String(m.receiveCount)],
      ['Sent', fmtTime(m.sentTimestamp)], ['First received', fmtTime(m.firstReceiveTimestamp)],
    ];
    if (m.visibleAt) rows.push(['Visible again', fmtTime(m.visibleAt)]);
    if (m.groupId !== undefined) rows.push(['Group id', m.groupId]);
    if (m.deduplicationId !== undefined) rows.push(['Deduplication id', m.deduplicationId]);
    if (m.sequenceNumber !== undefined) rows.push(['Sequence number', m.sequenceNumber]);
    if (m.deadLetterSourceArn !== undefined) rows.push(['Dead-lettered from', m.deadLetterSourceArn]);
    var f = m.lastFailure;
    if (f) rows.push(['Last error', f.error], ['Failed in', failureWhere(f)]);
    else if (showsReasons(q)) rows.push(['Last error', UNKNOWN_REASON]);
    return h('section', { class: 'panel', 'aria-label': 'Message details', 'data-details': m.messageId },
      h('div', { class: 'actions' }, h('h3', { text: 'Message' }),
        deletable && !readOnly ? h('button', {
          class: 'danger', key: 'delete:' + m.messageId, text: 'Delete',
          'aria-label': 'Delete message ' + m.messageId,
          onclick: function (e) { deleteMessage(q, m, e.currentTarget); },
        }) : null),
      h('dl', { class: 'meta' }, rows.map(function (r) {
        return [h('dt', { text: r[0] }), h('dd', { class: 'mono', text: r[1] })];
      })),
      names.length ? h('div', null, h('h3', { text: 'Attributes' }), h('table', null,
        h('thead', null, h('tr', null, h('th', { text: 'Name' }), h('th', { text: 'Type' }), h('th', { text: 'Value' }))),
        h('tbody', null, names.map(function (name) {
          var a = m.attributes[name];
          return h('tr', null, h('td', { class: 'mono', text: name }), h('td', { text: a.type }), h('td', { class: 'mono', text: a.value }));
        })))) : null,
      h('div', { class: 'actions' }, h('h3', { text: 'Body' }), body.json ? h('span', { class: 'badge', text: 'JSON' }) : null),
      h('pre', { class: 'body', 'data-body': '', tabindex: '0', text: body.text }));
  }

  // ---- dead letters ----------------------------------------------------------------------------

  function renderDeadLetters() {
    var dlqs = deadLetterQueues();
    if (dlqs.length === 0) {
      show('dlq-none', [{ key: 'x', sig: '', build: function () {
        return h('p', { class: 'empty', text: 'No dead-letter queues: give a queue deadLetter: { queue, maxReceiveCount }.' });
      } }]);
      return;
    }
    var chosen = (route.id && queueById(route.id)) || dlqs.filter(function (q) { return q.counts && q.counts.visible > 0; })[0] || dlqs[0];
    ensurePeek(chosen);
    show('dlq:' + chosen.id, [
      { key: 'notice', sig: sig(state.peek), build: function () { return h('div', null, peekNotice()); } },
      { key: 'list', sig: sig([dlqs.map(dlqSig), chosen.id, state.queues.length]), build: function () {
        return h('div', null, dlqs.map(function (q) { return redrivePanel(q, true, q === chosen); }));
      } },
      { key: 'messages', sig: sig([chosen.id, peeks[chosen.id], selected[chosen.id], state.peek]), build: function () {
        return messagesSection(chosen, true, 'Messages in ' + chosen.id);
      } },
    ]);
  }

  /** Redrive controls of a dead-letter queue: on its own tab (withTitle) or in the queue view. */
  function redrivePanel(q, withTitle, isChosen) {
    var task = q.moveTask;
    var running = task && task.status === 'RUNNING';
    var visible = q.counts ? q.counts.visible : 0;
    var options = [h('option', { value: '', text: 'each message’s source queue' })].concat(
      state.queues.filter(function (o) { return o.id !== q.id && o.fifo === q.fifo; }).map(function (o) {
        return h('option', { value: o.id, text: o.id });
      }));
    var select = h('select', {
      key: 'dest:' + q.id, 'aria-label': 'Redrive destination for ' + q.id,
      onchange: function () { destinations[q.id] = select.value; },
    }, options);
    select.value = destinations[q.id] || '';
    var rate = h('input', {
      type: 'number', min: '1', max: '500', class: 'rate', placeholder: 'max/s',
      key: 'rate:' + q.id, 'aria-label': 'Most messages a second (optional)', value: rates[q.id] || '',
      oninput: function () { rates[q.id] = rate.value; },
    });
    return h('section', { class: 'panel', 'data-dlq': q.id, 'aria-label': 'Dead-letter queue ' + q.id },
      withTitle ? h('div', { class: 'actions' },
        h('h2', null, link(q.id, ['queues', q.id])),
        h('span', { class: visible > 0 ? 'badge bad' : 'badge plain', text: num(visible) + (visible === 1 ? ' message' : ' messages') }),
        h('span', { class: 'muted', text: 'dead-letter queue of ' + q.deadLetterSources.join(', ') }),
        isChosen ? null : link('Show messages', ['dead-letters', q.id], { key: 'show:' + q.id })) : h('h3', { text: 'Redrive' }),
      task ? moveTaskView(task) : null,
      readOnly ? null : h('div', { class: 'actions' },
        h('label', { text: 'Move to' }), select, rate,
        h('button', {
          key: 'redrive:' + q.id, disabled: running || visible === 0,
          text: 'Redrive ' + num(visible) + (visible === 1 ? ' message' : ' messages'),
          'aria-label': 'Redrive ' + q.id,
          onclick: function (e) { redrive(q, select.value, rate.value, e.currentTarget); },
        }),
        running ? h('button', {
          class: 'secondary', key: 'cancel:' + q.id, text: 'Cancel move',
          onclick: function (e) { cancelMove(task, e.currentTarget); },
        }) : null,
        withTitle ? h('button', { class: 'secondary', key: 'purge:' + q.id, text: 'Purge…', onclick: function (e) { purge(q, e.currentTarget); } }) : null));
  }

  function moveTaskView(task) {
    var total = task.toMove === undefined ? task.moved : task.toMove;
    var label = task.status === 'RUNNING' ? 'Moving messages' : 'Last move';
    return h('div', { class: 'actions', 'data-move-status': task.status },
      h('span', { text: label + ':' }),
      h('progress', { max: String(Math.max(total, 1)), value: String(task.moved), 'aria-label': 'Redrive progress' }),
      h('span', { text: task.moved + ' of ' + total + ' moved' }),
      h('span', { class: task.status === 'COMPLETED' ? 'badge ok' : task.status === 'RUNNING' ? 'badge' : 'badge warn', text: task.status }),
      task.destination ? h('span', { class: 'muted', text: 'to ' + task.destination }) : null,
      task.startedAt ? h('span', { class: 'muted', text: 'started ' + fmtTime(task.startedAt) }) : null,
      task.failureReason ? h('span', { class: 'error-text', text: task.failureReason }) : null);
  }

  // ---- consumers -------------------------------------------------------------------------------

  function renderConsumers() {
    show('consumers', [{ key: 'table', sig: sig(state.consumers), build: consumersTable }]);
  }

  function consumersTable() {
    if (state.consumers === null) {
      return h('p', { class: 'empty', text: 'Consumers live in your application: this emulator has none.' });
    }
    if (state.consumers.length === 0) return h('p', { class: 'empty', text: 'No @SqsHandler in this application.' });
    return h('div', { class: 'table-wrap' }, h('table', null,
      h('caption', { class: 'muted', text: 'One row per queue, then one per handler of it. A handler runs while its queue’s consumer runs; in-flight messages are counted per queue.' }),
      h('thead', null, h('tr', null, h('th', { text: 'Queue / handler' }), h('th', { text: 'State' }),
        h('th', { class: 'num', text: 'Concurrency' }), h('th', { class: 'num', text: 'In flight' }),
        h('th', { class: 'num', text: 'Processed' }), h('th', { class: 'num', text: 'Failed' }),
        h('th', { text: 'Last error' }), readOnly ? null : h('th', { text: '' }))),
      h('tbody', null, state.consumers.map(function (c) {
        return [consumerRow(c)].concat((c.handlerStats || []).map(function (s) { return handlerRow(c, s); }));
      }))));
  }

  function consumerRow(c) {
    var running = c.state === 'running';
    var count = (c.handlerStats || c.handlers).length; // stacked decorators share one row
    return h('tr', { 'data-consumer': c.queue },
      h('td', null, link(c.queue, ['queues', c.queue]),
        h('div', { class: 'muted', text: count + (count === 1 ? ' handler' : ' handlers') })),
      h('td', null, stateBadge(c.state)),
      h('td', { class: 'num', text: num(c.concurrency) }),
      h('td', { class: 'num', text: num(c.inFlight) }),
      h('td', { class: 'num', text: num(c.processed) }),
      h('td', { class: 'num', text: num(c.failed) }),
      errorCell(c.lastError, true),
      readOnly ? null : h('td', null, h('button', {
        class: running ? 'secondary' : '', key: 'toggle:' + c.queue,
        disabled: c.state === 'stopping',
        'aria-label': (running ? 'Stop' : 'Start') + ' consumer of ' + c.queue,
        text: c.state === 'stopping' ? 'Stopping…' : running ? 'Stop' : 'Start',
        onclick: function (e) {
          var verb = running ? 'stop' : 'start';
          act(e.currentTarget, function () { return api('consumers/' + verb, { queue: c.queue }); },
            'Consumer of ' + c.queue + (running ? ' stopped' : ' started'));
        },
      })));
  }

  function handlerRow(c, s) {
    return h('tr', { class: 'handler-row', 'data-handler': s.handler, 'data-handler-queue': c.queue },
      h('td', { class: 'mono' }, h('span', { class: 'muted', 'aria-hidden': 'true', text: '↳ ' }), s.handler),
      h('td', null, stateBadge(c.state)),
      h('td', { class: 'num muted', title: 'Shared by the queue’s handlers', text: '—' }),
      h('td', { class: 'num', title: 'Messages inside this handler now', text: num(s.running) }),
      h('td', { class: 'num', text: num(s.processed) }),
      h('td', { class: 'num', text: num(s.failed) }),
      errorCell(s.lastError, false),
      readOnly ? null : h('td'));
  }

  function errorCell(e, withHandler) {
    if (!e) return h('td', null, h('span', { class: 'muted', text: '—' }));
    return h('td', null, h('div', null,
      h('div', { class: 'error-text ellipsis', title: e.message, text: e.message }),
      h('div', { class: 'muted', text: fmtTime(e.at) + (withHandler && e.handler ? ' in ' + e.handler : '') })));
  }

  // ---- sending ---------------------------------------------------------------------------------

  function renderSend() {
    show('send', [
      { key: 'form', sig: sig([readOnly, state.queues.map(function (q) { return [q.id, q.fifo]; })]), build: sendForm },
    ]);
  }

  var draft = { queue: null, body: '{\n  "hello": "world"\n}', attributes: '', groupId: '', deduplicationId: '', delay: '' };

  function sendForm() {
    if (readOnly) return h('p', { class: 'notice', text: 'The dashboard is read-only: sending is off.' });
    if (route.id) draft.queue = route.id;
    if (!draft.queue || !queueById(draft.queue)) draft.queue = state.queues.length ? state.queues[0].id : null;
    var queue = h('select', { id: 'send-queue', name: 'queue', key: 'send-queue' }, state.queues.map(function (q) {
      return h('option', { value: q.id, selected: q.id === draft.queue, text: q.id + (q.fifo ? ' (FIFO)' : '') });
    }));
    var body = h('textarea', { id: 'send-body', name: 'body', spellcheck: 'false', value: draft.body });
    var attributes = h('textarea', { id: 'send-attributes', name: 'attributes', spellcheck: 'false', placeholder: 'messageType=order.created', value: draft.attributes });
    var groupId = h('input', { id: 'send-group', name: 'groupId', value: draft.groupId });
    var dedup = h('input', { id: 'send-dedup', name: 'deduplicationId', value: draft.deduplicationId, placeholder: 'random if empty' });
    var delay = h('input', { id: 'send-delay', name: 'delaySeconds', type: 'number', min: '0', max: '900', value: draft.delay, placeholder: '0' });
    var result = h('p', { role: 'status', 'aria-live': 'polite' });
    function fifoFields() {
      var q = queueById(queue.value);
      var fifo = !!(q && q.fifo);
      groupId.disabled = !fifo; dedup.disabled = !fifo; delay.disabled = fifo;
    }
    function keep() {
      draft = { queue: queue.value, body: body.value, attributes: attributes.value, groupId: groupId.value, deduplicationId: dedup.value, delay: delay.value };
    }
    [queue, body, attributes, groupId, dedup, delay].forEach(function (el) { el.addEventListener('input', keep); });
    queue.addEventListener('change', fifoFields);
    fifoFields();
    var form = h('form', { class: 'grid panel', 'aria-label': 'Send a test message', novalidate: true },
      h('label', { for: 'send-queue', text: 'Queue' }), queue,
      h('label', { for: 'send-body', text: 'Body' }), body,
      h('label', { for: 'send-attributes', text: 'Attributes' }), h('div', null, attributes,
        h('div', { class: 'hint', text: 'One per line: name=value (a String), or name:Number=42.' })),
      h('label', { for: 'send-group', text: 'Group id' }), h('div', null, groupId, h('div', { class: 'hint', text: 'FIFO queues only (required there).' })),
      h('label', { for: 'send-dedup', text: 'Deduplication id' }), dedup,
      h('label', { for: 'send-delay', text: 'Delay (seconds)' }), h('div', null, delay, h('div', { class: 'hint', text: '0 to 900; standard queues only.' })),
      h('span'), h('div', { class: 'actions' }, h('button', { type: 'submit', key: 'send-submit', text: 'Send' }), result));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var parsed;
      try { parsed = parseAttributes(attributes.value); } catch (error) { toast(error.message, true); return; }
      var target = queue.value;
      var payload = { queue: target, body: body.value, attributes: parsed };
      if (!groupId.disabled && groupId.value) payload.groupId = groupId.value;
      if (!dedup.disabled && dedup.value) payload.deduplicationId = dedup.value;
      if (!delay.disabled && delay.value) payload.delaySeconds = Number(delay.value);
      var button = form.querySelector('button[type="submit"]');
      act(button, function () { return api('send', payload); }, function (r) {
        result.replaceChildren('Sent ', h('span', { class: 'mono', text: r.messageId }), ' to ', link(target, ['queues', target]), '.');
        return 'Message sent to ' + target;
      });
    });
    return h('div', null, h('h2', { text: 'Send a test message' }), form);
  }

  function parseAttributes(text) {
    var out = {};
    text.split('\n').forEach(function (line, i) {
      if (line.trim() === '') return;
      var match = /^\s*([^=:\s]+)\s*(?::\s*([A-Za-z][A-Za-z0-9._-]*))?\s*=(.*)$/.exec(line);
      if (!match) throw new Error('Attribute line ' + (i + 1) + ' is not name=value.');
      Object.defineProperty(out, match[1], { value: { type: match[2] || 'String', value: match[3].trim() }, enumerable: true });
    });
    return out;
  }

  // ---- confirmations and actions -----------------------------------------------------------

  function confirmDialog(options) {
    var dialog = doc.getElementById('confirm');
    var typed = doc.getElementById('confirm-typed');
    var ok = doc.getElementById('confirm-ok');
    doc.getElementById('confirm-title').textContent = options.title;
    doc.getElementById('confirm-text').textContent = options.text;
    doc.getElementById('confirm-typed-label').hidden = !options.expect;
    doc.getElementById('confirm-expected').textContent = options.expect || '';
    ok.textContent = options.ok;
    typed.value = '';
    ok.disabled = !!options.expect;
    typed.oninput = function () { ok.disabled = typed.value !== options.expect; };
    typed.onkeydown = function (e) {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      if (!ok.disabled) dialog.close('ok');
    };
    dialog.returnValue = '';
    dialog.showModal();
    (options.expect ? typed : ok).focus();
    return new Promise(function (resolve) {
      dialog.addEventListener('close', function () {
        resolve(dialog.returnValue === 'ok');
      }, { once: true });
    });
  }

  function purge(q, button) {
    var c = q.counts || {};
    confirmDialog({
      title: 'Purge ' + q.id + '?',
      text: 'Deletes every message in ' + q.name + ' (' + num(c.visible) + ' visible, ' + num(c.inflight) +
        ' in flight, ' + num(c.delayed) + ' delayed). This cannot be undone.',
      expect: q.name,
      ok: 'Purge',
    }).then(function (yes) {
      if (!yes) return button.focus();
      act(button, function () { return api('purge', { queue: q.id, confirm: q.name }); }, q.id + ' purged');
    });
  }

  function deleteMessage(q, m, button) {
    confirmDialog({
      title: 'Delete this message?',
      text: 'Deletes message ' + m.messageId + ' from ' + q.id + '. This cannot be undone.',
      ok: 'Delete',
    }).then(function (yes) {
      if (!yes) return button.focus();
      act(button, function () { return api('messages/delete', { queue: q.id, messageId: m.messageId }); }, 'Message deleted')
        .then(function () { delete selected[q.id]; ensurePeek(q, true); });
    });
  }

  function redrive(q, destination, rate, button) {
    var payload = { queue: q.id };
    if (destination) payload.destination = destination;
    if (rate) payload.rate = Number(rate);
    act(button, function () { return api('redrive', payload); }, 'Redrive of ' + q.id + ' started');
  }

  function cancelMove(task, button) {
    act(button, function () { return api('redrive/cancel', { taskHandle: task.taskHandle }); }, 'Move cancelled');
  }

  // ---- start -----------------------------------------------------------------------------------

  render();
  api('state').then(function (s) {
    onState(s);
    connect();
  }, function (error) {
    setLive(false, 'offline');
    main.replaceChildren(h('p', { class: 'error-text', text: 'The dashboard API did not answer: ' + error.message }));
  });
})();
`;
