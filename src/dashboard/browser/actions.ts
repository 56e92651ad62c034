/** What the buttons do: each an API call through `act`, after a confirmation where it destroys. */
import type {
  DashboardConsumerView,
  DashboardMoveTask,
  DashboardQueueView,
} from '../dashboard-views.interface';
import { api, type RedriveInput } from './api';
import { confirmDialog } from './confirm-dialog';
import { act } from './feedback';
import { num } from './format';

/** Empties a queue once the user typed its name. */
export function purge(q: DashboardQueueView, button: HTMLElement): void {
  const c = q.counts;
  void confirmDialog({
    title: 'Purge ' + q.id + '?',
    text:
      `Deletes every message in ${q.name} (${num(c?.visible)} visible, ` +
      `${num(c?.inflight)} in flight, ${num(c?.delayed)} delayed). This cannot be undone.`,
    expect: q.name,
    ok: 'Purge',
  }).then((yes) => {
    if (!yes) return button.focus();
    void act(button, () => api.purge(q.id, q.name), q.id + ' purged');
  });
}

/** Moves a dead-letter queue's messages back (`destination` '' for their sources). */
export function redrive(
  q: DashboardQueueView,
  destination: string,
  rate: string,
  button: HTMLElement,
): void {
  const input: RedriveInput = {
    queue: q.id,
    ...(destination ? { destination } : {}),
    ...(rate ? { rate: Number(rate) } : {}),
  };
  void act(button, () => api.redrive(input), 'Redrive of ' + q.id + ' started');
}

export function cancelMove(task: DashboardMoveTask, button: HTMLElement): void {
  void act(button, () => api.cancelRedrive(task.taskHandle), 'Move cancelled');
}

/** Starts a stopped consumer, stops a running one. */
export function toggleConsumer(c: DashboardConsumerView, button: HTMLElement): void {
  const running = c.state === 'running';
  void act(
    button,
    () => api.consumer(running ? 'stop' : 'start', c.queue),
    'Consumer of ' + c.queue + (running ? ' stopped' : ' started'),
  );
}
