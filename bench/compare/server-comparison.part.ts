/**
 * Part 1 — the emulator over HTTP against peer emulators, each in its own process, driven by the
 * same workload through the SDK client and through a lean client (see clients/).
 */
import { describeVerification, type VerifyResult } from './clients/body-verifier';
import { runLeanWorkload } from './clients/lean-workload';
import type { WorkloadResult } from './clients/phase.util';
import { runSdkWorkload } from './clients/sdk-workload';
import { int, markdownTable, ms, pct, rate, ratio } from './format.util';
import { interleave } from './interleave.util';
import type { PartOptions } from './part-options.interface';
import {
  fauxqsServer,
  kitServer,
  localAwsSqsServer,
  type RunningServer,
  type ServerSpec,
  serverNode,
  startServer,
} from './servers/server-process';
import { median, pairedRatios, spread } from './stats.util';

/** Which client drives the servers. */
export type ClientMode = 'sdk' | 'lean';

export interface ServerComparisonOptions extends PartOptions {
  /** SendMessage round trips timed per run. */
  readonly latencySamples: number;
  /** Concurrent clients (default 8). */
  readonly clients?: number;
  /** Servers to compare; the first is "ours" (default: kit, fauxqs, local-aws-sqs). */
  readonly servers?: readonly ServerSpec[];
  readonly modes?: readonly ClientMode[];
  /** Replaces the real workloads (tests). */
  readonly workloads?: Partial<Record<ClientMode, typeof runSdkWorkload>>;
}

/** One server's outcome: its runs per client mode, or why it could not run. */
export interface ServerOutcome {
  readonly name: string;
  readonly label: string;
  readonly how: string;
  /** Set when the server could not start: the reason, shown in the tables. */
  readonly unavailable?: string;
  /** Per mode, one entry per round (null: that run failed; see `errors`). */
  readonly runs: Partial<Record<ClientMode, (WorkloadResult | null)[]>>;
  readonly errors: string[];
}

export interface ServerComparisonResult {
  readonly n: number;
  readonly rounds: number;
  readonly clients: number;
  readonly latencySamples: number;
  readonly serverNode: string;
  readonly modes: readonly ClientMode[];
  readonly servers: readonly ServerOutcome[];
}

/** Runs part 1: starts every server, then interleaves all (server, client) runs over rounds. */
export async function runServerComparison(
  o: ServerComparisonOptions,
): Promise<ServerComparisonResult> {
  const specs = o.servers ?? [kitServer(), fauxqsServer(), localAwsSqsServer()];
  const modes = o.modes ?? ['sdk', 'lean'];
  const clients = o.clients ?? 8;
  const workloads = { sdk: runSdkWorkload, lean: runLeanWorkload, ...o.workloads };
  const outcomes: ServerOutcome[] = [];
  const running: RunningServer[] = [];
  try {
    for (const spec of specs) {
      try {
        const server = await startServer(spec);
        running.push(server);
        o.log?.(`  started ${spec.label} at ${server.endpoint} (pid ${server.pid})`);
        outcomes.push({ name: spec.name, label: spec.label, how: spec.how, runs: {}, errors: [] });
      } catch (e) {
        const why = (e as Error).message.split('\n')[0].slice(0, 200);
        o.log?.(`  ${spec.label} could not start: ${why}`);
        outcomes.push({
          name: spec.name,
          label: spec.label,
          how: spec.how,
          unavailable: why,
          runs: {},
          errors: [],
        });
      }
    }
    const run = (server: RunningServer, mode: ClientMode, n: number, tag: string) =>
      workloads[mode]({
        endpoint: server.endpoint,
        n,
        clients,
        latencySamples: Math.min(o.latencySamples, n),
        serverCpuSeconds: () => server.cpuSeconds(),
        tag: `${tag}-${Date.now().toString(36)}`,
      });
    // One unrecorded run each first: a cold JIT and fresh sockets would handicap whoever runs
    // first in round 1.
    for (const server of running) {
      for (const mode of modes) {
        await run(server, mode, Math.min(o.n, 5_000), `${server.spec.name}-${mode}-w`).catch(
          () => undefined,
        );
      }
    }
    const contenders = running.flatMap((server) =>
      modes.map((mode) => ({
        name: `${server.spec.name}/${mode}`,
        run: (round: number) => run(server, mode, o.n, `${server.spec.name}-${mode}-${round}`),
      })),
    );
    const results = await interleave(contenders, o.rounds, (name, round, r, error) => {
      if (r) {
        o.log?.(
          `  round ${round + 1} ${name.padEnd(20)} send ${int(r.sendRate).padStart(7)} msg/s, ` +
            `receive+delete ${int(r.receiveRate).padStart(7)} msg/s, ` +
            `p50 ${ms(r.latency.p50)} ms; client CPU ${pct(r.receive.clientCpu)}, ` +
            `server CPU ${pct(r.receive.serverCpu)}; ${describeVerification(r.verification)}`,
        );
      } else {
        o.log?.(`  round ${round + 1} ${name}: failed: ${error?.message}`);
      }
    });
    for (const outcome of outcomes) {
      if (outcome.unavailable) continue;
      for (const mode of modes) {
        const slot = results.get(`${outcome.name}/${mode}`);
        if (!slot) continue;
        outcome.runs[mode] = slot.results.map((r) => r ?? null);
        outcome.errors.push(...slot.errors.map((e) => `${mode}: ${e.message.slice(0, 300)}`));
      }
    }
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
  return {
    n: o.n,
    rounds: o.rounds,
    clients,
    latencySamples: o.latencySamples,
    serverNode: serverNode().version,
    modes,
    servers: outcomes,
  };
}

/** Rates of the runs whose bodies all came back; a wrong answer counts as no answer (NaN). */
export function verifiedRates(
  runs: readonly (WorkloadResult | null)[] | undefined,
  pick: (r: WorkloadResult) => number,
): number[] {
  return (runs ?? []).map((r) => (r && r.verification.ok ? pick(r) : Number.NaN));
}

/** The worst verification of a server's runs in one mode (a loss in any round shows). */
function worstVerification(runs: readonly (WorkloadResult | null)[]): VerifyResult | undefined {
  let worst: VerifyResult | undefined;
  for (const r of runs) {
    if (!r) continue;
    if (!worst || (!r.verification.ok && (worst.ok || r.verification.missing > worst.missing))) {
      worst = r.verification;
    }
  }
  return worst;
}

/** Microseconds with one decimal. */
const us = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

/** Median server CPU microseconds per message of a server's verified runs in one phase. */
export function serverMicrosPerMessage(
  runs: readonly (WorkloadResult | null)[] | undefined,
  phase: 'send' | 'receive',
): number {
  const ok = (runs ?? []).filter((x): x is WorkloadResult => x !== null && x.verification.ok);
  return median(
    ok.map((x) => {
      const rate = phase === 'send' ? x.sendRate : x.receiveRate;
      return ((x[phase].serverCpu ?? Number.NaN) / rate) * 1e6;
    }),
  );
}

const MODE_TITLE: Record<ClientMode, string> = {
  sdk: 'through `@aws-sdk/client-sqs`',
  lean: 'through a lean client (undici keep-alive pool, pre-built JSON-protocol requests)',
};

/** Markdown for part 1: one table per client mode. */
export function serverComparisonMarkdown(r: ServerComparisonResult): string {
  const ours = r.servers[0];
  const out: string[] = [];
  for (const mode of r.modes) {
    out.push(
      `### Emulator over HTTP ${MODE_TITLE[mode]}\n\n` +
        `${int(r.n)} bodies of 256 bytes: SendMessageBatch (10) from ${r.clients} concurrent ` +
        `clients; then ReceiveMessage (10) + DeleteMessageBatch from ${r.clients} clients until ` +
        `every body is back; then ${int(r.latencySamples)} sequential SendMessage round trips. ` +
        `Every server in its own process on Node ${r.serverNode}; ${r.rounds} interleaved ` +
        `round(s) after a warm-up; median (min–max). CPU is the share of one core during the ` +
        `receive phase (send phase in brackets); server CPU per message is the server's cost ` +
        `whichever side was the limit.\n`,
    );
    const oursSend = verifiedRates(ours.runs[mode], (x) => x.sendRate);
    const oursRecv = verifiedRates(ours.runs[mode], (x) => x.receiveRate);
    const rows = r.servers.map((s) => {
      if (s.unavailable) {
        return [s.label, `could not run: ${s.unavailable}`, '', '', '', '', '', '', '', ''];
      }
      const runs = s.runs[mode] ?? [];
      const ok = runs.filter((x): x is WorkloadResult => x !== null);
      if (ok.length === 0) {
        return [s.label, `failed: ${s.errors[0] ?? 'no result'}`, '', '', '', '', '', '', '', ''];
      }
      const send = verifiedRates(runs, (x) => x.sendRate);
      const recv = verifiedRates(runs, (x) => x.receiveRate);
      const cpu = (pick: (x: WorkloadResult) => number | undefined) =>
        pct(median(ok.map(pick).filter((v): v is number => v !== undefined)));
      const clientCpu = median(ok.map((x) => x.receive.clientCpu));
      const serverCpu = median(ok.map((x) => x.receive.serverCpu ?? Number.NaN));
      // Server CPU per message: its capacity whichever side limited this run.
      const usSend = serverMicrosPerMessage(runs, 'send');
      const usRecv = serverMicrosPerMessage(runs, 'receive');
      const limit =
        clientCpu >= 0.85 && clientCpu > serverCpu
          ? 'client'
          : serverCpu >= 0.85
            ? 'server'
            : 'neither saturated';
      const isOurs = s === ours;
      const verification = worstVerification(runs);
      return [
        s.label,
        rate(spread(send)),
        rate(spread(recv)),
        `${ms(median(ok.map((x) => x.latency.p50)))} / ${ms(median(ok.map((x) => x.latency.p99)))}`,
        `${cpu((x) => x.receive.clientCpu)} (${cpu((x) => x.send.clientCpu)})`,
        `${cpu((x) => x.receive.serverCpu)} (${cpu((x) => x.send.serverCpu)}); ${limit}`,
        `${us(usSend)} / ${us(usRecv)}`,
        isOurs ? '—' : ratio(spread(pairedRatios(oursSend, send))),
        isOurs ? '—' : ratio(spread(pairedRatios(oursRecv, recv))),
        (verification ? describeVerification(verification) : 'n/a') +
          (s.errors.length ? `; ${s.errors.length} run(s) failed` : ''),
      ];
    });
    out.push(
      markdownTable(
        [
          'server',
          'send msg/s',
          'receive+delete msg/s',
          'SendMessage p50 / p99 ms',
          'client CPU',
          'server CPU; limit',
          'server CPU µs/msg, send / receive+delete',
          `${ours.name} ÷ this, send`,
          `${ours.name} ÷ this, receive+delete`,
          'bodies back',
        ],
        ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'left'],
        rows,
      ),
    );
    out.push('');
  }
  return out.join('\n');
}
