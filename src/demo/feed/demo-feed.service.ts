import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import type { DemoMessageEvent, FeedResumePoint, QueueCounts } from './demo-event.interface';
import { EventRing, type RingReplay } from './event-ring';
import { QueueCounter } from './queue-counts';

/** An event as the SQS bridge publishes it: the feed numbers and counts it (and dates it). */
export type DemoFeedEntry = Omit<DemoMessageEvent, 'seq' | 'at' | 'counts'> & {
  readonly at?: string;
};

/** How many recent events a reconnecting page can catch up on. */
export const FEED_HISTORY = 1_000;

/** What a (re)connecting page gets: the events it missed, and whether they continue its own. */
export interface FeedCatchUp extends RingReplay<DemoMessageEvent> {
  readonly resumed: boolean;
}

/**
 * The notifier's live feed: the SQS bridge publishes here, the WebSocket gateway and the status
 * endpoint read it. Each event gets the next `seq` and carries its queue's counts with it
 * included, so a page shows counts and events in step; the latest {@link FEED_HISTORY} are kept,
 * so a page that lost its socket gets what it missed when it comes back. Completing it at shutdown
 * lets the gateway close its sockets.
 */
@Injectable()
export class DemoFeed implements OnModuleDestroy {
  /** This run of the notifier: `seq`s of another run mean nothing here. */
  readonly instance = randomUUID();
  readonly startedAt = new Date().toISOString();
  private readonly subject = new Subject<DemoMessageEvent>();
  private readonly counter = new QueueCounter();
  private readonly ring = new EventRing<DemoMessageEvent>(FEED_HISTORY);

  /** Every event from now on (past ones: {@link catchUp}). */
  readonly events$: Observable<DemoMessageEvent> = this.subject.asObservable();

  /** The newest event's `seq` (0 before the first). */
  get lastSeq(): number {
    return this.ring.lastSeq;
  }

  publish(entry: DemoFeedEntry): DemoMessageEvent {
    const counts = this.counter.record(entry.queue, entry.type);
    const event: DemoMessageEvent = {
      seq: this.ring.lastSeq + 1,
      at: entry.at ?? new Date().toISOString(),
      ...entry,
      counts,
    };
    this.ring.push(event);
    this.subject.next(event);
    return event;
  }

  /**
   * What a page coming back from `point` missed: the events after its `after` if it last heard
   * from this very notifier, else every event still kept (it missed a restart, or is new).
   */
  catchUp(point: FeedResumePoint): FeedCatchUp {
    const resumed = point.instance === this.instance && point.after !== undefined;
    const replay = this.ring.since(resumed ? (point.after as number) : 0);
    return { ...replay, resumed };
  }

  /** One logical queue's counts so far. */
  countsOf(queue: string): QueueCounts {
    return this.counter.of(queue);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
