/** The queues table: depths and consumer states, polled (they are not events). */
import type { DemoStatsSnapshot } from '../../feed/demo-stats.interface';
import { byId, el } from './dom';

export function refreshQueues(): void {
  fetch('/orders/stats')
    // The demo's own answer (orders.controller.ts), of the type named here.
    .then((res) => res.json() as Promise<DemoStatsSnapshot>)
    .then((s) => {
      const rows = Object.entries(s.queues).map(([key, q]) => {
        const consumer = s.consumers.find((c) => c.queue === key);
        const row = el('tr');
        row.setAttribute('data-queue', key);
        const label = el('span', 'mono', key);
        label.setAttribute('data-queue-name', '');
        const name = el('td');
        name.append(label);
        // The SQS name where it differs from the logical one (`payments.fifo`).
        if (q.name !== key) name.append(' ', el('span', 'hint mono', '(' + q.name + ')'));
        row.append(
          name,
          el('td', 'num', q.visible),
          el('td', 'num', q.inFlight),
          el('td', 'num', q.delayed),
          el(
            'td',
            s.notifier === 'down' && q.name !== 'orders-dlq' ? 'down' : '',
            consumer
              ? consumer.state
              : s.notifier === 'down'
                ? 'notifier down: messages wait'
                : 'no consumer',
          ),
        );
        return row;
      });
      byId('queues', HTMLElement).replaceChildren(...rows);
    })
    .catch(() => {
      /* the next tick tries again */
    });
}
