/**
 * Part 5 — consumers under AWS-like latency: our emulator's CLI in its own process with
 * `--latency 25` (every request answered 25 ms later, as SQS from inside a region), and each
 * consumer drains a backlog over HTTP through `@aws-sdk/client-sqs`, with a no-op and a 50 ms
 * handler: ours at concurrency 10 and 100 beside @ssut/nestjs-sqs, sqs-consumer and squiss-ts at
 * their best documented settings (bench/consumer-latency-http.bench.ts's drain, run interleaved).
 *
 * Our consumer's physical limit (bench/consumer-latency.bench.ts): a message holds one of
 * `concurrency + prefetch` slots from its receive until its handler ends, and at most
 * `concurrency` handlers run at once, so
 *     limit = min(c / handler, (c + prefetch) / (round trip + handler))   msg/s
 * with the default prefetch min(10, c) and round trip = the latency.
 */
import { drainOverHttp, type HttpDrainRun } from '../consumer-latency-http.bench';
import { physicalLimit } from '../consumer-latency.bench';
import type { ConsumerUnderTest } from './consumers/consumer-under-test.interface';
import { kitConsumer } from './consumers/kit.consumer';
import { sqsConsumer } from './consumers/sqs-consumer.consumer';
import { squissConsumer } from './consumers/squiss.consumer';
import { ssutConsumer } from './consumers/ssut.consumer';
import { int, markdownTable, rate } from './format.util';
import { interleave } from './interleave.util';
import { kitServer, serverNode, startServer } from './servers/server-process';
import { median, spread } from './stats.util';

/** Our consumer's physical limit, as the report states it. */
export const LIMIT_FORMULA =
  'limit = min(c / h, (c + p) / (rt + h)): c concurrency, p prefetch = min(10, c), h handler ' +
  'time, rt round trip';

export interface UnderLatencyOptions {
  /** Interleaved rounds. */
  readonly rounds: number;
  /** Each drain's backlog is about this many seconds' worth at its expected rate. */
  readonly seconds: number;
  /** Messages per drain, at least. */
  readonly minMessages: number;
  /** Latency per request, ms (default 25). */
  readonly latencyMs?: number;
  /** Handler times, ms (default 0 and 50). */
  readonly handlers?: readonly number[];
  /** The line-up (default: ours at c10 and c100, then the peers). */
  readonly lineUp?: readonly ConsumerUnderTest[];
  readonly log?: (line: string) => void;
}

export interface UnderLatencyOutcome {
  readonly name: string;
  readonly label: string;
  readonly concurrency: number;
  readonly settings: string;
  /** nestjs-sqs-kit (its limit is known). */
  readonly ours: boolean;
  /** Our physical limit at these settings, msg/s (ours only). */
  readonly limit?: number;
  readonly messages: number;
  readonly runs: (HttpDrainRun | null)[];
  readonly errors: string[];
}

export interface UnderLatencyWorkload {
  readonly handlerMs: number;
  readonly outcomes: readonly UnderLatencyOutcome[];
}

export interface UnderLatencyResult {
  readonly latencyMs: number;
  readonly rounds: number;
  readonly server: string;
  readonly serverNode: string;
  readonly workloads: readonly UnderLatencyWorkload[];
}

/** Ours at c10 and c100, then the peers at their best documented settings. */
export function defaultUnderLatencyLineUp(): ConsumerUnderTest[] {
  return [
    kitConsumer('http', 10),
    kitConsumer('http', 100),
    ssutConsumer(true),
    sqsConsumer(true),
    squissConsumer(10),
    squissConsumer(100),
  ];
}

const isOurs = (c: { name: string }) => c.name.startsWith('kit-');

/** Rates of the runs that passed every check (NaN otherwise), in round order. */
export function verifiedLatencyRates(runs: readonly (HttpDrainRun | null)[]): number[] {
  return runs.map((r) => r?.msgPerSecond ?? Number.NaN);
}

/** Runs part 5. */
export async function runUnderLatency(o: UnderLatencyOptions): Promise<UnderLatencyResult> {
  const latencyMs = o.latencyMs ?? 25;
  const lineUp = o.lineUp ?? defaultUnderLatencyLineUp();
  const spec = kitServer(latencyMs);
  const server = await startServer(spec);
  o.log?.(`  started ${spec.label} --latency ${latencyMs} at ${server.endpoint}`);
  const stamp = Date.now().toString(36);
  const workloads: UnderLatencyWorkload[] = [];
  try {
    for (const handlerMs of o.handlers ?? [0, 50]) {
      const sized = lineUp.map((c) => {
        const limit = physicalLimit(
          c.concurrency,
          Math.min(10, c.concurrency),
          handlerMs,
          latencyMs,
        );
        // The peers keep one receive open at a time: size their backlog from that bound.
        const expected = isOurs(c)
          ? limit
          : physicalLimit(Math.min(10, c.concurrency), 0, handlerMs, latencyMs);
        const messages = Math.max(o.minMessages, Math.round((expected * o.seconds) / 10) * 10);
        return { c, limit, messages, timeoutMs: (messages / expected) * 6_000 + 10_000 };
      });
      const results = await interleave(
        sized.map(({ c, messages, timeoutMs }) => ({
          name: c.name,
          run: (round: number) =>
            drainOverHttp(
              server,
              c,
              handlerMs,
              messages,
              `${handlerMs}-${c.name}-${round}-${stamp}`,
              timeoutMs,
            ),
        })),
        o.rounds,
        (name, round, r, error) =>
          o.log?.(
            r
              ? `  round ${round + 1} ${handlerMs} ms ${name.padEnd(20)} ` +
                  `${r.msgPerSecond === undefined ? '—' : int(r.msgPerSecond)} msg/s, ` +
                  `${Math.round(r.cpuMicrosPerMessage)} µs CPU/msg, ` +
                  `${r.requestsPerMessage.toFixed(3)} req/msg; ${r.problem ?? 'ok'}`
              : `  round ${round + 1} ${handlerMs} ms ${name}: failed: ${error?.message}`,
          ),
      );
      workloads.push({
        handlerMs,
        outcomes: sized.map(({ c, limit, messages }) => {
          const slot = results.get(c.name);
          return {
            name: c.name,
            label: c.label,
            concurrency: c.concurrency,
            settings: c.settings,
            ours: isOurs(c),
            ...(isOurs(c) ? { limit } : {}),
            messages,
            runs: (slot?.results ?? []).map((r) => r ?? null),
            errors: (slot?.errors ?? []).map((e) => e.message.slice(0, 300)),
          };
        }),
      });
    }
  } finally {
    await server.stop();
  }
  return {
    latencyMs,
    rounds: o.rounds,
    server: spec.label,
    serverNode: serverNode().version,
    workloads,
  };
}

/** Markdown for part 5: one table, both handlers. */
export function underLatencyMarkdown(r: UnderLatencyResult): string {
  const rows = r.workloads.flatMap((w) =>
    w.outcomes.map((c) => {
      const ok = c.runs.filter((x): x is HttpDrainRun => x !== null);
      const s = spread(verifiedLatencyRates(c.runs));
      const failed = ok.find((x) => x.problem !== undefined);
      return [
        w.handlerMs === 0 ? 'no-op' : `${w.handlerMs} ms`,
        c.label,
        String(c.concurrency),
        int(c.messages),
        ok.length ? rate(s) : `failed: ${c.errors[0] ?? 'no result'}`,
        c.limit === undefined ? '—' : int(c.limit),
        c.limit === undefined || s.n === 0 ? '—' : `${Math.round((s.median / c.limit) * 100)}%`,
        ok.length ? median(ok.map((x) => x.requestsPerMessage)).toFixed(3) : 'n/a',
        ok.length ? int(median(ok.map((x) => x.cpuMicrosPerMessage))) : 'n/a',
        failed ? `✗ ${failed.problem}` : ok.length ? '✓ all once, queue empty' : 'n/a',
      ];
    }),
  );
  const settings = r.workloads[0]?.outcomes.map((c) => `${c.name}: ${c.settings}`) ?? [];
  return [
    `### Consumers under ${r.latencyMs} ms per request\n`,
    `${r.server} (Node ${r.serverNode}) in its own process with \`--latency ${r.latencyMs}\`: ` +
      `every request is answered ${r.latencyMs} ms later. Each consumer drains a backlog through ` +
      `\`@aws-sdk/client-sqs\` until every body has reached its handler (once) and the queue is ` +
      `empty by the server's counts. Our consumer's physical ${LIMIT_FORMULA} (${r.latencyMs} ms). ` +
      `Requests: every SQS request the consumer sent from its start until the queue was empty, ` +
      `per message. CPU: the consumer's process, per message. ` +
      `${r.rounds} interleaved round(s); median (min–max).\n`,
    markdownTable(
      [
        'handler',
        'consumer',
        'concurrency',
        'messages',
        'msg/s',
        'our limit',
        'of limit',
        'requests/msg',
        'CPU µs/msg',
        'checks',
      ],
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      rows,
    ),
    '',
    `Settings: ${settings.join('; ')}.`,
    '',
  ].join('\n');
}
