/**
 * The demo's live feed over a WebSocket (`/ws`, the notifier's, forwarded by the orders service):
 * a `hello` with what the page missed, then every step of every message. When the socket drops
 * it reconnects with exponential backoff and jitter, saying where it left off (the notifier's
 * instance and the last `seq` seen), so the hello then carries exactly the events missed. In a
 * file of its own so that the transport can change without the page's handlers knowing.
 */
import type { DemoHelloEvent, DemoMessageEvent, FeedFrame } from '../../feed/demo-event.interface';
import { reconnectDelay } from './reconnect-backoff';

/** Where the connection stands, for the header. */
export type FeedState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'reconnecting'; readonly inMs: number; readonly attempt: number };

export interface FeedHandlers {
  /** Connected (again): the state of things, and the events missed meanwhile. */
  hello(hello: DemoHelloEvent, previousInstance: string | undefined): void;
  /** One live event, in order, each once. */
  event(event: DemoMessageEvent): void;
  state(state: FeedState): void;
}

export function connectFeed(handlers: FeedHandlers): void {
  let instance: string | undefined;
  let lastSeq = 0;
  /** Failed attempts since the last hello: the backoff's exponent. */
  let failures = 0;

  const open = (): void => {
    handlers.state({ kind: 'connecting' });
    const socket = new WebSocket(feedUrl(instance, lastSeq));
    socket.onmessage = (message: MessageEvent<string>) => {
      // Sent by the demo's own notifier (feed.gateway.ts), of the types named here.
      const frame = JSON.parse(message.data) as FeedFrame;
      if (frame.event === 'hello') {
        const previous = instance;
        instance = frame.data.instance;
        lastSeq = frame.data.lastSeq;
        // Only a hello counts as success: a server that accepts and drops at once is backed off.
        failures = 0;
        handlers.hello(frame.data, previous);
        handlers.state({ kind: 'live' });
        return;
      }
      // Never twice, never out of order: the hello's replay and the live events meet here.
      if (frame.data.seq <= lastSeq) return;
      lastSeq = frame.data.seq;
      handlers.event(frame.data);
    };
    // An error is always followed by a close.
    socket.onclose = () => {
      const inMs = reconnectDelay(failures, Math.random);
      failures++;
      handlers.state({ kind: 'reconnecting', inMs, attempt: failures });
      setTimeout(open, inMs);
    };
  };
  open();
}

/** `ws://<this origin>/ws`, with where the page left off once it has heard from a notifier. */
function feedUrl(instance: string | undefined, after: number): string {
  const url = new URL('/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (instance !== undefined) {
    url.searchParams.set('instance', instance);
    url.searchParams.set('after', String(after));
  }
  return url.href;
}
