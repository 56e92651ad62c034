import type { ClientRequest } from 'node:http';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * Counts the SQS requests this process sends through `node:http` (every `@aws-sdk/client-sqs`
 * client, whichever library built it), by action (`X-Amz-Target`, e.g. `ReceiveMessage`), from
 * Node's `http.client.request.start` diagnostics channel: no library is patched. The benches'
 * own lean client (undici) is not counted, so queue fills and leftover checks stay out.
 */
export class SdkRequestCounter {
  private readonly counts = new Map<string, number>();
  private readonly onRequest = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    const target = request.getHeader('x-amz-target');
    const action = typeof target === 'string' ? target.replace(/^AmazonSQS\./, '') : 'other';
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  };

  /** Starts counting (from zero). */
  start(): void {
    this.counts.clear();
    subscribe('http.client.request.start', this.onRequest);
  }

  /** Stops counting and returns the counts by action. */
  stop(): Record<string, number> {
    unsubscribe('http.client.request.start', this.onRequest);
    return Object.fromEntries(this.counts);
  }
}

/** The sum of counts by action. */
export function totalRequests(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
