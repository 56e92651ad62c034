/** Which view the route shows, and the tabs that say where the page is. */
import { app, deadLetterQueues } from './app';
import { append, h } from './dom';
import { sum } from './format';
import { renderConsumers } from './views/consumers.view';
import { renderDeadLetters } from './views/dead-letters.view';
import { renderQueue } from './views/queue.view';
import { renderQueues } from './views/queues.view';
import { renderSend } from './views/send.view';

/** Shows the current route: the tabs at once, the view once the first state arrived. */
export function renderRoute(): void {
  const { route, state } = app;
  document.querySelectorAll('[data-tab]').forEach((a) => {
    if (a.getAttribute('data-tab') === route.tab) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (!state) return;
  // The standalone emulator has no consumers: no tab for them.
  const consumersTab = document.querySelector<HTMLElement>('[data-tab="consumers"]');
  if (consumersTab) consumersTab.hidden = state.consumers === null;
  const dlqTab = document.querySelector('[data-tab="dead-letters"]');
  if (dlqTab) {
    const depth = sum(deadLetterQueues().map((q) => (q.counts ? q.counts.visible : 0)));
    dlqTab.replaceChildren();
    append(dlqTab, [
      'Dead letters',
      depth > 0 ? h('span', { class: 'badge bad count', text: String(depth) }) : null,
    ]);
  }
  if (route.tab === 'queues' && route.id) return renderQueue(route.id);
  if (route.tab === 'queues') return renderQueues();
  if (route.tab === 'dead-letters') return renderDeadLetters();
  if (route.tab === 'consumers') return renderConsumers();
  return renderSend();
}
