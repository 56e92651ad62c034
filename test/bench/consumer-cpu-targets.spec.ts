import type {
  ConsumerComparisonResult,
  ConsumerOutcome,
  ConsumerRun,
} from '../../bench/compare/consumer-comparison.part';
import { consumerCpuTargets } from '../../bench/compare/report/consumer-targets';

/** A verified run of 1,000 messages in 1 s that used `micros` µs of CPU per message. */
function run(rate: number, micros: number): ConsumerRun {
  const seconds = 1_000 / rate;
  return {
    messages: 1_000,
    rate,
    seconds,
    clientCpu: (micros * 1_000) / 1e6 / seconds,
    verification: {
      ok: true,
      expected: 1_000,
      received: 1_000,
      missing: 0,
      duplicates: 0,
      corrupt: 0,
    },
  } as ConsumerRun;
}

function outcome(name: string, concurrency: number, runs: ConsumerRun[]): ConsumerOutcome {
  return {
    name,
    label: name,
    concurrency,
    transport: 'http',
    settings: '',
    messages: 1_000,
    runs,
    errors: [],
  };
}

function result(outcomes: ConsumerOutcome[]): ConsumerComparisonResult {
  return {
    rounds: 2,
    server: 'kit',
    serverNode: 'v20',
    workloads: [{ title: 'no-op', handler: 'no-op', outcomes }],
  };
}

describe('the consumer CPU targets of npm run bench', () => {
  it('are met by the lean transport when the SDK one misses, and show both', () => {
    const [cpu, squiss] = consumerCpuTargets(
      result([
        outcome('kit-aws-c100', 100, [run(7_000, 150), run(7_000, 160)]),
        outcome('kit-aws-lean-c100', 100, [run(18_000, 50), run(18_000, 55)]),
        outcome('squiss-c100', 100, [run(6_000, 120), run(6_000, 120)]),
      ]),
    );
    expect(cpu.met).toBe(true);
    expect(cpu.measured).toContain('SDK transport (default) 155.0 µs');
    expect(cpu.measured).toContain("`awsTransport: 'lean'` 52.5 µs");
    expect(squiss.met).toBe(true);
    expect(squiss.measured).toContain('SDK transport (default): no-op c100');
  });

  it('are not met when neither transport meets them', () => {
    const [cpu, squiss] = consumerCpuTargets(
      result([
        outcome('kit-aws-c100', 100, [run(7_000, 150)]),
        outcome('kit-aws-lean-c100', 100, [run(5_000, 70)]),
        outcome('squiss-c100', 100, [run(6_000, 60)]),
      ]),
    );
    expect(cpu.met).toBe(false);
    expect(squiss.met).toBe(false);
  });

  it('count only verified runs', () => {
    const bad = { ...run(18_000, 40), verification: { ...run(1, 1).verification, ok: false } };
    const [cpu] = consumerCpuTargets(
      result([outcome('kit-aws-lean-c100', 100, [bad as ConsumerRun])]),
    );
    expect(cpu.met).toBe(false);
    expect(cpu.measured).toContain('no verified run');
  });
});
