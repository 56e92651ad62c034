import type { ConsumerComparisonResult } from '../consumer-comparison.part';
import { type FanOutResult, verifiedFanOutRuns } from '../fan-out.part';
import { ratio as fmtRatio, int, markdownTable, ms } from '../format.util';
import type { InProcessPartResult } from '../in-process.part';
import {
  type ServerComparisonResult,
  serverMicrosPerMessage,
  verifiedRates,
} from '../server-comparison.part';
import { pairedRatios, spread } from '../stats.util';
import type { UnderLatencyResult } from '../under-latency.part';
import { consumerCpuTargets, underLatencyTargets } from './consumer-targets';

/** One target of the issue and where we stand. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run. */
  readonly met: boolean | undefined;
}

export interface TargetInputs {
  readonly server?: ServerComparisonResult;
  readonly inProcess?: InProcessPartResult;
  readonly consumers?: ConsumerComparisonResult;
  readonly underLatency?: UnderLatencyResult;
  readonly fanOut?: FanOutResult;
}

/** Evaluates the issue's targets on what this run measured. */
export function checkTargets(r: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (r.server) {
    const [ours, ...peers] = r.server.servers;
    const live = peers.filter((p) => !p.unavailable);
    if (r.server.modes.includes('lean') && live.length > 0) {
      const oursRecv = verifiedRates(ours.runs.lean, (x) => x.receiveRate);
      const fastest = live
        .map((p) => ({ p, m: spread(verifiedRates(p.runs.lean, (x) => x.receiveRate)).median }))
        .sort((a, b) => (b.m || 0) - (a.m || 0))[0];
      const s = spread(
        pairedRatios(
          oursRecv,
          verifiedRates(fastest.p.runs.lean, (x) => x.receiveRate),
        ),
      );
      const cpu = (runs: Parameters<typeof serverMicrosPerMessage>[0]) =>
        serverMicrosPerMessage(runs, 'receive').toFixed(1);
      checks.push({
        target: 'server, lean client: receive+delete ≥ 5× the fastest peer',
        measured:
          `${fmtRatio(s)} ${fastest.p.label} (${int(spread(oursRecv).median)} vs ` +
          `${int(fastest.m)} msg/s; server CPU ${cpu(ours.runs.lean)} vs ` +
          `${cpu(fastest.p.runs.lean)} µs per message)`,
        met: s.n > 0 ? s.median >= 5 : false,
      });
    }
    if (r.server.modes.includes('sdk') && live.length > 0) {
      const parts: string[] = [];
      let met = true;
      for (const p of live) {
        for (const [phase, pick] of [
          ['send', (x: { sendRate: number }) => x.sendRate],
          ['receive+delete', (x: { receiveRate: number }) => x.receiveRate],
        ] as const) {
          const s = spread(
            pairedRatios(verifiedRates(ours.runs.sdk, pick), verifiedRates(p.runs.sdk, pick)),
          );
          if (!(s.n > 0 && s.median > 1)) met = false;
          parts.push(`${fmtRatio(s)} ${p.label} ${phase}`);
        }
      }
      checks.push({
        target: 'server, SDK client: ahead of every peer',
        measured: parts.join('; '),
        met,
      });
    }
  }
  if (r.inProcess && r.inProcess.backlogs.length > 0) {
    const medians = r.inProcess.backlogs.map((b) => ({ b: b.backlog, m: spread(b.rates).median }));
    const worst = medians.reduce((a, b) => (b.m < a.m ? b : a));
    const largest = Math.max(...medians.map((m) => m.b));
    checks.push({
      target: 'in-process ≥ 250,000 msg/s flat to a 1,000,000 backlog',
      measured:
        medians.map((m) => `${int(m.m)} at ${int(m.b)}`).join(', ') +
        (largest < 1_000_000 ? ' (1M backlog not run)' : ''),
      met: largest < 1_000_000 ? undefined : worst.m >= 250_000,
    });
  }
  if (r.consumers) {
    const noop = r.consumers.workloads[0];
    const find = (name: string) => noop?.outcomes.find((c) => c.name === name);
    const rates = (name: string) =>
      (find(name)?.runs ?? []).map((x) => (x && x.verification.ok ? x.rate : Number.NaN));
    const ours = find('kit-aws-c10');
    for (const peer of ['ssut', 'ssut-batch']) {
      if (!ours || !find(peer)) continue;
      const s = spread(pairedRatios(rates('kit-aws-c10'), rates(peer)));
      checks.push({
        target: `consumer ≥ 3× ${find(peer)?.label} at concurrency 10`,
        measured: `${fmtRatio(s)} (${int(spread(rates('kit-aws-c10')).median)} vs ${int(spread(rates(peer)).median)} msg/s)`,
        met: s.n > 0 ? s.median >= 3 : false,
      });
    }
    const memory = ['kit-memory-c10', 'kit-memory-c100'].filter((n) => find(n));
    if (memory.length > 0) {
      const ms = memory.map((n) => ({ n, m: spread(rates(n)).median }));
      checks.push({
        target: 'memory backend ≥ 100,000 msg/s',
        measured: ms.map((x) => `${int(x.m)} (c${x.n.split('-c')[1]})`).join(', '),
        met: ms.every((x) => x.m >= 100_000),
      });
    }
  }
  checks.push(...issue17Targets(r));
  return checks;
}

/** 1 KiB × 1.2: the heap a queued 1 KiB message may take, bytes. */
const MAX_HEAP_PER_MESSAGE = 1_228.8;
const MAX_P99_MS = 20;

/**
 * Issue 17's targets, each listed whether or not its part ran (`met: undefined` when it did not,
 * or when this run lacks what the target needs, e.g. the 1,000,000 backlog in quick mode).
 */
function issue17Targets(r: TargetInputs): TargetCheck[] {
  const checks = [...underLatencyTargets(r.underLatency), ...consumerCpuTargets(r.consumers)];
  const backlogTarget = 'in-process: msg/s at a 1,000,000 backlog ≥ 0.8× at a 1,000 backlog';
  const heapTarget = 'heap per queued 1 KiB message ≤ 1.2 KiB (1,228.8 bytes)';
  if (!r.inProcess) {
    checks.push(notRun(backlogTarget, 'in-process'), notRun(heapTarget, 'in-process'));
  } else {
    const at = (n: number) => r.inProcess?.backlogs.find((b) => b.backlog === n);
    const small = at(1_000);
    const large = at(1_000_000);
    const s = small ? spread(small.rates).median : Number.NaN;
    const l = large ? spread(large.rates).median : Number.NaN;
    checks.push({
      target: backlogTarget,
      measured:
        small && large
          ? `${(l / s).toFixed(2)}× (${int(l)} vs ${int(s)} msg/s)`
          : `not measured (backlog ${small ? '1,000,000' : '1,000'} not run)`,
      met: small && large ? l / s >= 0.8 : undefined,
    });
    const bytes = r.inProcess.bytesPerMessage;
    checks.push({
      target: heapTarget,
      measured: bytes === null ? 'not measured (no --expose-gc)' : `${int(bytes)} bytes`,
      met: bytes === null ? undefined : bytes <= MAX_HEAP_PER_MESSAGE,
    });
  }
  const loopTarget = `long-poll fan-out: the server's event-loop delay p99 ≤ ${MAX_P99_MS} ms`;
  const listTarget = `long-poll fan-out: ListQueues p99 ≤ ${MAX_P99_MS} ms meanwhile`;
  if (!r.fanOut) {
    checks.push(notRun(loopTarget, 'fan-out'), notRun(listTarget, 'fan-out'));
  } else {
    const f = r.fanOut;
    const ok = verifiedFanOutRuns(f);
    const load = `${int(f.polls)} polls, ${int(f.messages)} messages at ${int(f.rate)} msg/s`;
    for (const [target, pick] of [
      [loopTarget, (x: (typeof ok)[number]) => x.eventLoopMs.p99],
      [listTarget, (x: (typeof ok)[number]) => x.listQueuesMs.p99],
    ] as const) {
      const s = spread(ok.map(pick));
      checks.push({
        target,
        measured:
          s.n > 0
            ? `${ms(s.median)} ms` +
              (s.n > 1 ? ` (${ms(s.min)}–${ms(s.max)})` : '') +
              `, ${s.n} of ${f.rounds} round(s) verified; ${load}`
            : `n/a: no round got every message back with the queues empty (${load})`,
        met: s.n > 0 ? s.median <= MAX_P99_MS : false,
      });
    }
  }
  return checks;
}

function notRun(target: string, part: string): TargetCheck {
  return { target, measured: `not measured (part ${part} not run)`, met: undefined };
}

/** Markdown table of the targets. */
export function targetsMarkdown(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ['target', 'this run', 'met'],
    ['left', 'left', 'left'],
    checks.map((c) => [
      c.target,
      c.measured,
      c.met === undefined ? 'not measured' : c.met ? 'yes' : 'no',
    ]),
  );
}
