/**
 * A queue's messages, seen without receiving them (a peek), with one shown in full: part of the
 * queue view and of the dead-letters view.
 */
import type {
  DashboardMessage,
  DashboardMessageFailure,
  DashboardQueueView,
} from '../../dashboard-views.interface';
import { api } from '../api';
import { currentState, peeks, render, selected } from '../app';
import { readOnly } from '../config';
import { confirmDialog } from '../confirm-dialog';
import { h, listenerElement } from '../dom';
import { act, messageOf } from '../feedback';
import { fmtTime, oneLine, prettyBody } from '../format';
import { sig } from '../layout';
import { peekNotice, timeCell } from './widgets';

const UNKNOWN_REASON = 'reason unknown: not seen by this app';

/** What a peek depends on: counts and activity in the last seconds. */
function peekSig(q: DashboardQueueView): string {
  return sig([
    q.counts,
    q.throughput.sent.slice(-3),
    q.throughput.deleted.slice(-3),
    q.moveTask?.moved,
  ]);
}

/**
 * Peeks at a queue again if it changed since the last peek (or if `force`d), one peek at a time
 * per queue; renders when the answer is in.
 */
export function ensurePeek(q: DashboardQueueView, force = false): void {
  if (!currentState().peek.available) return;
  const entry = peeks.get(q.id);
  const s = peekSig(q);
  if (entry && (entry.loading || (entry.sig === s && !force))) return;
  const next = { sig: s, loading: true, messages: entry ? entry.messages : null, error: null };
  peeks.set(q.id, next);
  api
    .messages(q.id)
    .then(
      (data) => {
        peeks.set(q.id, { sig: s, loading: false, messages: data.messages, error: null });
      },
      (error: unknown) => {
        peeks.set(q.id, {
          sig: s,
          loading: false,
          messages: next.messages,
          error: messageOf(error),
        });
      },
    )
    .then(render);
}

/**
 * Whether a queue's messages show why they failed: in a dead-letter queue of an app, whose
 * consumers saw the failures (the standalone emulator runs no handlers).
 */
function showsReasons(q: DashboardQueueView): boolean {
  return q.deadLetterSources.length > 0 && currentState().consumers !== null;
}

/** The messages of a queue: a table and the chosen message in full. */
export function messagesSection(
  q: DashboardQueueView,
  deletable: boolean,
  title?: string,
): HTMLElement {
  const heading = title ? h('h2', { text: title }) : h('h3', { text: 'Messages' });
  const reasons = showsReasons(q);
  if (!currentState().peek.available) return h('div', null, heading, peekNotice());
  const entry = peeks.get(q.id);
  const messages = entry && entry.messages;
  const head = h(
    'div',
    { class: 'actions heading' },
    heading,
    h('span', {
      class: 'muted',
      text: 'seen without receiving them: nothing changes in the queue',
    }),
    h('button', {
      class: 'link',
      key: 'reload:' + q.id,
      text: 'Reload',
      onclick: () => ensurePeek(q, true),
    }),
  );
  if (entry && entry.error) {
    return h('div', null, head, h('p', { class: 'error-text', text: entry.error }));
  }
  if (!messages) return h('div', null, head, h('p', { class: 'muted', text: 'Loading…' }));
  if (messages.length === 0) {
    return h('div', null, head, h('p', { class: 'empty', text: 'The queue is empty.' }));
  }
  const current = messages.find((m) => m.messageId === selected.get(q.id)) ?? messages[0];
  return h(
    'div',
    null,
    head,
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { 'aria-label': 'Messages in ' + q.id },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { text: 'Message' }),
              h('th', { text: 'State' }),
              h('th', { class: 'num', text: 'Receives' }),
              h('th', { text: 'Sent' }),
              q.fifo ? h('th', { text: 'Group' }) : null,
              reasons ? h('th', { text: 'Why it failed' }) : null,
              h('th', { text: 'Body' }),
            ),
          ),
          h(
            'tbody',
            null,
            messages.map((m) => messageRow(q, m, m === current, reasons)),
          ),
        ),
      ),
      messageDetails(q, current, deletable),
    ),
  );
}

function messageRow(
  q: DashboardQueueView,
  m: DashboardMessage,
  isCurrent: boolean,
  reasons: boolean,
): HTMLElement {
  return h(
    'tr',
    { class: isCurrent ? 'selected' : '', 'data-message-id': m.messageId },
    h(
      'td',
      null,
      h('button', {
        class: 'link mono',
        key: 'm:' + m.messageId,
        title: m.messageId,
        'aria-label': 'Inspect message ' + m.messageId,
        'aria-pressed': isCurrent ? 'true' : 'false',
        text: m.messageId.slice(0, 8) + '…',
        onclick: () => {
          selected.set(q.id, m.messageId);
          render();
        },
      }),
    ),
    h(
      'td',
      null,
      h('span', { class: m.state === 'visible' ? 'badge ok' : 'badge warn', text: m.state }),
    ),
    h('td', { class: 'num', text: String(m.receiveCount) }),
    timeCell(m.sentTimestamp),
    q.fifo ? h('td', { class: 'mono', text: m.groupId || '' }) : null,
    reasons ? reasonCell(m) : null,
    h('td', { class: 'ellipsis mono', text: oneLine(m.body, 80) }),
  );
}

function failureWhere(f: DashboardMessageFailure): string {
  return (
    (f.handler || 'no handler took it') + ' · ' + fmtTime(f.at) + ' · receive ' + f.receiveCount
  );
}

function reasonCell(m: DashboardMessage): HTMLElement {
  const f = m.lastFailure;
  if (!f) {
    return h('td', null, h('div', { class: 'muted', 'data-reason': true, text: UNKNOWN_REASON }));
  }
  return h(
    'td',
    null,
    h(
      'div',
      { 'data-reason': true },
      h('div', { class: 'error-text ellipsis reason', title: f.error, text: f.error }),
      h('div', { class: 'muted', title: new Date(f.at).toISOString(), text: failureWhere(f) }),
    ),
  );
}

function messageDetails(
  q: DashboardQueueView,
  m: DashboardMessage,
  deletable: boolean,
): HTMLElement {
  const body = prettyBody(m.body);
  const names = Object.keys(m.attributes);
  const rows: [string, string][] = [
    ['Message id', m.messageId],
    ['State', m.state],
    ['Receive count', String(m.receiveCount)],
    ['Sent', fmtTime(m.sentTimestamp)],
    ['First received', fmtTime(m.firstReceiveTimestamp)],
  ];
  if (m.visibleAt) rows.push(['Visible again', fmtTime(m.visibleAt)]);
  if (m.groupId !== undefined) rows.push(['Group id', m.groupId]);
  if (m.deduplicationId !== undefined) rows.push(['Deduplication id', m.deduplicationId]);
  if (m.sequenceNumber !== undefined) rows.push(['Sequence number', m.sequenceNumber]);
  if (m.deadLetterSourceArn !== undefined) {
    rows.push(['Dead-lettered from', m.deadLetterSourceArn]);
  }
  const f = m.lastFailure;
  if (f) rows.push(['Last error', f.error], ['Failed in', failureWhere(f)]);
  else if (showsReasons(q)) rows.push(['Last error', UNKNOWN_REASON]);
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Message details', 'data-details': m.messageId },
    h(
      'div',
      { class: 'actions' },
      h('h3', { text: 'Message' }),
      deletable && !readOnly
        ? h('button', {
            class: 'danger',
            key: 'delete:' + m.messageId,
            text: 'Delete',
            'aria-label': 'Delete message ' + m.messageId,
            onclick: (e) => deleteMessage(q, m, listenerElement(e)),
          })
        : null,
    ),
    h(
      'dl',
      { class: 'meta' },
      rows.map(([term, value]) => [
        h('dt', { text: term }),
        h('dd', { class: 'mono', text: value }),
      ]),
    ),
    names.length
      ? h(
          'div',
          null,
          h('h3', { text: 'Attributes' }),
          h(
            'table',
            null,
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { text: 'Name' }),
                h('th', { text: 'Type' }),
                h('th', { text: 'Value' }),
              ),
            ),
            h(
              'tbody',
              null,
              names.map((name) => {
                const a = m.attributes[name];
                return h(
                  'tr',
                  null,
                  h('td', { class: 'mono', text: name }),
                  h('td', { text: a.type }),
                  h('td', { class: 'mono', text: a.value }),
                );
              }),
            ),
          ),
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      h('h3', { text: 'Body' }),
      body.json ? h('span', { class: 'badge', text: 'JSON' }) : null,
    ),
    h('pre', { class: 'body', 'data-body': '', tabindex: '0', text: body.text }),
  );
}

function deleteMessage(q: DashboardQueueView, m: DashboardMessage, button: HTMLElement): void {
  void confirmDialog({
    title: 'Delete this message?',
    text: 'Deletes message ' + m.messageId + ' from ' + q.id + '. This cannot be undone.',
    ok: 'Delete',
  }).then((yes) => {
    if (!yes) return button.focus();
    void act(button, () => api.deleteMessage(q.id, m.messageId), 'Message deleted').then(() => {
      selected.delete(q.id);
      ensurePeek(q, true);
    });
  });
}
