import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import type { DemoMessageEvent, QueueCounts } from './demo-event.interface';
import { QueueCounter } from './queue-counts';

/** An event as producers and the SQS bridge publish it: the feed numbers, dates and counts it. */
export type DemoFeedEntry = Omit<DemoMessageEvent, 'seq' | 'at' | 'counts'>;

/**
 * The demo's live feed: producers and the SQS event bridge publish here, the SSE endpoint and
 * the stats read it. Each event carries its queue's counts with it included, so a page shows
 * counts and events in step. Completing it at shutdown ends open event streams, so the HTTP
 * server can close.
 */
@Injectable()
export class DemoFeed implements OnModuleDestroy {
  private readonly subject = new Subject<DemoMessageEvent>();
  private readonly counter = new QueueCounter();
  private seq = 0;
  /** Sends in flight, and the consumer events waiting for them to be announced. */
  private sending = 0;
  private readonly held: DemoFeedEntry[] = [];

  /** Every event from now on (no replay). */
  readonly events$: Observable<DemoMessageEvent> = this.subject.asObservable();

  /** Publishes what a consumer did; while a send is in flight, right after it (see `send`). */
  publish(event: DemoFeedEntry): void {
    if (this.sending > 0) this.held.push(event);
    else this.emit(event);
  }

  /**
   * Runs a send and publishes the `sent` events its result makes. A consumer can receive a
   * message before the producer's call returns its id, so consumer events published meanwhile
   * wait until every send in flight is announced: on the feed a message is sent, then received.
   */
  async send<T>(call: () => Promise<T>, sent: (result: T) => readonly DemoFeedEntry[]): Promise<T> {
    this.sending++;
    try {
      const result = await call();
      for (const event of sent(result)) this.emit(event);
      return result;
    } finally {
      if (--this.sending === 0) for (const event of this.held.splice(0)) this.emit(event);
    }
  }

  /** One logical queue's counts so far. */
  countsOf(queue: string): QueueCounts {
    return this.counter.of(queue);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }

  private emit(event: DemoFeedEntry): void {
    const counts = this.counter.record(event.queue, event.type);
    this.subject.next({ seq: ++this.seq, at: new Date().toISOString(), ...event, counts });
  }
}
