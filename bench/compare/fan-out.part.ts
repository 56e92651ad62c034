/**
 * Part 6 — long-poll fan-out: bench/fan-out.bench.ts (many long polls on 50 queues while messages
 * are fanned out at a fixed rate; a ListQueues probe meanwhile) as a child process, once per
 * round. The child is the server's process: it measures its own event-loop delay while worker
 * threads carry the load, and prints its figures as one JSON line (`--json`). The server runs
 * from dist/, as users run it: `build: true` first brings dist/ up to date with src/
 * (scripts/run-built.mjs), otherwise dist/ must exist.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FanOutFigures } from '../fan-out.bench';
import { int, markdownTable, ms } from './format.util';
import { median } from './stats.util';

const ROOT = join(__dirname, '..', '..');

export interface FanOutOptions {
  readonly rounds: number;
  /** Long polls open at once (spread over 50 queues). */
  readonly polls: number;
  /** Messages fanned out per round. */
  readonly messages: number;
  /** Send rate, msg/s (default 2,000). */
  readonly rate?: number;
  /** Bring dist/ up to date first (default: only check that it exists). */
  readonly build?: boolean;
  readonly log?: (line: string) => void;
}

export interface FanOutResult {
  readonly rounds: number;
  readonly polls: number;
  readonly queues: number;
  readonly messages: number;
  readonly rate: number;
  /** One entry per round (null: the round failed to run). */
  readonly runs: (FanOutFigures | null)[];
  readonly errors: string[];
}

/** Runs `node <args>` in the repository root; resolves with its stdout, rejects on a failure. */
function runNode(args: readonly string[], what: string): Promise<string> {
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${what} failed (exit ${code}): ${err.trim().slice(-500)}`)),
    );
  });
}

/** Makes sure dist/ holds the server (building it from src/ when asked). */
export async function ensureDist(build: boolean): Promise<void> {
  if (build) {
    await runNode(['scripts/run-built.mjs', 'dist/server/index.js'], 'npm run build');
  }
  if (!existsSync(join(ROOT, 'dist', 'server', 'index.js'))) {
    throw new Error('dist/ has no server: run `npm run build` first');
  }
}

/** Runs part 6. */
export async function runFanOut(o: FanOutOptions): Promise<FanOutResult> {
  const rate = o.rate ?? 2_000;
  await ensureDist(o.build ?? false);
  o.log?.(
    `  server from dist/${o.build ? ' (rebuilt first if src/ changed)' : ''}; ${o.polls} polls, ` +
      `${o.messages} messages at ${rate} msg/s`,
  );
  const runs: (FanOutFigures | null)[] = [];
  const errors: string[] = [];
  for (let round = 0; round < o.rounds; round++) {
    try {
      const out = await runNode(
        [
          '-r',
          'ts-node/register/transpile-only',
          'bench/fan-out.bench.ts',
          '--json',
          '--polls',
          String(o.polls),
          '--messages',
          String(o.messages),
          '--rate',
          String(rate),
        ],
        'bench/fan-out.bench.ts',
      );
      const line = out.trim().split('\n').pop() ?? '';
      const f = JSON.parse(line) as FanOutFigures;
      runs.push(f);
      o.log?.(
        `  round ${round + 1}: event-loop p99 ${ms(f.eventLoopMs.p99)} ms, ListQueues p99 ` +
          `${ms(f.listQueuesMs.p99)} ms, ${int(f.msgPerSecond)} msg/s; ` +
          (f.ok
            ? 'every message back, queues empty'
            : `✗ ${f.messages - f.distinct} missing, ${f.left} left`),
      );
    } catch (e) {
      runs.push(null);
      errors.push((e instanceof Error ? e.message : String(e)).slice(0, 300));
      o.log?.(`  round ${round + 1}: failed: ${errors.at(-1)}`);
    }
  }
  return {
    rounds: o.rounds,
    polls: o.polls,
    queues: runs.find((r) => r)?.queues ?? 50,
    messages: o.messages,
    rate,
    runs,
    errors,
  };
}

/** The runs whose every message came back and whose queues ended empty. */
export function verifiedFanOutRuns(r: FanOutResult): FanOutFigures[] {
  return r.runs.filter((x): x is FanOutFigures => x !== null && x.ok);
}

/** Markdown for part 6. */
export function fanOutMarkdown(r: FanOutResult): string {
  const rows = r.runs.map((f, i) =>
    f
      ? [
          String(i + 1),
          int(f.msgPerSecond),
          `${ms(f.eventLoopMs.p50)} / ${ms(f.eventLoopMs.p99)} / ${ms(f.eventLoopMs.max)}`,
          `${ms(f.listQueuesMs.p50)} / ${ms(f.listQueuesMs.p99)} / ${ms(f.listQueuesMs.max)}`,
          int(f.listQueuesMs.count),
          f.ok
            ? `✓ ${int(f.distinct)}/${int(f.messages)}, queues empty` +
              (f.duplicates > 0 ? `, ${int(f.duplicates)} received twice` : '')
            : `✗ ${int(f.messages - f.distinct)} missing, ${int(f.left)} left`,
        ]
      : [String(i + 1), `failed: ${r.errors[0] ?? ''}`, '', '', '', ''],
  );
  const ok = verifiedFanOutRuns(r);
  const med = (pick: (f: FanOutFigures) => number) => ms(median(ok.map(pick)));
  return [
    '### Long-poll fan-out\n',
    `${int(r.polls)} long polls (20 s, 10 messages each) open on ${r.queues} queues of one ` +
      `server (nestjs-sqs-kit's \`startSqsServer\` from dist/, on its process's main thread) ` +
      `while ${int(r.messages)} messages are sent at ${int(r.rate)} msg/s (SendMessageBatch) and ` +
      `each poll deletes what it receives (the clients in a worker thread); a ListQueues every ` +
      `20 ms from a process of its own. Both figures are taken while the load runs, from the ` +
      `first send (not while the polls connect): the server process's own event-loop delay ` +
      `(monitorEventLoopDelay) and the ListQueues answer times. Every message must come back and every queue end empty. ${r.rounds} round(s); ` +
      `median of the verified rounds: event-loop p99 ${med((f) => f.eventLoopMs.p99)} ms, ` +
      `ListQueues p99 ${med((f) => f.listQueuesMs.p99)} ms.\n`,
    markdownTable(
      [
        'round',
        'msg/s',
        'event-loop delay p50 / p99 / max ms',
        'ListQueues p50 / p99 / max ms',
        'ListQueues calls',
        'messages',
      ],
      ['right', 'right', 'right', 'right', 'right', 'left'],
      rows,
    ),
    '',
  ].join('\n');
}
