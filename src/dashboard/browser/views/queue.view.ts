/** One queue: its counts and addresses, its redrive (for a dead-letter queue), its messages. */
import type { DashboardQueueView } from '../../dashboard-views.interface';
import { purge } from '../actions';
import { currentState, peeks, queueById, selected } from '../app';
import { readOnly } from '../config';
import { h, link, listenerElement } from '../dom';
import { num } from '../format';
import { show, sig } from '../layout';
import { ensurePeek, messagesSection } from './messages.panel';
import { dlqSig, redrivePanel } from './redrive.panel';
import { card } from './widgets';

export function renderQueue(id: string): void {
  const q = queueById(id);
  if (!q) {
    show('missing', [
      {
        key: 'x',
        sig: id,
        build: () =>
          h(
            'p',
            { class: 'empty' },
            'No queue ',
            h('strong', { text: id }),
            ' here. ',
            link('All queues', ['queues']),
          ),
      },
    ]);
    return;
  }
  const state = currentState();
  const isDlq = q.deadLetterSources.length > 0;
  ensurePeek(q);
  show('queue:' + id, [
    {
      key: 'head',
      sig: sig([
        q.counts,
        q.error,
        dlqSig(q.deadLetterQueue ? queueById(q.deadLetterQueue) : null),
      ]),
      build: () => queueHead(q),
    },
    {
      key: 'redrive',
      sig: sig(isDlq ? [dlqSig(q), state.queues.length] : null),
      build: () => (isDlq ? redrivePanel(q, false, true) : h('div')),
    },
    {
      key: 'messages',
      sig: sig([peeks.get(q.id), selected.get(q.id), state.peek]),
      build: () => messagesSection(q, isDlq),
    },
  ]);
}

function queueHead(q: DashboardQueueView): HTMLElement {
  const c = q.counts;
  const dlq = q.deadLetterQueue ? queueById(q.deadLetterQueue) : null;
  return h(
    'div',
    null,
    h('p', { class: 'muted' }, link('Queues', ['queues']), ' / ', q.id),
    h(
      'h2',
      null,
      q.id,
      ' ',
      h('span', { class: 'badge plain', text: q.fifo ? 'FIFO' : 'Standard' }),
      q.deadLetterSources.length
        ? [
            ' ',
            h('span', {
              class: 'badge bad',
              text: 'dead-letter queue of ' + q.deadLetterSources.join(', '),
            }),
          ]
        : null,
    ),
    h(
      'dl',
      { class: 'meta' },
      h('dt', { text: 'URL' }),
      h('dd', { class: 'mono', text: q.url }),
      h('dt', { text: 'ARN' }),
      h('dd', { class: 'mono', text: q.arn }),
    ),
    q.error ? h('p', { class: 'error-text', text: q.error }) : null,
    h(
      'div',
      { class: 'cards' },
      card('Visible', c?.visible),
      card('In flight', c?.inflight),
      card('Delayed', c?.delayed),
      dlq
        ? h(
            'div',
            { class: 'card' },
            h('div', { class: 'value', text: num(dlq.counts?.visible) }),
            h(
              'div',
              { class: 'label' },
              'in ',
              link(dlq.id, ['dead-letters', dlq.id]),
              ' (after ' + q.maxReceiveCount + ' receives)',
            ),
          )
        : null,
    ),
    readOnly
      ? null
      : h(
          'div',
          { class: 'actions' },
          link('Send a test message', ['send', q.id], { class: 'button', key: 'send:' + q.id }),
          h('button', {
            class: 'secondary',
            key: 'purge:' + q.id,
            onclick: (e) => purge(q, listenerElement(e)),
            text: 'Purge…',
          }),
        ),
  );
}
