import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchReport, OUTPUT_FILES, runBench } from '../../bench/compare/bench-runner';
import { BodyVerifier, makeBody } from '../../bench/compare/clients/body-verifier';
import { checkTargets } from '../../bench/compare/report/targets';
import {
  runServerComparison,
  type ServerComparisonResult,
  serverComparisonMarkdown,
} from '../../bench/compare/server-comparison.part';
import { kitServer, type ServerSpec } from '../../bench/compare/servers/server-process';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('npm run bench (quick mode code path, tiny N)', () => {
  let dir: string;
  let report: BenchReport;
  let markdown: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-quick-'));
    ({ report, markdown } = await runBench({
      quick: true,
      parts: ['server', 'in-process', 'consumers', 'latency', 'under-latency', 'fan-out'],
      outDir: dir,
      command: 'jest',
      sizes: {
        server: { n: 200, rounds: 1, latencySamples: 20 },
        inProcess: { n: 2_000, rounds: 1, backlogs: [1_000, 5_000], memoryMessages: 2_000 },
        consumers: { n: 200, rounds: 1, memoryN: 1_000, sleepN: 40 },
        latency: { n: 10, rounds: 1 },
        underLatency: { rounds: 1, seconds: 0.25, minMessages: 50 },
        fanOut: { rounds: 1, polls: 100, messages: 1_000 },
      },
    }));
  }, 180_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every part without a failure', () => {
    expect(report.failures).toEqual([]);
  });

  it('gets every body back from every emulator', () => {
    const runs = report.server?.servers.flatMap((s) => Object.values(s.runs).flat()) ?? [];
    expect(runs.length).toBe(6);
    expect(runs.every((r) => r?.verification.ok)).toBe(true);
  });

  it('gets every body to the handler of every consumer', () => {
    const runs =
      report.consumers?.workloads.flatMap((w) => w.outcomes.flatMap((c) => c.runs)) ?? [];
    // No-op: kit ×2, kit with the lean transport ×2, ssut ×2, sqs-consumer ×2, squiss-ts ×2,
    // memory ×2; sleep: kit ×2, ssut, sqs-consumer, squiss-ts ×2.
    expect(runs.length).toBe(18);
    expect(runs.every((r) => r?.verification.ok)).toBe(true);
  });

  it('drains every backlog under 25 ms per request once, with the queue empty', () => {
    const workloads = report.underLatency?.workloads ?? [];
    expect(workloads.map((w) => w.handlerMs)).toEqual([0, 50]);
    const runs = workloads.flatMap((w) => w.outcomes.flatMap((c) => c.runs));
    expect(runs.length).toBe(12);
    for (const r of runs) {
      expect(r?.problem).toBeUndefined();
      expect(r?.handled).toBe(r?.messages);
      expect(r?.left).toBe(0);
      // At least one receive and one delete request for every ten messages, about.
      expect(r?.requests.ReceiveMessage).toBeGreaterThan(0);
      expect(r?.requestsPerMessage).toBeGreaterThan(0.1);
    }
    const ours = workloads.flatMap((w) => w.outcomes.filter((c) => c.ours));
    expect(ours.map((c) => c.limit)).toEqual([800, 4_400, 200, expect.closeTo(1_466.7, 1)]);
  });

  it('fans messages out to the long polls with every one back and the queues empty', () => {
    const run = report.fanOut?.runs[0];
    expect(run).toMatchObject({ ok: true, distinct: 1_000, left: 0, polls: 100 });
    expect(run?.eventLoopMs.p99).toBeGreaterThan(0);
    expect(run?.listQueuesMs.count).toBeGreaterThan(0);
  });

  it('lists every target of issue 17 with what this run measured', () => {
    const targets = report.targets ?? [];
    const find = (text: string) => targets.find((t) => t.target.includes(text));
    for (const text of [
      '≥ 0.8× the physical limit',
      '≥ 10× the best peer at equal slots',
      'SQS requests per consumed message',
      'consumer CPU per message, aws backend, c100',
      'ahead of squiss-ts',
      '1,000,000 backlog ≥ 0.8×',
      'heap per queued 1 KiB message',
      'event-loop delay p99 ≤ 20 ms',
      'ListQueues p99 ≤ 20 ms',
    ]) {
      const t = find(text);
      expect(t?.measured).toBeTruthy();
      expect(t?.measured).not.toMatch(/NaN|undefined|part .* not run/);
    }
    // Measured in this run: a verdict each.
    for (const text of [
      'physical limit',
      'SQS requests',
      'aws backend, c100',
      'ahead of squiss-ts',
      'heap per',
      'event-loop',
      'ListQueues p99',
    ]) {
      expect(typeof find(text)?.met).toBe('boolean');
    }
    // The 1,000,000 backlog is not run here: no verdict.
    expect(find('1,000,000 backlog ≥ 0.8×')?.met).toBeUndefined();
    expect(find('ahead of squiss-ts')?.measured).toMatch(/no-op c10: .*no-op c100: /);
  });

  it('writes a markdown table for each part with the machine and date', async () => {
    const written = await readFile(join(dir, OUTPUT_FILES.markdown), 'utf8');
    expect(written).toBe(markdown);
    expect(written).toMatch(/\d+ cores .* Node v\d+/);
    expect(written).toContain(report.date);
    for (const heading of [
      '### Targets',
      '### Emulator over HTTP through `@aws-sdk/client-sqs`',
      '### Emulator over HTTP through a lean client',
      '### Emulator in-process',
      '### Consumers, no-op handler',
      '### Consumers, 10 ms-sleep handler',
      '### Send → handler start latency',
      '### Consumers under 25 ms per request',
      '### Long-poll fan-out',
    ]) {
      expect(written).toContain(heading);
    }
  });

  it('writes the three SVG charts as standalone SVG', async () => {
    for (const file of [
      OUTPUT_FILES.serverChart,
      OUTPUT_FILES.consumerChart,
      OUTPUT_FILES.backlogChart,
    ]) {
      const svg = await readFile(join(dir, file), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).not.toMatch(/NaN|undefined/);
    }
  });

  it('draws one bar per server in each throughput panel', async () => {
    const svg = await readFile(join(dir, OUTPUT_FILES.serverChart), 'utf8');
    // 2 clients × 2 phases × 3 servers
    expect(svg.match(/<rect x=/g)?.length).toBe(12);
  });
});

describe('body verification', () => {
  const bodies = (n: number) => Array.from({ length: n }, (_, i) => makeBody('run', i));

  it('passes when every body came back once', () => {
    const v = new BodyVerifier('run', 20);
    bodies(20).forEach((b) => v.add(b));
    expect(v.result()).toMatchObject({ ok: true, missing: 0, corrupt: 0 });
  });

  it('fails a run that lost one message', () => {
    const v = new BodyVerifier('run', 20);
    bodies(20)
      .filter((_, i) => i !== 13)
      .forEach((b) => v.add(b));
    expect(v.result()).toMatchObject({ ok: false, missing: 1 });
  });

  it('fails a run that returned a truncated body', () => {
    const v = new BodyVerifier('run', 3);
    const [a, b, c] = bodies(3);
    [a, b, c.slice(0, -1)].forEach((x) => v.add(x));
    expect(v.result()).toMatchObject({ ok: false, missing: 1, corrupt: 1 });
  });

  it('counts a body delivered twice as a duplicate, not a failure', () => {
    const v = new BodyVerifier('run', 2);
    const [a, b] = bodies(2);
    [a, b, a].forEach((x) => v.add(x));
    expect(v.result()).toMatchObject({ ok: true, duplicates: 1 });
  });
});

describe('a peer that loses a message', () => {
  const lossy: ServerSpec = {
    name: 'lossy',
    label: 'lossy-peer',
    args: ['-r', 'ts-node/register/transpile-only', 'test/bench/fixtures/lossy-sqs-server.ts'],
    how: 'test fixture',
  };
  let result: ServerComparisonResult;

  beforeAll(async () => {
    result = await runServerComparison({
      n: 100,
      rounds: 1,
      latencySamples: 5,
      modes: ['lean'],
      servers: [kitServer(), lossy],
    });
  }, 60_000);

  it('is reported as missing that message', () => {
    expect(result.servers[1].runs.lean?.[0]?.verification).toMatchObject({
      ok: false,
      missing: 1,
    });
  });

  it('shows the loss in the table and gets no ratio', () => {
    const row = serverComparisonMarkdown(result)
      .split('\n')
      .find((l) => l.startsWith('| lossy-peer'));
    expect(row).toContain('✗ 1 missing of 100');
    expect(row).toMatch(/\|\s+n\/a \|\s+n\/a \|/);
  });

  it('does not count as the fastest peer in the targets', () => {
    const check = checkTargets({ server: result }).find((c) => c.target.includes('lean'));
    expect(check?.measured).toContain('lossy-peer');
    expect(check?.measured).toMatch(/n\/a lossy-peer/);
    expect(check?.met).toBe(false);
  });
});
