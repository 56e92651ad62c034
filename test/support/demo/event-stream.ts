/** One parsed Server-Sent Event's JSON data. */
export type StreamEvent = Record<string, unknown> & { type: string };

/**
 * A Server-Sent Events client for tests: reads a stream over real HTTP (Node's fetch), keeps
 * every event, and lets a test wait for the ones it expects with a bounded timeout.
 */
export class EventStream {
  readonly events: StreamEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly controller = new AbortController();
  private ended = false;

  private constructor(private readonly url: string) {}

  /** Opens the stream and waits for its first event (the demo's `hello`). */
  static async open(url: string, timeoutMs = 3000): Promise<EventStream> {
    const stream = new EventStream(url);
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream' },
      signal: stream.controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
    void stream.read(response.body);
    await stream.waitFor((e) => e.type === 'hello', timeoutMs);
    return stream;
  }

  /** The first event (seen already or to come) that matches. */
  async waitFor(match: (event: StreamEvent) => boolean, timeoutMs = 3000): Promise<StreamEvent> {
    const [event] = await this.waitForAll(match, 1, timeoutMs);
    return event;
  }

  /** The first `count` events (seen already or to come) that match, in stream order. */
  waitForAll(
    match: (event: StreamEvent) => boolean,
    count: number,
    timeoutMs = 3000,
  ): Promise<StreamEvent[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.filter(match);
        if (found.length >= count) {
          done();
          resolve(found.slice(0, count));
          return true;
        }
        if (this.ended) {
          done();
          reject(new Error(`${this.url} ended after ${found.length} of ${count} events`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.events.map((e) => `${String(e.queue ?? '')} ${e.type}`).slice(-10);
        reject(
          new Error(
            `${this.url}: ${this.events.filter(match).length} of ${count} events after ` +
              `${timeoutMs} ms; last events: ${seen.join(', ')}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  /** Whether the server ended the stream. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Resolves when the server ends the stream. */
  async waitForEnd(timeoutMs = 3000): Promise<void> {
    if (this.ended) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.url} did not end`)), timeoutMs);
      const waiter = () => {
        if (!this.ended) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.notify();
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the stream has ended.
    }
    this.ended = true;
    this.notify();
  }

  private parse(block: string): void {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data) this.events.push(JSON.parse(data) as StreamEvent);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
