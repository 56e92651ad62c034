/** The application's consumers: one row per queue, then one per handler of it. */
import type {
  DashboardConsumerError,
  DashboardConsumerView,
  DashboardHandlerView,
} from '../../dashboard-views.interface';
import { toggleConsumer } from '../actions';
import { currentState } from '../app';
import { readOnly } from '../config';
import { h, link, listenerElement } from '../dom';
import { fmtTime, num } from '../format';
import { show, sig } from '../layout';
import { stateBadge } from './widgets';

export function renderConsumers(): void {
  show('consumers', [{ key: 'table', sig: sig(currentState().consumers), build: consumersTable }]);
}

function consumersTable(): HTMLElement {
  const { consumers } = currentState();
  if (consumers === null) {
    return h('p', {
      class: 'empty',
      text: 'Consumers live in your application: this emulator has none.',
    });
  }
  if (consumers.length === 0) {
    return h('p', { class: 'empty', text: 'No @SqsHandler in this application.' });
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', {
        class: 'muted',
        text: 'One row per queue, then one per handler of it. A handler runs while its queue’s consumer runs; in-flight messages are counted per queue.',
      }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { text: 'Queue / handler' }),
          h('th', { text: 'State' }),
          h('th', { class: 'num', text: 'Concurrency' }),
          h('th', { class: 'num', text: 'In flight' }),
          h('th', { class: 'num', text: 'Processed' }),
          h('th', { class: 'num', text: 'Failed' }),
          h('th', { text: 'Last error' }),
          readOnly ? null : h('th', { text: '' }),
        ),
      ),
      h(
        'tbody',
        null,
        consumers.map((c) => [
          consumerRow(c),
          ...(c.handlerStats || []).map((s) => handlerRow(c, s)),
        ]),
      ),
    ),
  );
}

function consumerRow(c: DashboardConsumerView): HTMLElement {
  const running = c.state === 'running';
  const count = (c.handlerStats || c.handlers).length; // stacked decorators share one row
  return h(
    'tr',
    { 'data-consumer': c.queue },
    h(
      'td',
      null,
      link(c.queue, ['queues', c.queue]),
      h('div', { class: 'muted', text: count + (count === 1 ? ' handler' : ' handlers') }),
    ),
    h('td', null, stateBadge(c.state)),
    h('td', { class: 'num', text: num(c.concurrency) }),
    h('td', { class: 'num', text: num(c.inFlight) }),
    h('td', { class: 'num', text: num(c.processed) }),
    h('td', { class: 'num', text: num(c.failed) }),
    errorCell(c.lastError, true),
    readOnly
      ? null
      : h(
          'td',
          null,
          h('button', {
            class: running ? 'secondary' : '',
            key: 'toggle:' + c.queue,
            // aria-disabled, not disabled: a disabled button drops the keyboard focus, and the
            // next render could not give it back. act() ignores a busy button.
            'aria-disabled': c.state === 'stopping' ? 'true' : null,
            'aria-label': (running ? 'Stop' : 'Start') + ' consumer of ' + c.queue,
            text: c.state === 'stopping' ? 'Stopping…' : running ? 'Stop' : 'Start',
            onclick: (e) => toggleConsumer(c, listenerElement(e)),
          }),
        ),
  );
}

function handlerRow(c: DashboardConsumerView, s: DashboardHandlerView): HTMLElement {
  return h(
    'tr',
    { class: 'handler-row', 'data-handler': s.handler, 'data-handler-queue': c.queue },
    h(
      'td',
      { class: 'mono' },
      h('span', { class: 'muted', 'aria-hidden': 'true', text: '↳ ' }),
      s.handler,
    ),
    h('td', null, stateBadge(c.state)),
    h('td', { class: 'num muted', title: 'Shared by the queue’s handlers', text: '—' }),
    h('td', { class: 'num', title: 'Messages inside this handler now', text: num(s.running) }),
    h('td', { class: 'num', text: num(s.processed) }),
    h('td', { class: 'num', text: num(s.failed) }),
    errorCell(s.lastError, false),
    readOnly ? null : h('td'),
  );
}

function errorCell(e: DashboardConsumerError | undefined, withHandler: boolean): HTMLElement {
  if (!e) return h('td', null, h('span', { class: 'muted', text: '—' }));
  return h(
    'td',
    null,
    h(
      'div',
      null,
      h('div', { class: 'error-text ellipsis', title: e.message, text: e.message }),
      h('div', {
        class: 'muted',
        text: fmtTime(e.at) + (withHandler && e.handler ? ' in ' + e.handler : ''),
      }),
    ),
  );
}
