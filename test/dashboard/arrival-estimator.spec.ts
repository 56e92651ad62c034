import type { DashboardQueueRef } from '../../src/dashboard/dashboard-source.interface';
import type { DashboardQueueCounts } from '../../src/dashboard/dashboard-views.interface';
import { ArrivalEstimator } from '../../src/dashboard/sources/arrival-estimator';

const orders: DashboardQueueRef = {
  id: 'orders',
  name: 'orders-physical',
  url: 'http://sqs/000000000000/orders-physical',
  arn: 'arn:aws:sqs:us-east-1:000000000000:orders-physical',
  fifo: false,
};

describe('arrival estimator (backends that report no sends)', () => {
  let estimator: ArrivalEstimator;
  beforeEach(() => (estimator = new ArrivalEstimator()));

  /** One poll at `at` ms seeing `visible` messages (or an error). */
  const poll = (at: number, visible: number | Error) => {
    const counts = new Map<string, DashboardQueueCounts | Error>([
      ['orders', visible instanceof Error ? visible : { visible, inflight: 0, delayed: 0 }],
    ]);
    return estimator.observe([orders], counts, at, estimator.processedSoFar());
  };

  it('takes the first poll as the baseline', () => {
    expect(poll(1_000, 7)).toEqual([]);
  });

  it('counts the growth of visible + in flight + delayed as arrivals since the last poll', () => {
    poll(1_000, 2);
    const counts = new Map([['orders', { visible: 3, inflight: 2, delayed: 1 }]]);
    expect(estimator.observe([orders], counts, 2_000, estimator.processedSoFar())).toEqual([
      { queueName: 'orders-physical', count: 4, since: 1_000 },
    ]);
  });

  it('adds what this application processed meanwhile', () => {
    poll(1_000, 5);
    for (let i = 0; i < 3; i++) estimator.processedOne('orders-physical');
    // 3 processed and deleted, 2 new: the queue went from 5 to 4.
    expect(poll(2_000, 4)).toEqual([{ queueName: 'orders-physical', count: 2, since: 1_000 }]);
  });

  it('reports nothing when the queue shrank (another consumer, a purge)', () => {
    poll(1_000, 10);
    expect(poll(2_000, 0)).toEqual([]);
  });

  it('does not count a processed message twice when its delete lands after the poll', () => {
    poll(1_000, 1);
    estimator.processedOne('orders-physical'); // processed, delete not yet reflected
    expect(poll(2_000, 1)).toEqual([{ queueName: 'orders-physical', count: 1, since: 1_000 }]);
    expect(poll(3_000, 0)).toEqual([]); // the delete lands: -1 is owed
    expect(poll(4_000, 1)).toEqual([]); // one real arrival pays it back
    expect(poll(5_000, 2)).toEqual([{ queueName: 'orders-physical', count: 1, since: 4_000 }]);
  });

  it('forgets what is owed after a few seconds, so other consumers hide little', () => {
    poll(1_000, 10);
    poll(2_000, 0); // another application took 10
    expect(poll(9_000, 3)).toEqual([{ queueName: 'orders-physical', count: 3, since: 2_000 }]);
  });

  it('ignores a poll that started before the last one seen (overlapping polls)', () => {
    poll(1_000, 0);
    poll(3_000, 5);
    expect(poll(2_000, 2)).toEqual([]);
    expect(poll(4_000, 6)).toEqual([{ queueName: 'orders-physical', count: 1, since: 3_000 }]);
  });

  it('starts over after a poll that failed', () => {
    poll(1_000, 0);
    poll(2_000, new Error('throttled'));
    expect(poll(3_000, 9)).toEqual([]);
  });
});
