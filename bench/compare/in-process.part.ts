/**
 * Part 2 — the emulator in-process: bench/emulator's send→receive→delete cycle (batches of 10,
 * 1 KiB bodies) over queues holding different backlogs, and heap bytes per queued message. Runs in
 * a child process so a million-message heap neither inherits nor leaves garbage for other parts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { int, markdownTable, rate } from './format.util';
import type { PartOptions } from './part-options.interface';
import { spread } from './stats.util';

/** What the child measures. */
export interface InProcessRequest {
  readonly backlogs: readonly number[];
  /** Messages per measured round at each backlog. */
  readonly messages: number;
  readonly rounds: number;
  readonly warmup: number;
  /** Messages queued for the bytes-per-message figure. */
  readonly memoryMessages: number;
}

/** What the child prints. */
export interface InProcessResult {
  readonly node: string;
  /** msg/s of every round, per backlog. */
  readonly backlogs: readonly { readonly backlog: number; readonly rates: readonly number[] }[];
  readonly bytesPerMessage: number | null;
}

export interface InProcessOptions extends PartOptions {
  /** Backlogs to measure (default 1k, 100k, 1M). */
  readonly backlogs?: readonly number[];
  /** Messages queued for the memory figure (default `n`). */
  readonly memoryMessages?: number;
}

/** Result of part 2. */
export interface InProcessPartResult {
  readonly node: string;
  readonly messages: number;
  readonly rounds: number;
  readonly backlogs: readonly { readonly backlog: number; readonly rates: readonly number[] }[];
  readonly bytesPerMessage: number | null;
}

/** Runs part 2 in a child Node process (`--expose-gc`). `n` is messages per round. */
export async function runInProcess(o: InProcessOptions): Promise<InProcessPartResult> {
  const req = {
    backlogs: o.backlogs ?? [1_000, 100_000, 1_000_000],
    messages: o.n,
    rounds: o.rounds,
    warmup: Math.min(20_000, o.n),
    memoryMessages: o.memoryMessages ?? o.n,
  };
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'in-process.child.ts'),
      JSON.stringify(req),
    ],
    { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`in-process bench failed (exit ${code}): ${err.trim().slice(-500)}`);
  }
  const parsed = JSON.parse(line) as InProcessResult;
  for (const b of parsed.backlogs) {
    o.log?.(`  backlog ${int(b.backlog)}: ${b.rates.map(int).join(', ')} msg/s`);
  }
  return {
    node: parsed.node,
    messages: req.messages,
    rounds: req.rounds,
    backlogs: parsed.backlogs,
    bytesPerMessage: parsed.bytesPerMessage,
  };
}

/** Markdown for part 2. */
export function inProcessMarkdown(r: InProcessPartResult): string {
  const first = r.backlogs[0] ? spread(r.backlogs[0].rates).median : Number.NaN;
  const rows = r.backlogs.map((b) => {
    const s = spread(b.rates);
    return [int(b.backlog), rate(s), `${Math.round((s.median / first) * 100)}%`];
  });
  return [
    '### Emulator in-process\n',
    `\`SqsEmulator\` called directly on one core (Node ${r.node}): send a batch of 10 → receive 10 ` +
      `→ delete the batch, 1 KiB bodies, ${int(r.messages)} messages per round over a queue ` +
      `already holding the backlog; ${r.rounds} round(s), median (min–max).\n`,
    markdownTable(
      ['backlog in the queue', 'msg/s', 'vs smallest backlog'],
      ['right', 'right', 'right'],
      rows,
    ),
    '',
    r.bytesPerMessage === null
      ? 'Heap per queued 1 KiB message: not measured (no `--expose-gc`).'
      : `Heap per queued 1 KiB message: ${int(r.bytesPerMessage)} bytes (1,040 of them the body).`,
    '',
  ].join('\n');
}
