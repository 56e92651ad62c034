/**
 * The page's state: the last overview the server pushed, the route, and what the user chose per
 * queue, kept across the rebuilds of the views. Views read it when they run (not when they were
 * built), as a live update may have replaced it since.
 */
import type {
  DashboardConsumerView,
  DashboardMessage,
  DashboardQueueView,
  DashboardState,
} from '../dashboard-views.interface';
import { api } from './api';
import { byId } from './dom';
import { parseRoute, type Route } from './route';

/** A peek at a queue's messages: the last one seen, and whether a newer one is on its way. */
export interface Peek {
  /** What the queue looked like when it was asked for (see `peekSig`). */
  readonly sig: string;
  readonly loading: boolean;
  readonly messages: readonly DashboardMessage[] | null;
  readonly error: string | null;
}

export const app: { state: DashboardState | null; route: Route } = {
  state: null,
  route: parseRoute(),
};

/** Per queue id: its last peek. */
export const peeks = new Map<string, Peek>();
/** Per queue id: the id of the message shown in full. */
export const selected = new Map<string, string>();
/** Per dead-letter queue id: the redrive destination chosen ('' for the sources). */
export const destinations = new Map<string, string>();
/** Per dead-letter queue id: the redrive rate as typed. */
export const rates = new Map<string, string>();

let renderer: () => void = () => undefined;

/** Sets what `render` does: the router's render (main.ts), which imports the views. */
export function setRenderer(render: () => void): void {
  renderer = render;
}

/** Shows the current route with the current state. */
export function render(): void {
  renderer();
}

/** The state the views render; they run only once the first one arrived. */
export function currentState(): DashboardState {
  if (!app.state) throw new Error('The dashboard has no state yet.');
  return app.state;
}

export function onState(next: DashboardState): void {
  app.state = next;
  byId('backend', HTMLElement).textContent = next.backend;
  render();
}

/** Asks for the state now (after an action) rather than waiting for the stream. */
export function refresh(): Promise<void> {
  return api.state().then(onState, () => {
    // the stream will catch up
  });
}

export function queueById(id: string): DashboardQueueView | null {
  return app.state?.queues.find((q) => q.id === id) ?? null;
}

export function consumerOf(queue: string): DashboardConsumerView | null {
  return app.state?.consumers?.find((c) => c.queue === queue) ?? null;
}

export function deadLetterQueues(): DashboardQueueView[] {
  return currentState().queues.filter((q) => q.deadLetterSources.length > 0);
}
