import type { ConsumerComparisonResult } from '../consumer-comparison.part';
import { ratio as fmtRatio, int, markdownTable } from '../format.util';
import type { InProcessPartResult } from '../in-process.part';
import {
  type ServerComparisonResult,
  serverMicrosPerMessage,
  verifiedRates,
} from '../server-comparison.part';
import { pairedRatios, spread } from '../stats.util';

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
}

/** Evaluates the targets on what this run measured. */
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
  return checks;
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
