/** What the page says about the demo: the connection, how the demo runs, and the counters. */
import type { DemoHelloEvent } from '../../feed/demo-event.interface';
import type { QueueCounts } from '../../feed/demo-event.interface';
import { byId } from './dom';

/** The counters of each queue: which count each element shows. */
const COUNTERS = new Map<string, readonly (readonly [keyof QueueCounts, string])[]>([
  [
    'orders',
    [
      ['sent', 'o-sent'],
      ['processed', 'o-processed'],
      ['failedAttempts', 'o-failed'],
      ['deadLettered', 'o-dlq'],
    ],
  ],
  [
    'payments',
    [
      ['sent', 'p-sent'],
      ['processed', 'p-processed'],
      ['failedAttempts', 'p-failed'],
    ],
  ],
]);

/** The header's connection status. */
export function setLive(on: boolean): void {
  const live = byId('live', HTMLElement);
  live.textContent = on ? 'live' : 'reconnecting…';
  live.className = on ? 'live on' : 'live';
}

/** The stream's first event: how the demo runs, and the counts so far. */
export function showHello(h: DemoHelloEvent): void {
  const parts = [
    'backend ' + h.backend,
    h.autoStartup
      ? 'consumers running'
      : 'consumers off (SQS_AUTO_STARTUP=false): messages wait in the queues',
    Math.round(h.failureRate * 100) + '% of orders fail',
    'retry after ' +
      h.retryDelaySeconds +
      ' s, dead-letter after ' +
      h.maxReceiveCount +
      ' receives',
  ];
  if (h.sqsEndpoint) parts.push('SQS endpoint ' + h.sqsEndpoint);
  byId('mode', HTMLElement).textContent = parts.join(' · ');
  setCounters('orders', h.counts.orders);
  setCounters('payments', h.counts.payments);
}

/** Shows a queue's counts (a queue without counters on the page is skipped). */
export function setCounters(queue: string, counts: QueueCounts | undefined): void {
  const ids = COUNTERS.get(queue);
  if (!ids || !counts) return;
  for (const [name, id] of ids) byId(id, HTMLElement).textContent = String(counts[name]);
}
