/**
 * Part 4 — send → handler start latency with an idle consumer waiting in its long poll: on the
 * memory backend (bench/consumer's measurement) and over HTTP (our server in its own process),
 * where the HTTP consumers of part 3 are measured side by side.
 */
import { performance } from 'node:perf_hooks';
import { latency as memoryLatency } from '../consumer.bench';
import { LeanSqsClient } from './clients/lean-workload';
import type { ConsumerUnderTest } from './consumers/consumer-under-test.interface';
import { kitConsumer } from './consumers/kit.consumer';
import { sqsConsumer } from './consumers/sqs-consumer.consumer';
import { ssutConsumer } from './consumers/ssut.consumer';
import { int, markdownTable, ms } from './format.util';
import { interleave } from './interleave.util';
import type { PartOptions } from './part-options.interface';
import { kitServer, type RunningServer, serverNode, startServer } from './servers/server-process';
import { percentiles } from './stats.util';

export interface LatencyOptions extends PartOptions {
  /** HTTP consumers (default: kit c10, @ssut/nestjs-sqs, sqs-consumer). */
  readonly http?: readonly ConsumerUnderTest[];
  /** Pause between samples so the consumer is back in its long poll (default 10 ms). */
  readonly gapMs?: number;
  /** Skip the memory-backend measurement (tests of the HTTP path). */
  readonly memory?: boolean;
}

export interface LatencyOutcome {
  readonly name: string;
  readonly label: string;
  readonly transport: 'http' | 'memory';
  /** All samples of all rounds, ms. */
  readonly samples: number[];
  readonly errors: string[];
}

export interface LatencyResult {
  readonly rounds: number;
  readonly perRound: number;
  readonly server: string;
  readonly serverNode: string;
  readonly outcomes: readonly LatencyOutcome[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `samples` send → handler-start times of consumer `c` over HTTP, each on an idle consumer. */
async function httpLatency(
  c: ConsumerUnderTest,
  server: RunningServer,
  samples: number,
  tag: string,
  gapMs: number,
): Promise<number[]> {
  const lean = new LeanSqsClient(server.endpoint, 1);
  const queueName = `lat-${tag}`;
  const { QueueUrl } = await lean.call<{ QueueUrl: string }>(
    'CreateQueue',
    JSON.stringify({ QueueName: queueName }),
  );
  const send = `{"QueueUrl":${JSON.stringify(QueueUrl)},"MessageBody":"{\\"n\\":1}"}`;
  let arrived: (at: number) => void = () => undefined;
  const consumer = await c.prepare(
    { queueName, queueUrl: QueueUrl, endpoint: server.endpoint },
    () => arrived(performance.now()),
  );
  const times: number[] = [];
  try {
    await consumer.start();
    await sleep(50); // into its first long poll
    for (let i = 0; i < samples; i++) {
      const handled = new Promise<number>((resolve) => (arrived = resolve));
      const sentAt = performance.now();
      await lean.call('SendMessage', send);
      const timeout = sleep(5_000).then(() => Number.NaN);
      const at = await Promise.race([handled, timeout]);
      if (Number.isNaN(at))
        throw new Error(`${c.name}: a message took over 5 s to reach the handler`);
      times.push(at - sentAt);
      await sleep(gapMs);
    }
  } finally {
    await consumer.stop();
    await lean.call('DeleteQueue', `{"QueueUrl":${JSON.stringify(QueueUrl)}}`);
    await lean.close();
  }
  return times;
}

/** Runs part 4. `n` is the number of samples per consumer per round. */
export async function runLatency(o: LatencyOptions): Promise<LatencyResult> {
  const http = o.http ?? [kitConsumer('http', 10), ssutConsumer(false), sqsConsumer(false)];
  const gapMs = o.gapMs ?? 10;
  const spec = kitServer();
  const server = await startServer(spec);
  try {
    const stamp = Date.now().toString(36);
    const contenders = [
      ...(o.memory === false
        ? []
        : [
            {
              name: 'kit-memory-c10',
              label: 'nestjs-sqs-kit, memory backend',
              transport: 'memory' as const,
              run: async () => (await memoryLatency(o.n)).samples,
            },
          ]),
      ...http.map((c) => ({
        name: c.name,
        label: c.label,
        transport: 'http' as const,
        run: (round: number) => httpLatency(c, server, o.n, `${c.name}-${round}-${stamp}`, gapMs),
      })),
    ];
    const results = await interleave(contenders, o.rounds, (name, round, r, error) => {
      if (r) {
        const p = percentiles(r);
        o.log?.(`  round ${round + 1} ${name.padEnd(18)} p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms`);
      } else {
        o.log?.(`  round ${round + 1} ${name}: failed: ${error?.message}`);
      }
    });
    return {
      rounds: o.rounds,
      perRound: o.n,
      server: spec.label,
      serverNode: serverNode().version,
      outcomes: contenders.map((c) => {
        const slot = results.get(c.name);
        return {
          name: c.name,
          label: c.label,
          transport: c.transport,
          samples: (slot?.results ?? []).flatMap((r) => r ?? []),
          errors: (slot?.errors ?? []).map((e) => e.message.slice(0, 300)),
        };
      }),
    };
  } finally {
    await server.stop();
  }
}

/** Markdown for part 4. */
export function latencyMarkdown(r: LatencyResult): string {
  const rows = r.outcomes.map((c) => {
    const p = percentiles(c.samples);
    return [
      c.label,
      c.transport === 'http' ? `HTTP (${r.server})` : 'in-process',
      c.samples.length ? ms(p.p50) : `failed: ${c.errors[0] ?? 'no samples'}`,
      c.samples.length ? ms(p.p99) : '',
      int(c.samples.length),
    ];
  });
  return [
    '### Send → handler start latency\n',
    `An idle consumer (concurrency 10) waits in its long poll; one message is sent ` +
      `(in-process: \`SqsEmulator.sendMessage\`; HTTP: one pre-built SendMessage request) and the ` +
      `time to the handler's first line is taken. HTTP consumers read from ${r.server} (Node ` +
      `${r.serverNode}). ${r.rounds} interleaved round(s) of ${int(r.perRound)} samples, pooled.\n`,
    markdownTable(
      ['consumer', 'queue', 'p50 ms', 'p99 ms', 'samples'],
      ['left', 'left', 'right', 'right', 'right'],
      rows,
    ),
    '',
  ].join('\n');
}
