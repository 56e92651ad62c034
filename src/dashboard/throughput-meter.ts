import type { DashboardActivity } from './dashboard-source.interface';
import type { DashboardThroughput } from './dashboard-views.interface';

/** Seconds of history a sparkline shows. */
export const THROUGHPUT_WINDOW_SECONDS = 60;

/** Per-second counts of one queue, in a ring indexed by epoch second. */
class QueueSeries {
  readonly sent = new Array<number>(THROUGHPUT_WINDOW_SECONDS).fill(0);
  readonly deleted = new Array<number>(THROUGHPUT_WINDOW_SECONDS).fill(0);
  /** The epoch second the newest slot holds. */
  second = 0;

  /** Clears the slots of the seconds that passed since the last write. */
  advanceTo(second: number): void {
    const gap = Math.min(second - this.second, THROUGHPUT_WINDOW_SECONDS);
    for (let i = 1; i <= gap; i++) {
      const slot = (this.second + i) % THROUGHPUT_WINDOW_SECONDS;
      this.sent[slot] = 0;
      this.deleted[slot] = 0;
    }
    if (second > this.second) this.second = second;
  }
}

const EMPTY: DashboardThroughput = {
  sent: new Array<number>(THROUGHPUT_WINDOW_SECONDS).fill(0),
  deleted: new Array<number>(THROUGHPUT_WINDOW_SECONDS).fill(0),
};

/**
 * Counts sends and deletes per queue and second over the last minute, for the sparklines. O(1)
 * per event and no timer: slots of seconds without events are cleared when next touched.
 */
export class ThroughputMeter {
  private readonly queues = new Map<string, QueueSeries>();

  constructor(private readonly now: () => number = Date.now) {}

  record(queueName: string, activity: DashboardActivity): void {
    const series = this.current(queueName);
    // An event stamped in a past second (a clock step back) counts in the current one.
    series[activity][series.second % THROUGHPUT_WINDOW_SECONDS]++;
  }

  /**
   * Records `count` events known only to have happened between `sinceMs` and now (an estimate
   * from two polls), shared out over the seconds of that span in proportion to how much of each
   * second it covers, in whole events. Shares of seconds older than the window are dropped.
   */
  recordSpread(
    queueName: string,
    activity: DashboardActivity,
    count: number,
    sinceMs: number,
  ): void {
    if (!(count > 0)) return;
    const series = this.current(queueName);
    const slots = series[activity];
    const end = Math.max(this.now(), series.second * 1000);
    const start = Math.min(sinceMs, end);
    const span = end - start;
    if (span === 0) {
      slots[series.second % THROUGHPUT_WINDOW_SECONDS] += count;
      return;
    }
    // Seconds before the window get their share of the running total, but no slot.
    const first = Math.max(Math.floor(start / 1000), series.second - THROUGHPUT_WINDOW_SECONDS + 1);
    let given = Math.max(0, Math.round((count * (first * 1000 - start)) / span));
    for (let second = first; second <= series.second; second++) {
      const covered = Math.min(end, (second + 1) * 1000) - start;
      // Rounding the running total (not each share) keeps the shares summing to `count`.
      const total = Math.round((count * covered) / span);
      slots[second % THROUGHPUT_WINDOW_SECONDS] += total - given;
      given = total;
    }
  }

  /** The queue's series, moved on to the current second. */
  private current(queueName: string): QueueSeries {
    const second = Math.floor(this.now() / 1000);
    let series = this.queues.get(queueName);
    if (!series) {
      series = new QueueSeries();
      series.second = second;
      this.queues.set(queueName, series);
    }
    series.advanceTo(second);
    return series;
  }

  /** The last minute of a queue, oldest second first, ending with the current second. */
  series(queueName: string): DashboardThroughput {
    const series = this.queues.get(queueName);
    if (!series) return EMPTY;
    series.advanceTo(Math.floor(this.now() / 1000));
    const sent: number[] = [];
    const deleted: number[] = [];
    for (let i = THROUGHPUT_WINDOW_SECONDS - 1; i >= 0; i--) {
      const slot = (series.second - i + THROUGHPUT_WINDOW_SECONDS * 2) % THROUGHPUT_WINDOW_SECONDS;
      sent.push(series.sent[slot]);
      deleted.push(series.deleted[slot]);
    }
    return { sent, deleted };
  }
}
