import type { DashboardQueueRef } from '../dashboard-source.interface';
import type { DashboardQueueCounts } from '../dashboard-views.interface';

/** Messages that arrived in a queue between two polls of its counts. */
export interface EstimatedArrivals {
  readonly queueName: string;
  readonly count: number;
  /** When the previous poll was (epoch ms): the arrivals happened between then and now. */
  readonly since: number;
}

interface Poll {
  readonly at: number;
  readonly total: number;
  readonly processed: number;
  /** Arrivals counted too early, still to be taken off later ones (see `observe`)... */
  readonly owed: number;
  /** ...since this poll (epoch ms); forgotten `OWED_FOR_MS` after. */
  readonly owedSince: number;
}

// How long a negative estimate may cancel later arrivals: long enough for this application's
// deletes to reach the counts, short enough that other consumers' deletions hide little.
const OWED_FOR_MS = 5_000;

/**
 * Estimates the messages arriving in each queue where the backend reports no sends (Amazon SQS,
 * or any SQS server behind the `aws` backend): between two polls of the approximate counts,
 * arrivals = growth of visible + in flight + delayed, plus the messages this application's
 * consumers processed meanwhile (each had arrived and has left). Never below zero.
 *
 * Mostly a lower bound: messages that left some other way in the same interval (taken by
 * another application, dead-lettered, expired, purged) hide as many arrivals. A message this
 * application processed counts at once, while the queue's counts drop only when its delete lands
 * (and SQS's approximate counts may lag): the interval where the drop shows then comes out
 * negative, and that is taken off the arrivals of the next few seconds, so such a message is not
 * counted as an arrival twice. A dead-letter queue's arrivals are its dead-lettered messages; a
 * redrive shows as arrivals in the destination.
 */
export class ArrivalEstimator {
  private readonly polls = new Map<string, Poll>();
  private readonly processed = new Map<string, number>();

  /** One message of `queueName` processed (and being deleted) by this application. */
  processedOne(queueName: string): void {
    this.processed.set(queueName, (this.processed.get(queueName) ?? 0) + 1);
  }

  /** What `processedOne` counted so far: taken when a poll starts, given to `observe`. */
  processedSoFar(): ReadonlyMap<string, number> {
    return new Map(this.processed);
  }

  /**
   * Takes the counts of a poll started at `startedAt` (with `processedAtStart` taken then) and
   * returns the arrivals since each queue's previous poll. A poll older than the last one seen
   * (two polls overlapping) is ignored; a queue whose counts failed starts over.
   */
  observe(
    refs: readonly DashboardQueueRef[],
    counts: ReadonlyMap<string, DashboardQueueCounts | Error>,
    startedAt: number,
    processedAtStart: ReadonlyMap<string, number>,
  ): EstimatedArrivals[] {
    const out: EstimatedArrivals[] = [];
    for (const ref of refs) {
      const count = counts.get(ref.id);
      if (count === undefined || count instanceof Error) {
        this.polls.delete(ref.name);
        continue;
      }
      const previous = this.polls.get(ref.name);
      if (previous && previous.at > startedAt) continue;
      const total = count.visible + count.inflight + count.delayed;
      const processed = processedAtStart.get(ref.name) ?? 0;
      if (!previous) {
        // The first poll is the baseline.
        this.polls.set(ref.name, { at: startedAt, total, processed, owed: 0, owedSince: 0 });
        continue;
      }
      const owing = previous.owed > 0 && startedAt - previous.owedSince <= OWED_FOR_MS;
      const net =
        total - previous.total + (processed - previous.processed) - (owing ? previous.owed : 0);
      this.polls.set(ref.name, {
        at: startedAt,
        total,
        processed,
        owed: Math.max(0, -net),
        owedSince: owing ? previous.owedSince : startedAt,
      });
      if (net > 0) out.push({ queueName: ref.name, count: net, since: previous.at });
    }
    return out;
  }
}
