/**
 * Part 3 — consumers against consumers: each library drains the same backlog from the same HTTP
 * emulator (our server, in its own process) with a no-op handler, and with a 10 ms-sleep handler;
 * nestjs-sqs-kit also on its memory backend. Every body handled is checked, and a run counts only
 * once its queue is empty by the server's own counts (every message really deleted) before its
 * deadline; otherwise it is reported as failed (`✗ … left in queue`) and gets no rate.
 */
import { performance } from 'node:perf_hooks';
import { SqsEmulator } from '../../src/emulator';
import {
  BodyVerifier,
  describeVerification,
  makeBody,
  type VerifyResult,
} from './clients/body-verifier';
import { LeanSqsClient } from './clients/lean-workload';
import { measurePhase } from './clients/phase.util';
import { LEFTOVER_ATTRIBUTES, messagesLeft } from './clients/queue-leftovers';
import type { ConsumerUnderTest, QueueRef } from './consumers/consumer-under-test.interface';
import { kitConsumer } from './consumers/kit.consumer';
import { sqsConsumer } from './consumers/sqs-consumer.consumer';
import { squissConsumer } from './consumers/squiss.consumer';
import { ssutConsumer } from './consumers/ssut.consumer';
import { int, markdownTable, pct, rate, ratio } from './format.util';
import { interleave } from './interleave.util';
import type { PartOptions } from './part-options.interface';
import { kitServer, type RunningServer, serverNode, startServer } from './servers/server-process';
import { median, pairedRatios, spread } from './stats.util';

/** One drain of a backlog by one consumer. */
export interface ConsumerRun {
  readonly messages: number;
  readonly rate: number;
  readonly seconds: number;
  /** CPU share of one core used by this process (the consumer). */
  readonly clientCpu: number;
  /** CPU share of one core used by the HTTP emulator (HTTP consumers). */
  readonly serverCpu?: number;
  readonly verification: VerifyResult;
}

export interface ConsumerOutcome {
  readonly name: string;
  readonly label: string;
  readonly concurrency: number;
  readonly transport: 'http' | 'memory';
  readonly settings: string;
  readonly messages: number;
  readonly runs: (ConsumerRun | null)[];
  readonly errors: string[];
}

export interface ConsumerWorkloadResult {
  readonly title: string;
  readonly handler: string;
  readonly outcomes: readonly ConsumerOutcome[];
}

export interface ConsumerComparisonResult {
  readonly rounds: number;
  readonly server: string;
  readonly serverNode: string;
  readonly workloads: readonly ConsumerWorkloadResult[];
}

export interface ConsumerComparisonOptions extends PartOptions {
  /** Messages for the memory backend (default 5 × n: it is fast enough to need more). */
  readonly memoryN?: number;
  /** Messages for the 10 ms-sleep handler (default n / 4). */
  readonly sleepN?: number;
  readonly sleepMs?: number;
  /** No-op contenders; the first is the reference of the ratios. */
  readonly noop?: readonly ConsumerUnderTest[];
  /** Sleep-handler contenders; the first is the reference of the ratios. */
  readonly sleep?: readonly ConsumerUnderTest[];
  /** Give up when no message is handled for this long (default 10 s). */
  readonly idleGiveUpMs?: number;
}

/** The default no-op line-up. */
export function defaultNoopConsumers(): ConsumerUnderTest[] {
  return [
    kitConsumer('http', 10),
    kitConsumer('http', 100),
    kitConsumer('http', 10, 'lean'),
    kitConsumer('http', 100, 'lean'),
    ssutConsumer(false),
    ssutConsumer(true),
    sqsConsumer(false),
    sqsConsumer(true),
    squissConsumer(10),
    squissConsumer(100),
    kitConsumer('memory', 10),
    kitConsumer('memory', 100),
  ];
}

/** The default I/O-bound line-up. */
export function defaultSleepConsumers(): ConsumerUnderTest[] {
  return [
    kitConsumer('http', 100),
    kitConsumer('http', 10),
    ssutConsumer(false),
    sqsConsumer(false),
    squissConsumer(100),
    squissConsumer(10),
  ];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A fresh queue holding `n` bodies of run `tag`, over HTTP or in a new in-process emulator. */
async function filledQueue(
  transport: 'http' | 'memory',
  server: RunningServer | undefined,
  tag: string,
  n: number,
): Promise<{
  ref: QueueRef;
  /** Messages still in the queue: visible + in flight + delayed (NaN: not reported). */
  left: () => Promise<number>;
  dispose: () => Promise<void>;
}> {
  const queueName = `cons-${tag}`;
  if (transport === 'memory') {
    const emulator = new SqsEmulator();
    const { QueueUrl } = await emulator.createQueue({ QueueName: queueName });
    const queueUrl = QueueUrl as string;
    for (let i = 0; i < n; i += 10) {
      const Entries = [];
      for (let j = i; j < Math.min(n, i + 10); j++) {
        Entries.push({ Id: String(j - i), MessageBody: makeBody(tag, j) });
      }
      await emulator.sendMessageBatch({ QueueUrl: queueUrl, Entries });
    }
    return {
      ref: { queueName, queueUrl, emulator },
      left: async () => {
        const q = emulator.inspectQueues().find((s) => s.name === queueName);
        return q === undefined ? Number.NaN : q.visible + q.inflight + q.delayed;
      },
      dispose: async () => undefined,
    };
  }
  if (!server) throw new Error('no HTTP emulator');
  const lean = new LeanSqsClient(server.endpoint, 8);
  const { QueueUrl } = await lean.call<{ QueueUrl: string }>(
    'CreateQueue',
    JSON.stringify({ QueueName: queueName }),
  );
  const url = JSON.stringify(QueueUrl);
  let next = 0;
  const filler = async () => {
    for (let b = next++; b * 10 < n; b = next++) {
      const entries = [];
      for (let j = b * 10; j < Math.min(n, b * 10 + 10); j++) {
        entries.push(`{"Id":"${j - b * 10}","MessageBody":${JSON.stringify(makeBody(tag, j))}}`);
      }
      await lean.call('SendMessageBatch', `{"QueueUrl":${url},"Entries":[${entries.join(',')}]}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, filler));
  const attributes = `{"QueueUrl":${url},"AttributeNames":${JSON.stringify(LEFTOVER_ATTRIBUTES)}}`;
  return {
    ref: { queueName, queueUrl: QueueUrl, endpoint: server.endpoint },
    left: async () => {
      const { Attributes } = await lean.call<{ Attributes?: Record<string, string> }>(
        'GetQueueAttributes',
        attributes,
      );
      return messagesLeft(Attributes);
    },
    dispose: async () => {
      await lean.call('DeleteQueue', `{"QueueUrl":${url}}`);
      await lean.close();
    },
  };
}

/**
 * One measured drain: fill a queue with `n` bodies, build the consumer, then time from its start
 * until every body has reached the handler and the queue is empty (all deleted). A run whose
 * queue is not empty by `idleGiveUpMs` after the last body reached the handler (or that stalled
 * before) comes back with a failed verification (`leftInQueue` > 0): it is reported, not counted.
 */
export async function drainOnce(
  c: ConsumerUnderTest,
  server: RunningServer | undefined,
  n: number,
  tag: string,
  handlerSleepMs: number,
  idleGiveUpMs = 10_000,
): Promise<ConsumerRun> {
  const queue = await filledQueue(c.transport, server, tag, n);
  const verifier = new BodyVerifier(tag, n);
  let lastProgress = performance.now();
  let reachedAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (reachedAll = resolve));
  const consumer = await c.prepare(queue.ref, (body) => {
    verifier.add(body);
    lastProgress = performance.now();
    if (verifier.count === n) reachedAll();
    return handlerSleepMs > 0 ? sleep(handlerSleepMs) : undefined;
  });
  try {
    const serverCpu =
      c.transport === 'http' && server ? () => server.cpuSeconds() : () => undefined;
    let left = Number.NaN;
    const [, cost] = await measurePhase(serverCpu, async () => {
      let stalled = false;
      const watchdog = setInterval(() => {
        if (performance.now() - lastProgress > idleGiveUpMs) {
          stalled = true;
          reachedAll();
        }
      }, 100);
      await consumer.start();
      await all;
      clearInterval(watchdog);
      // Every body was handled; the run ends when the last delete has landed.
      const deadline = performance.now() + idleGiveUpMs;
      for (;;) {
        left = await queue.left();
        if (left === 0 || stalled || performance.now() >= deadline) break;
        await tick();
      }
    });
    return {
      messages: n,
      rate: n / cost.seconds,
      seconds: cost.seconds,
      clientCpu: cost.clientCpu,
      serverCpu: cost.serverCpu,
      // Not drained by the deadline: failed, whatever reached the handler.
      verification: verifier.result(left),
    };
  } finally {
    await consumer.stop();
    await queue.dispose();
  }
}

async function runWorkload(
  title: string,
  handler: string,
  contenders: readonly ConsumerUnderTest[],
  server: RunningServer | undefined,
  o: ConsumerComparisonOptions,
  nFor: (c: ConsumerUnderTest) => number,
  sleepMs: number,
): Promise<ConsumerWorkloadResult> {
  const stamp = Date.now().toString(36);
  // One unrecorded warm-up drain each (JIT, sockets), then the interleaved rounds.
  for (const c of contenders) {
    await drainOnce(c, server, Math.min(nFor(c), 2_000), `w-${c.name}-${stamp}`, sleepMs).catch(
      () => undefined,
    );
  }
  const results = await interleave(
    contenders.map((c) => ({
      name: c.name,
      run: (round: number) =>
        drainOnce(c, server, nFor(c), `${c.name}-${round}-${stamp}`, sleepMs, o.idleGiveUpMs),
    })),
    o.rounds,
    (name, round, r, error) =>
      o.log?.(
        r
          ? `  round ${round + 1} ${handler} ${name.padEnd(20)} ${int(r.rate).padStart(8)} msg/s ` +
              `(consumer CPU ${pct(r.clientCpu)}, server CPU ${pct(r.serverCpu)}; ` +
              `${describeVerification(r.verification)})`
          : `  round ${round + 1} ${handler} ${name}: failed: ${error?.message}`,
      ),
  );
  return {
    title,
    handler,
    outcomes: contenders.map((c) => {
      const slot = results.get(c.name);
      return {
        name: c.name,
        label: c.label,
        concurrency: c.concurrency,
        transport: c.transport,
        settings: c.settings,
        messages: nFor(c),
        runs: (slot?.results ?? []).map((r) => r ?? null),
        errors: (slot?.errors ?? []).map((e) => e.message.slice(0, 300)),
      };
    }),
  };
}

/** Runs part 3: starts our HTTP emulator, then the no-op and the sleep line-ups. */
export async function runConsumerComparison(
  o: ConsumerComparisonOptions,
): Promise<ConsumerComparisonResult> {
  const noop = o.noop ?? defaultNoopConsumers();
  const sleepers = o.sleep ?? defaultSleepConsumers();
  const sleepMs = o.sleepMs ?? 10;
  const memoryN = o.memoryN ?? o.n * 5;
  const sleepN = o.sleepN ?? Math.max(10, Math.round(o.n / 4));
  const spec = kitServer();
  const server = await startServer(spec);
  o.log?.(`  started ${spec.label} at ${server.endpoint} (pid ${server.pid})`);
  try {
    const workloads = [
      await runWorkload(
        'no-op handler',
        'no-op',
        noop,
        server,
        o,
        (c) => (c.transport === 'memory' ? memoryN : o.n),
        0,
      ),
    ];
    if (sleepers.length > 0) {
      workloads.push(
        await runWorkload(
          `${sleepMs} ms-sleep handler (I/O-bound)`,
          `sleep ${sleepMs} ms`,
          sleepers,
          server,
          o,
          () => sleepN,
          sleepMs,
        ),
      );
    }
    return { rounds: o.rounds, server: spec.label, serverNode: serverNode().version, workloads };
  } finally {
    await server.stop();
  }
}

/** The consumer process's CPU per message of a run, µs. */
export function cpuMicrosPerMessage(r: ConsumerRun): number {
  return (r.clientCpu * r.seconds * 1e6) / r.messages;
}

/** Rates of the runs whose bodies all came back (NaN otherwise). */
function verified(runs: readonly (ConsumerRun | null)[]): number[] {
  return runs.map((r) => (r && r.verification.ok ? r.rate : Number.NaN));
}

/** Markdown for part 3: one table per handler. */
export function consumerComparisonMarkdown(r: ConsumerComparisonResult): string {
  const out: string[] = [];
  for (const w of r.workloads) {
    const ref = w.outcomes[0];
    const refRates = verified(ref.runs);
    out.push(
      `### Consumers, ${w.title}\n\n` +
        `Each consumer drains a backlog until every message is handled and deleted; HTTP ` +
        `consumers read from ${r.server} (its own process, Node ${r.serverNode}) through ` +
        `\`@aws-sdk/client-sqs\`; consumers run in this process (Node ${process.version}). ` +
        `${r.rounds} interleaved round(s) after a warm-up; median (min–max). CPU: share of one core.\n`,
    );
    const rows = w.outcomes.map((c) => {
      const ok = c.runs.filter((x): x is ConsumerRun => x !== null);
      const v = ok.find((x) => !x.verification.ok) ?? ok[0];
      return [
        c.label,
        c.transport === 'http' ? 'HTTP' : 'in-process',
        String(c.concurrency),
        int(c.messages),
        ok.length ? rate(spread(verified(c.runs))) : `failed: ${c.errors[0] ?? 'no result'}`,
        c === ref || c.transport !== ref.transport
          ? '—'
          : ratio(spread(pairedRatios(refRates, verified(c.runs)))),
        pct(median(ok.map((x) => x.clientCpu))),
        int(median(ok.map(cpuMicrosPerMessage))),
        c.transport === 'http' ? pct(median(ok.map((x) => x.serverCpu ?? Number.NaN))) : '—',
        v ? describeVerification(v.verification) : 'n/a',
      ];
    });
    out.push(
      markdownTable(
        [
          'consumer',
          'queue',
          'concurrency',
          'messages',
          'msg/s',
          `${ref.label} c${ref.concurrency} ÷ this`,
          'consumer CPU',
          'consumer CPU µs/msg',
          'server CPU',
          'bodies',
        ],
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
        rows,
      ),
    );
    out.push('\nSettings: ' + w.outcomes.map((c) => `${c.name}: ${c.settings}`).join('; ') + '.\n');
  }
  return out.join('\n');
}
