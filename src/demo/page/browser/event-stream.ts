/**
 * The demo's live feed, `GET /orders/events` (Server-Sent Events): a `hello`, then every step of
 * every message. In a file of its own so that the transport can change without the page's
 * handlers knowing.
 */
import type { DemoHelloEvent, DemoMessageEvent } from '../../feed/demo-event.interface';

export type DemoStreamEvent = DemoHelloEvent | DemoMessageEvent;

export interface EventStreamHandlers {
  /** Connected, or connected again. */
  open(): void;
  /** The connection dropped (the browser reconnects by itself). */
  lost(): void;
  event(event: DemoStreamEvent): void;
}

export function connectEventStream(handlers: EventStreamHandlers): void {
  const source = new EventSource('/orders/events');
  source.onopen = () => handlers.open();
  source.onerror = () => handlers.lost();
  source.onmessage = (message: MessageEvent<string>) => {
    // Sent by the demo's own server (orders.controller.ts), from the types named here.
    handlers.event(JSON.parse(message.data) as DemoStreamEvent);
  };
}
