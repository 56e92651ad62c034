import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlingRecord } from '../../reliability/fixtures/consumer-app';

const ROOT = join(__dirname, '..', '..', '..');
const APP = join(ROOT, 'test', 'reliability', 'fixtures', 'consumer-app.ts');

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** When it ended (epoch ms). */
  readonly at: number;
}

/** The fixture consumer app as a child process. */
export class ConsumerProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<ProcessExit>;
  stderr = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', APP], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr?.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    this.ready = new Promise((resolve, reject) => {
      let out = '';
      this.child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('ready\n')) resolve();
      });
      void this.exited.then((exit) =>
        reject(
          new Error(`consumer app exited before ready (${JSON.stringify(exit)}): ${this.stderr}`),
        ),
      );
    });
    // An exit before ready is reported through `ready`; afterwards nobody needs to listen.
    this.ready.catch(() => undefined);
  }

  /** Sends a signal; resolves with the exit. */
  kill(signal: NodeJS.Signals): Promise<ProcessExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Every handling booked in `file` so far (a line cut by SIGKILL is skipped). */
export function readRecords(file: string): HandlingRecord[] {
  if (!existsSync(file)) return [];
  const out: HandlingRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as HandlingRecord);
    } catch {
      // A partial last line.
    }
  }
  return out;
}

/** Polls `condition` every `everyMs` until it holds; fails after `timeoutMs` saying `what`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
