import type { DashboardConsumerError, DashboardHandlerView } from '../dashboard-views.interface';

interface Tally {
  processed: number;
  failed: number;
  lastError?: DashboardConsumerError;
}

/**
 * Per-handler counts, from the module's `messageProcessed` and `messageFailed` events (the
 * consumers' own status counts per queue only). Counting starts when the dashboard is mounted,
 * before consumers start, so it covers the application's life like the per-queue counts.
 */
export class HandlerTally {
  private readonly byQueue = new Map<string, Map<string, Tally>>();

  processed(queue: string, handler: string): void {
    this.tally(queue, handler).processed++;
  }

  failed(queue: string, handler: string, lastError: DashboardConsumerError): void {
    const tally = this.tally(queue, handler);
    tally.failed++;
    tally.lastError = lastError;
  }

  /**
   * A view per handler of `queue`, in the consumer's order. Handlers that share a name (one
   * method with several `@SqsHandler`s) are one row: the events name the method only.
   */
  views(queue: string, handlers: readonly string[]): DashboardHandlerView[] {
    const tallies = this.byQueue.get(queue);
    return [...new Set(handlers)].map((handler): DashboardHandlerView => {
      const t = tallies?.get(handler);
      return {
        handler,
        processed: t?.processed ?? 0,
        failed: t?.failed ?? 0,
        ...(t?.lastError ? { lastError: t.lastError } : {}),
      };
    });
  }

  private tally(queue: string, handler: string): Tally {
    let tallies = this.byQueue.get(queue);
    if (!tallies) this.byQueue.set(queue, (tallies = new Map()));
    let t = tallies.get(handler);
    if (!t) tallies.set(handler, (t = { processed: 0, failed: 0 }));
    return t;
  }
}
