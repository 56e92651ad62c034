import type { SqsConsumerStatus } from '../consumer/sqs-consumer-config.interface';
import type { QueueSummary } from '../emulator/inspection';
import type { SqsResolvedQueue } from '../interfaces/sqs-resolved-queue.interface';
import type { SqsConsumers } from '../module/sqs-consumers.service';
import type { QueueDirectory } from './queue-directory';
import type { SqsTestClock } from './sqs-test-clock';
import type { SqsTestEmulator } from './sqs-test-emulator';

/** One declared queue, its counts in the emulator and its consumer's status, at one moment. */
export interface QueueState {
  readonly queue: SqsResolvedQueue;
  readonly summary: QueueSummary | undefined;
  readonly consumer: SqsConsumerStatus | undefined;
}

/** What the harness reads to decide whether work is pending, and to explain what is. */
export interface QueueStateSources {
  readonly directory: QueueDirectory;
  readonly emulator: SqsTestEmulator;
  readonly consumers: SqsConsumers;
  readonly clock: SqsTestClock;
}

export function readQueueStates(s: QueueStateSources): QueueState[] {
  const summaries = new Map(s.emulator.inspectQueues().map((q) => [q.name, q]));
  const statuses = new Map(s.consumers.status().map((c) => [c.queue, c]));
  return s.directory.all().map((queue) => ({
    queue,
    summary: summaries.get(queue.physicalName),
    consumer: statuses.get(queue.name),
  }));
}

/**
 * Idle: every consumer that is not stopped holds no message, runs no handler, and has nothing it
 * could receive now. Messages waiting for time (delayed, or invisible after a failure) do not
 * count: only `advance` brings them back.
 */
export function isIdle(s: QueueStateSources, states: readonly QueueState[]): boolean {
  for (const { queue, summary, consumer } of states) {
    if (!consumer || consumer.state === 'stopped') continue;
    if (consumer.state === 'stopping' || consumer.inFlight > 0 || consumer.running > 0) {
      return false;
    }
    if (receivable(s.emulator, queue, summary) > 0) return false;
  }
  return true;
}

/** Messages in handlers now, over every consumer. */
export function runningHandlers(states: readonly QueueState[]): number {
  let running = 0;
  for (const st of states) running += st.consumer?.running ?? 0;
  return running;
}

/**
 * A compact fingerprint of everything that moves: comparing two tells whether a turn of the event
 * loop changed anything.
 */
export function fingerprint(clock: SqsTestClock, activity: number, states: readonly QueueState[]) {
  let out = `${activity}|${clock.now()}|${clock.pendingTimers}|${clock.nextDueAt() ?? '-'}`;
  for (const { summary: q, consumer: c } of states) {
    out += `|${q ? `${q.visible},${q.inflight},${q.delayed}` : '-'}`;
    out += c ? `,${c.state},${c.inFlight},${c.running},${c.receiving}` : '';
  }
  return out;
}

/** Messages a consumer could receive now (a FIFO group with a message in flight is blocked). */
function receivable(
  emulator: SqsTestEmulator,
  queue: SqsResolvedQueue,
  summary: QueueSummary | undefined,
): number {
  if (!summary || summary.visible === 0) return 0;
  if (!queue.fifo || summary.inflight === 0) return summary.visible;
  const messages = emulator.peekMessages(queue.physicalName, {
    states: ['visible', 'inflight'],
    limit: Infinity,
  });
  const blocked = new Set(messages.filter((m) => m.state === 'inflight').map((m) => m.groupId));
  return messages.filter((m) => m.state === 'visible' && !blocked.has(m.groupId)).length;
}

/** One line per declared queue: counts, when the next message becomes visible, the consumer. */
export function describeQueueStates(s: QueueStateSources, states: readonly QueueState[]): string {
  const now = s.clock.now();
  return states
    .map(({ queue, summary, consumer }) => {
      const counts = summary
        ? `${summary.visible} visible, ${summary.inflight} in flight, ${summary.delayed} delayed`
        : 'not in the emulator';
      const next = summary && summary.inflight + summary.delayed > 0 ? nextVisible(s, queue) : '';
      const nextText =
        next === undefined || next === '' ? '' : ` (next visible in ${next - now} ms)`;
      return `  - ${queue.name}: ${counts}${nextText}; ${describeConsumer(consumer)}`;
    })
    .join('\n');
}

function nextVisible(s: QueueStateSources, queue: SqsResolvedQueue): number | undefined {
  let next: number | undefined;
  const waiting = s.emulator.peekMessages(queue.physicalName, {
    states: ['inflight', 'delayed'],
    limit: Infinity,
  });
  for (const m of waiting) if (next === undefined || m.visibleAt < next) next = m.visibleAt;
  return next;
}

/** A virtual duration as a reader counts it: ms, s, min or h. */
function describeMs(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

function describeConsumer(c: SqsConsumerStatus | undefined): string {
  if (!c) return 'no consumer';
  const parts = [`consumer ${c.state}`];
  if (c.running > 0) {
    const longest =
      c.longestRunningMs > 0 ? `, the longest running for ${describeMs(c.longestRunningMs)}` : '';
    parts.push(`${c.running} in handlers (${c.handlers.join(', ')})${longest}`);
  }
  if (c.inFlight > c.running) parts.push(`${c.inFlight - c.running} received, not yet started`);
  if (c.state === 'running') {
    parts.push(
      c.receiving > 0
        ? `${c.receiving} receive${c.receiving > 1 ? 's' : ''} open`
        : c.inFlight < c.concurrency
          ? 'not polling: it waits on the virtual clock (poll interval or backend-error backoff)'
          : 'every worker busy',
    );
  }
  return parts.join(', ');
}
