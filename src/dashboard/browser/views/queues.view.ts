/** The overview: totals, then one row per queue with its counts, dead-letter queue and traffic. */
import type { DashboardQueueView, DashboardThroughput } from '../../dashboard-views.interface';
import { consumerOf, currentState, deadLetterQueues, queueById } from '../app';
import { h, link, svg } from '../dom';
import { num, sum } from '../format';
import { show, sig } from '../layout';
import { card, peekNotice, stateBadge } from './widgets';

export function renderQueues(): void {
  const state = currentState();
  show('queues', [
    {
      key: 'summary',
      sig: sig([state.queues.map((q) => q.counts), state.consumers]),
      build: summaryCards,
    },
    { key: 'notice', sig: sig(state.peek), build: () => h('div', null, peekNotice()) },
    { key: 'table', sig: sig([state.queues, state.consumers]), build: queuesTable },
  ]);
}

function summaryCards(): HTMLElement {
  const state = currentState();
  // Dead-letter queues have their own card: a message there is not waiting for work.
  const total = (field: 'visible' | 'inflight' | 'delayed') =>
    sum(
      state.queues
        .filter((q) => q.deadLetterSources.length === 0 && q.counts)
        .map((q) => (q.counts ? q.counts[field] : 0)),
    );
  const dead = sum(deadLetterQueues().map((q) => (q.counts ? q.counts.visible : 0)));
  const consumers = state.consumers || [];
  const running = consumers.filter((c) => c.state === 'running').length;
  return h(
    'div',
    { class: 'cards' },
    card('Queues', state.queues.length),
    card('Visible messages', total('visible')),
    card('In flight', total('inflight')),
    card('Delayed', total('delayed')),
    h(
      'div',
      { class: dead > 0 ? 'card alert' : 'card' },
      h('div', { class: 'value', text: num(dead) }),
      h('div', { class: 'label' }, link('In dead-letter queues', ['dead-letters'])),
    ),
    state.consumers ? card('Consumers running', running + ' / ' + consumers.length) : null,
  );
}

function queuesTable(): HTMLElement {
  const state = currentState();
  if (state.queues.length === 0) return h('p', { class: 'empty', text: 'No queues.' });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { text: 'Queue' }),
          h('th', { text: 'Type' }),
          h('th', { class: 'num', text: 'Visible' }),
          h('th', { class: 'num', text: 'In flight' }),
          h('th', { class: 'num', text: 'Delayed' }),
          h('th', { text: 'Dead-letter queue' }),
          h('th', { text: 'Throughput (60 s)' }),
          state.consumers ? h('th', { text: 'Consumer' }) : null,
        ),
      ),
      h('tbody', null, state.queues.map(queueRow)),
    ),
  );
}

function queueRow(q: DashboardQueueView): HTMLElement {
  const dlq = q.deadLetterQueue ? queueById(q.deadLetterQueue) : null;
  const consumer = consumerOf(q.id);
  const c = q.counts;
  return h(
    'tr',
    { 'data-queue': q.id },
    h(
      'td',
      null,
      link(q.id, ['queues', q.id], { key: 'q:' + q.id }),
      q.id !== q.name ? h('div', { class: 'muted mono', text: q.name }) : null,
      q.error ? h('div', { class: 'error-text', text: q.error }) : null,
    ),
    h(
      'td',
      null,
      h('span', { class: 'badge plain', text: q.fifo ? 'FIFO' : 'Standard' }),
      q.deadLetterSources.length ? [' ', h('span', { class: 'badge bad', text: 'DLQ' })] : null,
      q.declared
        ? [
            ' ',
            h('span', {
              class: 'badge plain',
              'data-declared': true,
              title: 'Declared in this app’s SqsModule',
              text: 'declared',
            }),
          ]
        : null,
    ),
    h('td', { class: 'num', 'data-count': 'visible', text: num(c?.visible) }),
    h('td', { class: 'num', 'data-count': 'inflight', text: num(c?.inflight) }),
    h('td', { class: 'num', 'data-count': 'delayed', text: num(c?.delayed) }),
    h(
      'td',
      null,
      dlq
        ? [
            link(dlq.id, ['dead-letters', dlq.id], { key: 'dlq:' + q.id }),
            ' ',
            h('span', {
              class: dlq.counts && dlq.counts.visible > 0 ? 'badge bad' : 'badge plain',
              title: 'Messages in the dead-letter queue',
              text: num(dlq.counts?.visible),
            }),
          ]
        : h('span', {
            class: 'muted',
            text: q.deadLetterSources.length ? 'of ' + q.deadLetterSources.join(', ') : '—',
          }),
    ),
    h('td', null, sparkline(q.throughput)),
    currentState().consumers
      ? h(
          'td',
          null,
          consumer ? stateBadge(consumer.state) : h('span', { class: 'muted', text: '—' }),
        )
      : null,
  );
}

/** The last minute's traffic in and out, drawn and said (for screen readers). */
function sparkline(t: DashboardThroughput): HTMLElement {
  const w = 128;
  const ht = 28;
  const n = t.sent.length;
  const max = Math.max(1, Math.max(...t.sent), Math.max(...t.deleted));
  const points = (values: readonly number[]) =>
    values
      .map((v, i) => {
        const x = 1 + (i * (w - 2)) / (n - 1);
        const y = ht - 2 - (v / max) * (ht - 4);
        return x.toFixed(1) + ',' + y.toFixed(1);
      })
      .join(' ');
  const recentSent = sum(t.sent.slice(-6, -1)) / 5;
  const recentDeleted = sum(t.deleted.slice(-6, -1)) / 5;
  // Off the emulator, arrivals are estimated from the counts between polls (a lower bound).
  const estimated = currentState().arrivals === 'estimated';
  const inWord = estimated ? ' in (estimated from the counts)' : ' sent';
  const label =
    `Last 60 seconds: ${sum(t.sent)}${inWord}, ${sum(t.deleted)} deleted; ` +
    `now ${recentSent.toFixed(1)}${inWord}/s, ${recentDeleted.toFixed(1)} deleted/s`;
  return h(
    'div',
    { class: 'spark-wrap' },
    svg(
      'svg',
      {
        class: 'spark',
        width: w,
        height: ht,
        viewBox: '0 0 ' + w + ' ' + ht,
        role: 'img',
        'aria-label': label,
      },
      svg('title', {}, label),
      svg('polyline', { class: 'sent', fill: 'none', 'stroke-width': 1.5, points: points(t.sent) }),
      svg('polyline', {
        class: 'deleted',
        fill: 'none',
        'stroke-width': 1.5,
        points: points(t.deleted),
      }),
    ),
    h(
      'div',
      { class: 'legend' },
      h('span', {
        class: 'sent',
        title: estimated
          ? 'Estimated: the growth of the queue between two polls plus what this application processed meanwhile; messages others consume hide arrivals.'
          : undefined,
        text: (estimated ? 'in ≈ ' : 'in ') + recentSent.toFixed(1) + '/s',
      }),
      ' · ',
      h('span', { class: 'deleted', text: 'out ' + recentDeleted.toFixed(1) + '/s' }),
    ),
  );
}
