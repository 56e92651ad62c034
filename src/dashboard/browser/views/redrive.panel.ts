/**
 * A dead-letter queue's redrive controls: on the dead-letters view (with its title) and in the
 * queue view of a dead-letter queue.
 */
import type { DashboardMoveTask, DashboardQueueView } from '../../dashboard-views.interface';
import { cancelMove, purge, redrive } from '../actions';
import { currentState, destinations, rates } from '../app';
import { readOnly } from '../config';
import { h, link, listenerElement } from '../dom';
import { fmtTime, num } from '../format';

/** What a dead-letter queue's panel shows. */
export function dlqSig(q: DashboardQueueView | null): unknown {
  return q ? [q.id, q.counts, q.moveTask, q.deadLetterSources] : null;
}

export function redrivePanel(
  q: DashboardQueueView,
  withTitle: boolean,
  isChosen: boolean,
): HTMLElement {
  const task = q.moveTask;
  const running = task?.status === 'RUNNING';
  const visible = q.counts ? q.counts.visible : 0;
  const messages = num(visible) + (visible === 1 ? ' message' : ' messages');
  const options = [h('option', { value: '', text: 'each message’s source queue' })].concat(
    currentState()
      .queues.filter((o) => o.id !== q.id && o.fifo === q.fifo)
      .map((o) => h('option', { value: o.id, text: o.id })),
  );
  const select = h(
    'select',
    {
      key: 'dest:' + q.id,
      'aria-label': 'Redrive destination for ' + q.id,
      onchange: () => destinations.set(q.id, select.value),
    },
    options,
  );
  select.value = destinations.get(q.id) || '';
  const rate = h('input', {
    type: 'number',
    min: '1',
    max: '500',
    class: 'rate',
    placeholder: 'max/s',
    key: 'rate:' + q.id,
    'aria-label': 'Most messages a second (optional)',
    value: rates.get(q.id) || '',
    oninput: () => rates.set(q.id, rate.value),
  });
  return h(
    'section',
    { class: 'panel', 'data-dlq': q.id, 'aria-label': 'Dead-letter queue ' + q.id },
    withTitle
      ? h(
          'div',
          { class: 'actions' },
          h('h2', null, link(q.id, ['queues', q.id])),
          h('span', { class: visible > 0 ? 'badge bad' : 'badge plain', text: messages }),
          h('span', {
            class: 'muted',
            text: 'dead-letter queue of ' + q.deadLetterSources.join(', '),
          }),
          isChosen ? null : link('Show messages', ['dead-letters', q.id], { key: 'show:' + q.id }),
        )
      : h('h3', { text: 'Redrive' }),
    task ? moveTaskView(task) : null,
    readOnly
      ? null
      : h(
          'div',
          { class: 'actions' },
          h('label', { text: 'Move to' }),
          select,
          rate,
          h('button', {
            key: 'redrive:' + q.id,
            disabled: running || visible === 0,
            text: 'Redrive ' + messages,
            'aria-label': 'Redrive ' + q.id,
            onclick: (e) => redrive(q, select.value, rate.value, listenerElement(e)),
          }),
          running && task
            ? h('button', {
                class: 'secondary',
                key: 'cancel:' + q.id,
                text: 'Cancel move',
                onclick: (e) => cancelMove(task, listenerElement(e)),
              })
            : null,
          withTitle
            ? h('button', {
                class: 'secondary',
                key: 'purge:' + q.id,
                text: 'Purge…',
                onclick: (e) => purge(q, listenerElement(e)),
              })
            : null,
        ),
  );
}

/** The last move out of a dead-letter queue: its progress, or how it ended. */
function moveTaskView(task: DashboardMoveTask): HTMLElement {
  const total = task.toMove === undefined ? task.moved : task.toMove;
  const label = task.status === 'RUNNING' ? 'Moving messages' : 'Last move';
  const tone =
    task.status === 'COMPLETED' ? 'badge ok' : task.status === 'RUNNING' ? 'badge' : 'badge warn';
  return h(
    'div',
    { class: 'actions', 'data-move-status': task.status },
    h('span', { text: label + ':' }),
    h('progress', {
      max: String(Math.max(total, 1)),
      value: String(task.moved),
      'aria-label': 'Redrive progress',
    }),
    h('span', { text: task.moved + ' of ' + total + ' moved' }),
    h('span', { class: tone, text: task.status }),
    task.destination ? h('span', { class: 'muted', text: 'to ' + task.destination }) : null,
    task.startedAt
      ? h('span', { class: 'muted', text: 'started ' + fmtTime(task.startedAt) })
      : null,
    task.failureReason ? h('span', { class: 'error-text', text: task.failureReason }) : null,
  );
}
