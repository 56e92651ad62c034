import WebSocket from 'ws';
import type {
  DemoHelloEvent,
  DemoMessageEvent,
  FeedFrame,
} from '../../../src/demo/feed/demo-event.interface';

/** How long the test client waits before reconnecting: fixed (the page's backoff has its test). */
const RECONNECT_MS = 200;

/**
 * The demo's WebSocket feed as the page reads it, for tests: connects to `<origin>/ws`, keeps
 * every event (the ones a hello replays included, each once), and when the socket drops
 * reconnects saying where it left off, as the page does. Tests wait for the events they expect
 * with a bounded timeout.
 */
export class FeedClient {
  /** Every event, in the order this client learnt of them. */
  readonly events: DemoMessageEvent[] = [];
  /** Every hello, one per connection. */
  readonly hellos: DemoHelloEvent[] = [];
  private socket: WebSocket | undefined;
  private instance: string | undefined;
  private lastSeq = 0;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly origin: string) {}

  /** Connects and waits for the first hello. */
  static async connect(origin: string, timeoutMs = 10_000): Promise<FeedClient> {
    const client = new FeedClient(origin);
    client.open();
    await client.waitForHello(1, timeoutMs);
    return client;
  }

  /** Whether a socket is open and greeted. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.hellos.length > 0;
  }

  /** Closes the socket as a network failure would; the client reconnects on its own. */
  drop(): void {
    this.socket?.terminate();
  }

  /** Resolves once `count` hellos have arrived in all (connections, reconnections included). */
  async waitForHello(count: number, timeoutMs = 10_000): Promise<DemoHelloEvent> {
    await this.until(
      () => this.hellos.length >= count,
      timeoutMs,
      () => `${this.hellos.length} of ${count} hellos`,
    );
    return this.hellos[count - 1];
  }

  /** The first event (seen already or to come) that matches. */
  async waitFor(
    match: (event: DemoMessageEvent) => boolean,
    timeoutMs = 10_000,
  ): Promise<DemoMessageEvent> {
    const [event] = await this.waitForAll(match, 1, timeoutMs);
    return event;
  }

  /** The first `count` events (seen already or to come) that match, in order. */
  async waitForAll(
    match: (event: DemoMessageEvent) => boolean,
    count: number,
    timeoutMs = 10_000,
  ): Promise<DemoMessageEvent[]> {
    await this.until(
      () => this.events.filter(match).length >= count,
      timeoutMs,
      () => {
        const last = this.events.slice(-10).map((e) => `${e.queue} ${e.type}`);
        return `${this.events.filter(match).length} of ${count} events; last: ${last.join(', ')}`;
      },
    );
    return this.events.filter(match).slice(0, count);
  }

  close(): void {
    this.closed = true;
    this.socket?.terminate();
    this.notify();
  }

  private open(): void {
    const url = new URL('/ws', this.origin.replace(/^http/, 'ws'));
    if (this.instance !== undefined) {
      url.searchParams.set('instance', this.instance);
      url.searchParams.set('after', String(this.lastSeq));
    }
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as FeedFrame));
    socket.on('error', () => undefined); // followed by close
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      if (!this.closed) setTimeout(() => this.closed || this.open(), RECONNECT_MS);
      this.notify();
    });
  }

  private receive(frame: FeedFrame): void {
    if (frame.event === 'hello') {
      this.hellos.push(frame.data);
      this.instance = frame.data.instance;
      this.lastSeq = frame.data.lastSeq;
      this.events.push(...frame.data.missed);
    } else if (frame.data.seq > this.lastSeq) {
      this.lastSeq = frame.data.seq;
      this.events.push(frame.data);
    }
    this.notify();
  }

  private until(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return false;
        finish();
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${this.origin}/ws after ${timeoutMs} ms: ${describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
