import type { WorkloadResult } from '../clients/phase.util';
import type { ConsumerComparisonResult, ConsumerRun } from '../consumer-comparison.part';
import type { InProcessPartResult } from '../in-process.part';
import type { ClientMode, ServerComparisonResult } from '../server-comparison.part';
import { verifiedRates } from '../server-comparison.part';
import { spread } from '../stats.util';
import { type UnderLatencyResult, verifiedLatencyRates } from '../under-latency.part';
import { type Bar, barChart, lineChart, PALETTE } from './svg-chart';

const MODE: Record<ClientMode, string> = { sdk: 'SDK client', lean: 'lean client' };
/** One colour per library, a lighter one for its batch-handler variant. */
const LIBRARY_COLORS: Record<string, string> = {
  'kit-aws': PALETTE[0],
  'kit-aws-lean': '#5FA8D3',
  'kit-memory': PALETTE[4],
  ssut: PALETTE[1],
  'ssut-batch': '#F3CF80',
  'sqs-consumer': PALETTE[2],
  'sqs-consumer-batch': '#80CFB9',
  squiss: PALETTE[3],
};
const PHASES: readonly (readonly [string, (x: WorkloadResult) => number])[] = [
  ['send (SendMessageBatch)', (x) => x.sendRate],
  ['receive + delete (ReceiveMessage 10 + DeleteMessageBatch)', (x) => x.receiveRate],
];

/** Part 1 as bars: per client and phase, one bar per server. */
export function serverThroughputSvg(r: ServerComparisonResult): string {
  const panels = r.modes.flatMap((mode) =>
    PHASES.map(([phase, pick]) => ({
      title: `${MODE[mode]} — ${phase}`,
      bars: r.servers.map((s, i): Bar => {
        if (s.unavailable) return { label: s.label, value: Number.NaN, note: 'could not run' };
        const sp = spread(verifiedRates(s.runs[mode], pick));
        return {
          label: s.label,
          value: sp.median,
          low: sp.n > 1 ? sp.min : undefined,
          high: sp.n > 1 ? sp.max : undefined,
          color: PALETTE[i % PALETTE.length],
        };
      }),
    })),
  );
  return barChart({
    title: 'SQS emulators over HTTP — throughput (higher is better)',
    subtitle:
      `${r.n.toLocaleString('en-US')} × 256 B messages, ${r.clients} concurrent clients, batches of 10; ` +
      `each server its own process (Node ${r.serverNode}); median of ${r.rounds} interleaved round(s), whiskers min–max`,
    unit: 'msg/s',
    panels,
    sharedScale: true,
  });
}

/** Part 3 as bars: HTTP no-op, in-process no-op, HTTP sleep — each on its own scale. */
export function consumerThroughputSvg(r: ConsumerComparisonResult): string {
  const panels = r.workloads.flatMap((w) =>
    (['http', 'memory'] as const)
      .map((transport) => ({
        title: `${w.title}, ${transport === 'http' ? 'over HTTP (aws SDK)' : 'in-process'}`,
        bars: w.outcomes
          .filter((c) => c.transport === transport)
          .map((c): Bar => {
            const sp = spread(
              c.runs.map((x: ConsumerRun | null) => (x && x.verification.ok ? x.rate : Number.NaN)),
            );
            return {
              label: `${c.label}, c${c.concurrency}`,
              value: sp.median,
              low: sp.n > 1 ? sp.min : undefined,
              high: sp.n > 1 ? sp.max : undefined,
              color: LIBRARY_COLORS[c.name.replace(/-c\d+$/, '')] ?? PALETTE[6],
            };
          }),
      }))
      .filter((p) => p.bars.length > 0),
  );
  return barChart({
    title: 'Consumers — messages handled and deleted per second (higher is better)',
    subtitle: `median of ${r.rounds} interleaved round(s), whiskers min–max; each panel has its own scale`,
    unit: 'msg/s',
    panels,
    sharedScale: false,
  });
}

/** Part 2 as a curve over the backlog. */
export function backlogScalingSvg(r: InProcessPartResult, targetMsgPerSec = 250_000): string {
  return lineChart({
    title: 'Emulator in-process — throughput vs messages already queued',
    subtitle:
      `send 10 → receive 10 → delete 10, 1 KiB bodies, one core, Node ${r.node}; ` +
      `median of ${r.rounds} round(s), whiskers min–max`,
    xLabel: 'backlog (messages in the queue, log scale)',
    yLabel: 'msg/s',
    points: r.backlogs.map((b) => {
      const sp = spread(b.rates);
      return { x: b.backlog, y: sp.median, low: sp.min, high: sp.max };
    }),
    target: {
      y: targetMsgPerSec,
      label: `target ${targetMsgPerSec.toLocaleString('en-US')} msg/s`,
    },
  });
}

/**
 * Part 5 as bars: per handler, every consumer's msg/s under the added latency, and beside ours
 * the physical limit of its settings (grey), so the gap to the limit shows.
 */
export function underLatencySvg(r: UnderLatencyResult): string {
  const panels = r.workloads.map((w) => ({
    title: `${w.handlerMs === 0 ? 'no-op handler' : `${w.handlerMs} ms handler`}, ${r.latencyMs} ms per request`,
    bars: w.outcomes.flatMap((c): Bar[] => {
      const sp = spread(verifiedLatencyRates(c.runs));
      const bar: Bar = {
        label: `${c.label}, c${c.concurrency}`,
        value: sp.median,
        low: sp.n > 1 ? sp.min : undefined,
        high: sp.n > 1 ? sp.max : undefined,
        color: LIBRARY_COLORS[c.name.replace(/-c\d+$/, '')] ?? PALETTE[6],
        ...(sp.n === 0 ? { note: 'no verified run' } : {}),
      };
      if (!c.ours || c.limit === undefined) return [bar];
      return [bar, { label: `limit of c${c.concurrency}`, value: c.limit, color: '#BBBBBB' }];
    }),
  }));
  return barChart({
    title: `Consumers under ${r.latencyMs} ms per SQS request — messages handled per second`,
    subtitle:
      `the emulator's --latency ${r.latencyMs} (its own process, Node ${r.serverNode}); ` +
      `median of ${r.rounds} interleaved round(s), whiskers min–max; grey: our limit, min(c/h, (c+p)/(rt+h))`,
    unit: 'msg/s',
    panels,
    sharedScale: false,
  });
}
