import { drainUnderLatency, physicalLimit } from '../../bench/consumer-latency.bench';

describe('bench:latency (its code path, a small backlog)', () => {
  it('states the limit of a consumer’s settings', () => {
    // 10 workers and 10 prefetched cycle once per 25 ms round trip; 50 ms handlers cap 10 at 200/s.
    expect(physicalLimit(10, 10, 0, 25)).toBe(800);
    expect(physicalLimit(10, 10, 50, 25)).toBe(200);
    expect(physicalLimit(100, 10, 50, 25)).toBeCloseTo(1466.7, 1);
  });

  it('drains every message once, in about one receive and one delete request per ten', async () => {
    // Handlers that end one by one (50 ms of I/O each) fragmented receives and deletes before the
    // prefetch and the batch filling: 0.69 requests per message.
    const run = await drainUnderLatency(10, undefined, 50, 100);
    expect(run.correct).toBe(true);
    expect(run.messages).toBe(100);
    expect(run.prefetch).toBe(10);
    expect(run.requestsPerMessage).toBeLessThanOrEqual(0.3);
    expect(run.receivesPer10).toBeGreaterThanOrEqual(1);
  });
});
