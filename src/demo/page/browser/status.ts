/** What the page says about the demo: the connection, how the demo runs, and the counters. */
import type { DemoHelloEvent, QueueCounts } from '../../feed/demo-event.interface';
import { byId } from './dom';
import type { FeedState } from './feed-socket';
import { time } from './format';

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
export function setFeedState(state: FeedState): void {
  const live = byId('live', HTMLElement);
  live.className = state.kind === 'live' ? 'live on' : 'live';
  live.setAttribute('data-state', state.kind);
  live.textContent =
    state.kind === 'live'
      ? 'live'
      : state.kind === 'connecting'
        ? 'connecting…'
        : `reconnecting in ${(state.inMs / 1000).toFixed(1)} s (attempt ${state.attempt})…`;
}

/** The hello: how the demo runs, its dashboards, and the counts as of the events it replays. */
export function showHello(h: DemoHelloEvent): void {
  const parts = [
    h.backend === 'emulator' ? 'SQS: the emulator process' : 'SQS: aws',
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
  const emulator = byId('emulator-dashboard', HTMLAnchorElement);
  if (h.emulatorDashboard) emulator.href = h.emulatorDashboard;
  emulator.hidden = !h.emulatorDashboard;
  setCounters('orders', h.counts.orders);
  setCounters('payments', h.counts.payments);
}

/** What the page caught up on, in words, after a (re)connection. */
export function showCatchUp(h: DemoHelloEvent, previousInstance: string | undefined): void {
  const notice = byId('notice', HTMLElement);
  const parts: string[] = [];
  if (h.resumed) {
    parts.push(`reconnected: ${plural(h.missed.length, 'missed event')} replayed`);
  } else if (previousInstance !== undefined) {
    parts.push(
      `the notifier restarted at ${time(h.startedAt)}: counts start again from there, and ` +
        `its ${plural(h.missed.length, 'event')} so far are replayed`,
    );
  }
  if (h.dropped > 0) {
    parts.push(`${plural(h.dropped, 'older event')} could not be replayed (too old)`);
  }
  notice.textContent = parts.join('; ');
  notice.hidden = parts.length === 0;
}

/** Shows a queue's counts (a queue without counters on the page is skipped). */
export function setCounters(queue: string, counts: QueueCounts | undefined): void {
  const ids = COUNTERS.get(queue);
  if (!ids || !counts) return;
  for (const [name, id] of ids) byId(id, HTMLElement).textContent = String(counts[name]);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
