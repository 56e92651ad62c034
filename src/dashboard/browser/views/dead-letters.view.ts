/** The dead-letter queues: each with its redrive, and the messages of the one chosen. */
import { app, currentState, deadLetterQueues, peeks, queueById, selected } from '../app';
import { h } from '../dom';
import { show, sig } from '../layout';
import { ensurePeek, messagesSection } from './messages.panel';
import { dlqSig, redrivePanel } from './redrive.panel';
import { peekNotice } from './widgets';

export function renderDeadLetters(): void {
  const state = currentState();
  const dlqs = deadLetterQueues();
  if (dlqs.length === 0) {
    show('dlq-none', [
      {
        key: 'x',
        sig: '',
        build: () =>
          h('p', {
            class: 'empty',
            text: 'No dead-letter queues: give a queue deadLetter: { queue, maxReceiveCount }.',
          }),
      },
    ]);
    return;
  }
  // The queue in the route, else the first with messages, else the first.
  const chosen =
    (app.route.id && queueById(app.route.id)) ||
    dlqs.filter((q) => q.counts && q.counts.visible > 0)[0] ||
    dlqs[0];
  ensurePeek(chosen);
  show('dlq:' + chosen.id, [
    { key: 'notice', sig: sig(state.peek), build: () => h('div', null, peekNotice()) },
    {
      key: 'list',
      sig: sig([dlqs.map(dlqSig), chosen.id, state.queues.length]),
      build: () =>
        h(
          'div',
          null,
          dlqs.map((q) => redrivePanel(q, true, q === chosen)),
        ),
    },
    {
      key: 'messages',
      sig: sig([chosen.id, peeks.get(chosen.id), selected.get(chosen.id), state.peek]),
      build: () => messagesSection(chosen, true, 'Messages in ' + chosen.id),
    },
  ]);
}
