import type { HttpDrainRun } from '../../bench/consumer-latency-http.bench';
import { underLatencyTargets } from '../../bench/compare/report/consumer-targets';
import type {
  UnderLatencyOutcome,
  UnderLatencyResult,
} from '../../bench/compare/under-latency.part';
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

describe('the targets of consumers under latency', () => {
  const run = (rate: number | undefined, requestsPerMessage = 0.2): HttpDrainRun => ({
    handlerMs: 0,
    messages: 100,
    msgPerSecond: rate,
    seconds: 1,
    cpuMicrosPerMessage: 50,
    requests: { ReceiveMessage: 10, DeleteMessageBatch: requestsPerMessage * 100 - 10 },
    requestsPerMessage,
    handled: 100,
    duplicates: 0,
    left: rate === undefined ? 3 : 0,
    problem: rate === undefined ? '3 left in the queue' : undefined,
  });
  const outcome = (
    name: string,
    concurrency: number,
    runs: HttpDrainRun[],
    limit?: number,
  ): UnderLatencyOutcome => ({
    name,
    label: name,
    concurrency,
    settings: '',
    ours: limit !== undefined,
    ...(limit !== undefined ? { limit } : {}),
    messages: 100,
    runs,
    errors: [],
  });
  const result = (workloads: UnderLatencyResult['workloads']): UnderLatencyResult => ({
    latencyMs: 25,
    rounds: 2,
    server: 'kit',
    serverNode: process.version,
    workloads,
  });

  it('are listed unmeasured when the part did not run', () => {
    const checks = underLatencyTargets(undefined);
    expect(checks).toHaveLength(3);
    expect(checks.every((c) => c.met === undefined && c.measured.includes('not run'))).toBe(true);
  });

  it('hold ours to 10× the best peer only where the limit allows it', () => {
    const [limit, peer, requests] = underLatencyTargets(
      result([
        {
          handlerMs: 0,
          outcomes: [
            // c10: our limit (800) is only 2.3× the best peer (350): the 2× is not counted.
            outcome('kit-aws-c10', 10, [run(700), run(700)], 800),
            outcome('kit-aws-c100', 100, [run(4_000), run(4_100)], 4_400),
            outcome('ssut-batch', 10, [run(170), run(180)]),
            outcome('squiss-c10', 10, [run(350), run(350)]),
            // c100: limit 4,400 is 11× squiss-ts (400): counted, 10.0×–10.25× met.
            outcome('squiss-c100', 100, [run(400), run(400)]),
          ],
        },
      ]),
    );
    expect(limit.met).toBe(true);
    expect(limit.measured).toContain('no-op c100 4,050 of 4,400 (92%)');
    expect(peer.met).toBe(true);
    expect(peer.measured).toMatch(
      /no-op c10 2\.00× \(2\.00–2\.00\) squiss-c10 .*limit allows 2\.3× \(not counted\)/,
    );
    expect(peer.measured).toMatch(/no-op c100 10\.1× \(10\.0–10\.3\) squiss-c100 \(4,050 vs 400/);
    // No 50 ms handler in this run.
    expect(requests.met).toBeUndefined();
  });

  it('fail a run that left messages, and count requests per message with the 50 ms handler', () => {
    const [limit, , requests] = underLatencyTargets(
      result([
        {
          handlerMs: 50,
          outcomes: [
            outcome('kit-aws-c10', 10, [run(190, 0.22), run(undefined, 0.2)], 200),
            outcome('kit-aws-c100', 100, [run(1_400, 0.3), run(1_400, 0.3)], 1_466.7),
          ],
        },
      ]),
    );
    expect(limit.met).toBe(true);
    expect(requests.met).toBe(false);
    // The failed run's 0.2 does not count.
    expect(requests.measured).toContain('c10 0.220');
    expect(requests.measured).toContain('c100 0.300');
  });
});
