/**
 * Issue 17's consumer targets: under 25 ms per request (part 5), and with no added latency
 * (part 3). A target whose part was not run is listed with `met: undefined`.
 */
import type { HttpDrainRun } from '../../consumer-latency-http.bench';
import {
  type ConsumerComparisonResult,
  type ConsumerRun,
  cpuMicrosPerMessage,
} from '../consumer-comparison.part';
import { ratio as fmtRatio, int } from '../format.util';
import { pairedRatios, type Spread, spread } from '../stats.util';
import {
  LIMIT_FORMULA,
  type UnderLatencyOutcome,
  type UnderLatencyResult,
  verifiedLatencyRates,
} from '../under-latency.part';
import type { TargetCheck } from './targets';

const LIMIT_SHARE = 0.8;
const PEER_FACTOR = 10;
const MAX_REQUESTS_PER_MESSAGE = 0.25;
const MAX_CPU_MICROS = 60;

const handlerName = (ms: number) => (ms === 0 ? 'no-op' : `${ms} ms`);
const notRun = (target: string, part: string): TargetCheck => ({
  target,
  measured: `not measured (part ${part} not run)`,
  met: undefined,
});

/** Part 5's targets: share of the limit, × the best peer at equal slots, requests per message. */
export function underLatencyTargets(r: UnderLatencyResult | undefined): TargetCheck[] {
  const latency = r?.latencyMs ?? 25;
  const limitTarget =
    `${latency} ms per request (emulator --latency): ours ≥ ${LIMIT_SHARE}× the physical limit ` +
    'of its settings, min(c / h, (c + p) / (rt + h))';
  const peerTarget =
    `${latency} ms per request: ours ≥ ${PEER_FACTOR}× the best peer at equal slots ` +
    `(@ssut/nestjs-sqs, sqs-consumer, squiss-ts), where our limit is ≥ ${PEER_FACTOR}× its rate`;
  const requestsTarget =
    `${latency} ms per request, 50 ms handler, c10 and c100: ≤ ${MAX_REQUESTS_PER_MESSAGE} SQS ` +
    'requests per consumed message';
  if (!r) {
    return [limitTarget, peerTarget, requestsTarget].map((t) => notRun(t, 'under-latency'));
  }
  const limitParts: string[] = [];
  const peerParts: string[] = [];
  const requestParts: string[] = [];
  let limitMet = true;
  let peerMet = true;
  let peerApplicable = 0;
  let requestsMet = true;
  let requestsSeen = 0;
  for (const w of r.workloads) {
    const peers = w.outcomes.filter((c) => !c.ours);
    for (const ours of w.outcomes.filter((c) => c.ours)) {
      const where = `${handlerName(w.handlerMs)} c${ours.concurrency}`;
      const mine = verifiedLatencyRates(ours.runs);
      const s = spread(mine);
      const limit = ours.limit ?? Number.NaN;
      const share = s.median / limit;
      if (!(s.n > 0 && share >= LIMIT_SHARE)) limitMet = false;
      limitParts.push(
        `${where} ${s.n > 0 ? `${int(s.median)} of ${int(limit)} (${Math.round(share * 100)}%)` : 'n/a (no verified run)'}`,
      );
      const vsPeer = peerComparison(ours, peers, mine, limit);
      peerParts.push(`${where} ${vsPeer.text}`);
      if (vsPeer.counted) {
        peerApplicable++;
        if (!(vsPeer.ratio.n > 0 && vsPeer.ratio.median >= PEER_FACTOR)) peerMet = false;
      }
      if (w.handlerMs === 50) {
        requestsSeen++;
        const ok = verifiedRuns(ours.runs);
        const perMessage = spread(ok.map((x) => x.requestsPerMessage));
        if (!(perMessage.n > 0 && perMessage.median <= MAX_REQUESTS_PER_MESSAGE)) {
          requestsMet = false;
        }
        requestParts.push(`c${ours.concurrency} ${requestsBreakdown(ok, perMessage.median)}`);
      }
    }
  }
  const anyOurs = limitParts.length > 0;
  return [
    {
      target: limitTarget,
      measured: anyOurs
        ? `${limitParts.join('; ')} (${LIMIT_FORMULA} = ${latency} ms)`
        : 'no run of ours',
      met: anyOurs ? limitMet : undefined,
    },
    {
      target: peerTarget,
      measured:
        (anyOurs ? peerParts.join('; ') : 'no run of ours') +
        (peerApplicable === 0 && anyOurs ? ' (the limit allows 10× nowhere in this run)' : ''),
      met: peerApplicable > 0 ? peerMet : undefined,
    },
    {
      target: requestsTarget,
      measured: requestsSeen > 0 ? requestParts.join('; ') : 'the 50 ms handler was not run',
      met: requestsSeen > 0 ? requestsMet : undefined,
    },
  ];
}

function verifiedRuns(runs: readonly (HttpDrainRun | null)[]): HttpDrainRun[] {
  return runs.filter((x): x is HttpDrainRun => x !== null && x.problem === undefined);
}

/** The fastest peer (median of verified runs) with `slots` messages in handlers at most. */
function bestPeer(
  peers: readonly UnderLatencyOutcome[],
  slots: number,
): UnderLatencyOutcome | undefined {
  return peers
    .filter((p) => p.concurrency === slots)
    .map((p) => ({ p, m: spread(verifiedLatencyRates(p.runs)).median }))
    .filter((x) => Number.isFinite(x.m))
    .sort((a, b) => b.m - a.m)[0]?.p;
}

/**
 * Ours against the fastest peer at equal slots, paired per round: "12.3× squiss-ts (4,100 vs 333
 * msg/s)". Counted only where our limit is at least 10× that peer's rate.
 */
function peerComparison(
  ours: UnderLatencyOutcome,
  peers: readonly UnderLatencyOutcome[],
  mine: readonly number[],
  limit: number,
): { text: string; counted: boolean; ratio: Spread } {
  const best = bestPeer(peers, ours.concurrency);
  if (!best) {
    return {
      text: `no peer with ${ours.concurrency} slots verified (not counted)`,
      counted: false,
      ratio: spread([]),
    };
  }
  const theirs = verifiedLatencyRates(best.runs);
  const peerRate = spread(theirs).median;
  const ratio = spread(pairedRatios(mine, theirs));
  const allows = limit / peerRate;
  const text = `${fmtRatio(ratio)} ${best.label} (${int(spread(mine).median)} vs ${int(peerRate)} msg/s)`;
  return allows >= PEER_FACTOR
    ? { text, counted: true, ratio }
    : {
        text: `${text}; the limit allows ${allows.toFixed(1)}× (not counted)`,
        counted: false,
        ratio,
      };
}

/** "0.210 (ReceiveMessage 0.100, DeleteMessageBatch 0.100, other 0.010)". */
function requestsBreakdown(ok: readonly HttpDrainRun[], total: number): string {
  if (ok.length === 0) return 'n/a (no verified run)';
  const actions = [...new Set(ok.flatMap((x) => Object.keys(x.requests)))].sort();
  const per = actions.map(
    (a) => [a, spread(ok.map((x) => (x.requests[a] ?? 0) / x.messages)).median] as const,
  );
  return `${total.toFixed(3)} (${per.map(([a, v]) => `${a} ${v.toFixed(3)}`).join(', ')})`;
}

/** Our two transports on the aws backend, as the line-ups name them: the default first. */
const OUR_TRANSPORTS = [
  { name: 'kit-aws', label: 'SDK transport (default)' },
  { name: 'kit-aws-lean', label: "`awsTransport: 'lean'`" },
] as const;

/**
 * Part 3's targets: our CPU per message at c100, and ahead of squiss-ts at equal slots. Each is
 * shown for both transports and met when either meets it (the lean one is a documented option).
 */
export function consumerCpuTargets(r: ConsumerComparisonResult | undefined): TargetCheck[] {
  const cpuTarget = `no added latency: consumer CPU per message, aws backend, c100, no-op handler ≤ ${MAX_CPU_MICROS} µs`;
  const squissTarget =
    'no added latency: ahead of squiss-ts at equal slots (c10, c100) in msg/s and CPU per message';
  if (!r) return [cpuTarget, squissTarget].map((t) => notRun(t, 'consumers'));
  const verified = (runs: readonly (ConsumerRun | null)[]) =>
    runs.map((x) => (x && x.verification.ok ? x : null));
  const noop = r.workloads[0];
  const cpuParts: string[] = [];
  let cpuMet: boolean | undefined;
  for (const t of OUR_TRANSPORTS) {
    const c100 = noop?.outcomes.find((c) => c.name === `${t.name}-c100`);
    if (!c100) continue;
    const cpu = spread(verified(c100.runs).map((x) => (x ? cpuMicrosPerMessage(x) : Number.NaN)));
    cpuParts.push(
      `${t.label} ` +
        (cpu.n > 0
          ? `${cpu.median.toFixed(1)} µs` +
            (cpu.n > 1 ? ` (${cpu.min.toFixed(1)}–${cpu.max.toFixed(1)})` : '')
          : 'n/a (no verified run)'),
    );
    cpuMet = (cpuMet ?? false) || (cpu.n > 0 && cpu.median <= MAX_CPU_MICROS);
  }
  const checks: TargetCheck[] = [
    {
      target: cpuTarget,
      measured: cpuParts.length > 0 ? cpuParts.join('; ') : 'kit-aws-c100 not in the line-up',
      met: cpuMet,
    },
  ];
  let squissMet: boolean | undefined;
  const squissParts: string[] = [];
  for (const t of OUR_TRANSPORTS) {
    const parts: string[] = [];
    let met = true;
    for (const w of r.workloads) {
      for (const slots of [10, 100]) {
        const ours = w.outcomes.find((c) => c.name === `${t.name}-c${slots}`);
        const squiss = w.outcomes.find((c) => c.name === `squiss-c${slots}`);
        if (!ours || !squiss) continue;
        const a = verified(ours.runs);
        const b = verified(squiss.runs);
        const rate = spread(
          pairedRatios(
            a.map((x) => x?.rate ?? Number.NaN),
            b.map((x) => x?.rate ?? Number.NaN),
          ),
        );
        const cpuA = a.map((x) => (x ? cpuMicrosPerMessage(x) : Number.NaN));
        const cpuB = b.map((x) => (x ? cpuMicrosPerMessage(x) : Number.NaN));
        const cpuRatio = spread(pairedRatios(cpuA, cpuB));
        if (!(rate.n > 0 && rate.median > 1 && cpuRatio.n > 0 && cpuRatio.median < 1)) met = false;
        parts.push(
          `${w.handler} c${slots}: ${fmtRatio(rate)} msg/s, CPU/msg ${fmtRatio(cpuRatio)} ` +
            `(${spread(cpuA).median.toFixed(1)} vs ${spread(cpuB).median.toFixed(1)} µs)`,
        );
      }
    }
    if (parts.length === 0) continue;
    squissParts.push(`${t.label}: ${parts.join('; ')}`);
    squissMet = (squissMet ?? false) || met;
  }
  checks.push({
    target: squissTarget,
    measured: squissParts.length > 0 ? squissParts.join(' — ') : 'squiss-ts not in the line-up',
    met: squissMet,
  });
  return checks;
}
