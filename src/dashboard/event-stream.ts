import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMON_HEADERS } from './http/respond';

// A client this far behind (a stalled tab, a slow link) is dropped; EventSource reconnects.
const MAX_BUFFERED_BYTES = 1024 * 1024;
const RETRY_MS = 2_000;

/**
 * Server-Sent Events: every connected page gets the same `state` event each interval. Only one
 * snapshot is built per tick, whatever the number of clients, none while nobody listens, and a
 * slow snapshot (Amazon SQS round trips) is never overlapped by the next.
 */
export class DashboardEventStream {
  private readonly clients = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly snapshot: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Turns a request into an event stream. */
  open(req: IncomingMessage, res: ServerResponse): void {
    if (this.closed) {
      res.writeHead(503, COMMON_HEADERS).end();
      return;
    }
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.clients.add(res);
    res.once('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopTimer();
    });
    this.timer ??= setInterval(() => void this.push(), this.intervalMs);
    this.timer.unref?.();
    void this.push();
  }

  /** Pushes a fresh state now (after an action), besides the regular ticks. */
  poke(): void {
    if (this.clients.size > 0) void this.push();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream and stops ticking. */
  close(): void {
    this.closed = true;
    this.stopTimer();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private push(): Promise<void> {
    if (this.running) {
      // One more snapshot after the running one, so a poke is never lost.
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const data = JSON.stringify(await this.snapshot());
          const frame = `event: state\ndata: ${data}\n\n`;
          for (const res of this.clients) {
            if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
            else res.write(frame);
          }
        } while (this.again && this.clients.size > 0);
      } catch (error) {
        this.onError(error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
