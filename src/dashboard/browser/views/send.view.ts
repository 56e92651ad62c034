/** A form to send a test message, whose draft survives live updates and tab changes. */
import { type AttributeInput, api, type SendInput } from '../api';
import { app, currentState, queueById } from '../app';
import { readOnly } from '../config';
import { h, link } from '../dom';
import { act, messageOf, toast } from '../feedback';
import { show, sig } from '../layout';

export function renderSend(): void {
  show('send', [
    {
      key: 'form',
      sig: sig([readOnly, currentState().queues.map((q) => [q.id, q.fifo])]),
      build: sendForm,
    },
  ]);
}

/** What the form holds, kept when it is rebuilt (a queue was added) or left. */
interface Draft {
  queue: string | null;
  body: string;
  attributes: string;
  groupId: string;
  deduplicationId: string;
  delay: string;
}

let draft: Draft = {
  queue: null,
  body: '{\n  "hello": "world"\n}',
  attributes: '',
  groupId: '',
  deduplicationId: '',
  delay: '',
};

function sendForm(): HTMLElement {
  if (readOnly) {
    return h('p', { class: 'notice', text: 'The dashboard is read-only: sending is off.' });
  }
  const state = currentState();
  if (app.route.id) draft.queue = app.route.id;
  if (!draft.queue || !queueById(draft.queue)) {
    draft.queue = state.queues.length ? state.queues[0].id : null;
  }
  const queue = h(
    'select',
    { id: 'send-queue', name: 'queue', key: 'send-queue' },
    state.queues.map((q) =>
      h('option', {
        value: q.id,
        selected: q.id === draft.queue,
        text: q.id + (q.fifo ? ' (FIFO)' : ''),
      }),
    ),
  );
  const body = h('textarea', {
    id: 'send-body',
    name: 'body',
    spellcheck: 'false',
    value: draft.body,
  });
  const attributes = h('textarea', {
    id: 'send-attributes',
    name: 'attributes',
    spellcheck: 'false',
    placeholder: 'messageType=order.created',
    value: draft.attributes,
  });
  const groupId = h('input', { id: 'send-group', name: 'groupId', value: draft.groupId });
  const dedup = h('input', {
    id: 'send-dedup',
    name: 'deduplicationId',
    value: draft.deduplicationId,
    placeholder: 'random if empty',
  });
  const delay = h('input', {
    id: 'send-delay',
    name: 'delaySeconds',
    type: 'number',
    min: '0',
    max: '900',
    value: draft.delay,
    placeholder: '0',
  });
  const result = h('p', { role: 'status', 'aria-live': 'polite' });
  // Group and deduplication ids are for FIFO queues, a delay for standard ones.
  const fifoFields = () => {
    const q = queueById(queue.value);
    const fifo = !!(q && q.fifo);
    groupId.disabled = !fifo;
    dedup.disabled = !fifo;
    delay.disabled = fifo;
  };
  const keep = () => {
    draft = {
      queue: queue.value,
      body: body.value,
      attributes: attributes.value,
      groupId: groupId.value,
      deduplicationId: dedup.value,
      delay: delay.value,
    };
  };
  for (const el of [queue, body, attributes, groupId, dedup, delay]) {
    el.addEventListener('input', keep);
  }
  queue.addEventListener('change', fifoFields);
  fifoFields();
  const form = h(
    'form',
    { class: 'grid panel', 'aria-label': 'Send a test message', novalidate: true },
    h('label', { for: 'send-queue', text: 'Queue' }),
    queue,
    h('label', { for: 'send-body', text: 'Body' }),
    body,
    h('label', { for: 'send-attributes', text: 'Attributes' }),
    h(
      'div',
      null,
      attributes,
      h('div', { class: 'hint', text: 'One per line: name=value (a String), or name:Number=42.' }),
    ),
    h('label', { for: 'send-group', text: 'Group id' }),
    h(
      'div',
      null,
      groupId,
      h('div', { class: 'hint', text: 'FIFO queues only (required there).' }),
    ),
    h('label', { for: 'send-dedup', text: 'Deduplication id' }),
    dedup,
    h('label', { for: 'send-delay', text: 'Delay (seconds)' }),
    h('div', null, delay, h('div', { class: 'hint', text: '0 to 900; standard queues only.' })),
    h('span'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', key: 'send-submit', text: 'Send' }),
      result,
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let parsed: Record<string, AttributeInput>;
    try {
      parsed = parseAttributes(attributes.value);
    } catch (error) {
      toast(messageOf(error), true);
      return;
    }
    const target = queue.value;
    const input: SendInput = {
      queue: target,
      body: body.value,
      attributes: parsed,
      ...(!groupId.disabled && groupId.value ? { groupId: groupId.value } : {}),
      ...(!dedup.disabled && dedup.value ? { deduplicationId: dedup.value } : {}),
      ...(!delay.disabled && delay.value ? { delaySeconds: Number(delay.value) } : {}),
    };
    const button = form.querySelector<HTMLElement>('button[type="submit"]');
    void act(
      button,
      () => api.send(input),
      (r) => {
        result.replaceChildren(
          'Sent ',
          h('span', { class: 'mono', text: r.messageId }),
          ' to ',
          link(target, ['queues', target]),
          '.',
        );
        return 'Message sent to ' + target;
      },
    );
  });
  return h('div', null, h('h2', { text: 'Send a test message' }), form);
}

/** `name=value` (a String) or `name:Type=value`, one a line; blank lines skipped. */
function parseAttributes(text: string): Record<string, AttributeInput> {
  const out: Record<string, AttributeInput> = {};
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const match = /^\s*([^=:\s]+)\s*(?::\s*([A-Za-z][A-Za-z0-9._-]*))?\s*=(.*)$/.exec(line);
    if (!match) throw new Error('Attribute line ' + (i + 1) + ' is not name=value.');
    // Defined, not assigned: a name such as __proto__ stays an attribute.
    Object.defineProperty(out, match[1], {
      value: { type: match[2] || 'String', value: match[3].trim() },
      enumerable: true,
    });
  });
  return out;
}
